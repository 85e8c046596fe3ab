"""/api/projects: the ledger list (filters, totals, items/count), pivot, import jobs, and one endpoint
per write, each calling one service."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import Field

from tongxin.core import files, refs
from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.core.ledger.api import add_import, add_list, add_pivot
from tongxin.domains.selectors import domain_get
from tongxin.programs.selectors import program_region_resolve
from tongxin.regions.selectors import region_resolve

from . import services
from .ledgers import PROJECTS, loaded
from .models import Evidence, Kind, Outcome, Project, Role
from .models import Status as ProjectStatus

router = Router(tags=["projects"])


class ParticipantOut(Schema):
    organization: int
    organization_name: str
    role: str


class StatusChangeOut(Schema):
    from_status: str
    to_status: str
    on: dt.date
    note: str
    actor_label: str


class EvidenceOut(Schema):
    id: int
    title: str
    url: str

    @staticmethod
    def resolve_url(obj):
        return reverse("api:project_evidence_file", args=[obj.pk])


class OutcomeOut(Schema):
    id: int
    name: str
    unit: str
    baseline: Decimal | None
    target: Decimal | None
    actual: Decimal | None
    as_of: dt.date | None
    evidence: list[EvidenceOut]

    @staticmethod
    def resolve_evidence(obj):
        return list(obj.evidence.all())


class ProjectOut(Schema):
    id: int
    code: str
    title: str
    program: int = Field(alias="program_id")
    kind: str
    status: str
    status_on: dt.date | None
    region: str = Field(alias="region_id")
    region_name: str = Field(alias="region.name")
    places: list[str]
    domain: str = Field(alias="domain.code")
    domains: list[str]
    start_date: dt.date | None
    end_date: dt.date | None
    committed: Decimal
    disbursed: Decimal
    in_kind: Decimal
    beneficiaries: int | None
    beneficiary_times: int | None
    participants: list[ParticipantOut]
    reporting_org: int | None = Field(None, alias="reporting_org_id")
    pairing: int | None = Field(None, alias="pairing_id")
    description: str
    is_demo: bool
    version: int

    @staticmethod
    def resolve_places(obj):
        return loaded(obj)["places"]

    @staticmethod
    def resolve_domains(obj):
        return [code for code, _name in loaded(obj)["domains"]]

    @staticmethod
    def resolve_participants(obj):
        return [
            {"organization": org, "organization_name": name, "role": role}
            for org, name, role in loaded(obj)["parts"]
        ]


class ProjectDetail(ProjectOut):
    status_changes: list[StatusChangeOut]
    outcomes: list[OutcomeOut]

    @staticmethod
    def resolve_status_changes(obj):
        return list(obj.status_changes.all())

    @staticmethod
    def resolve_outcomes(obj):
        return list(Outcome.objects.filter(project=obj).prefetch_related("evidence"))


class ParticipantIn(Schema):
    organization: int
    role: Role


class ProjectIn(Schema):
    program: int
    code: str = ""
    title: str = Field(min_length=1, max_length=200)
    kind: Kind
    status: ProjectStatus = ProjectStatus.PLANNED
    status_on: dt.date | None = None
    region: str
    places: list[str] = []
    domain: str
    domains: list[str] = []
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    committed: Decimal = Field(Decimal("0"), ge=0, max_digits=16, decimal_places=2)
    disbursed: Decimal = Field(Decimal("0"), ge=0, max_digits=16, decimal_places=2)
    in_kind: Decimal = Field(Decimal("0"), ge=0, max_digits=16, decimal_places=2)
    beneficiaries: int | None = Field(None, ge=0)
    beneficiary_times: int | None = Field(None, ge=0)
    participants: list[ParticipantIn] = []
    reporting_org: int | None = Field(
        None, description="the organization that keeps the record; default: first implementer"
    )
    pairing: int | None = Field(None, description="the pairing (结对) that produced the project")
    description: str = ""


class ProjectPatch(Schema):
    code: str | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    kind: Kind | None = None
    region: str | None = None
    places: list[str] | None = None
    domain: str | None = None
    domains: list[str] | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    committed: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    disbursed: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    in_kind: Decimal | None = Field(None, ge=0, max_digits=16, decimal_places=2)
    beneficiaries: int | None = Field(None, ge=0)
    beneficiary_times: int | None = Field(None, ge=0)
    participants: list[ParticipantIn] | None = None
    reporting_org: int | None = None
    pairing: int | None = None
    description: str | None = None
    version: int | None = Field(
        None, description="the version you edited; a newer one on the server is a 409"
    )


class TransitionIn(Schema):
    status: ProjectStatus
    on: dt.date | None = None
    note: str = ""
    version: int | None = None


class OutcomeIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    unit: str = ""
    baseline: Decimal | None = None
    target: Decimal | None = None
    actual: Decimal | None = None
    as_of: dt.date | None = None


def _refs(request, data: dict, program=None) -> dict:
    user = actor(request)
    data = resolve_refs(data, {"program": refs.visible("programs.Program", user)})
    program = data.get("program", program)
    org = refs.visible("orgs.Organization", user)
    data = resolve_refs(
        data,
        {
            "region": lambda name: program_region_resolve(program, name),
            "places": lambda codes: [region_resolve(c) for c in codes],
            "domain": domain_get,
            "reporting_org": org,
            "pairing": refs.visible("pairings.Pairing", user),
            "domains": lambda codes: [domain_get(c) for c in codes],
            "participants": lambda items: [(org(p["organization"]), p["role"]) for p in items],
        },
    )
    return data


def _detail(project: Project) -> Project:
    return (
        Project.objects.select_related("region", "domain")
        .prefetch_related("status_changes")
        .get(pk=project.pk)
    )


PROJECTS.api_schema = ProjectOut  # /api/ledgers/projects answers with the same item shape
add_list(router, PROJECTS, ProjectOut)
add_pivot(router, PROJECTS)
add_import(router, PROJECTS)


@router.get("/{project_id}", response=ProjectDetail)
def get_project(request, project_id: int):
    return _detail(get_visible(request, Project.objects.all(), pk=project_id))


@router.post("", response={201: ProjectDetail})
def create_project(request, payload: ProjectIn):
    data = _refs(request, payload.dict())
    project = services.project_create(actor=actor(request), **data)
    return Status(201, _detail(project))


@router.patch("/{project_id}", response=ProjectDetail)
def update_project(request, project_id: int, payload: ProjectPatch):
    project = get_visible(request, Project.objects.all(), pk=project_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    data = _refs(request, data, program=project.program)
    services.project_update(actor=actor(request), project=project, data=data, expected_version=version)
    return _detail(project)


@router.post("/{project_id}/transition", response=ProjectDetail)
def transition_project(request, project_id: int, payload: TransitionIn):
    project = get_visible(request, Project.objects.all(), pk=project_id)
    services.project_transition(
        actor=actor(request),
        project=project,
        to=payload.status,
        on=payload.on,
        note=payload.note,
        expected_version=payload.version,
    )
    return _detail(project)


@router.delete("/{project_id}", response={204: None})
def delete_project(request, project_id: int):
    project = get_visible(request, Project.objects.all(), pk=project_id)
    services.project_delete(actor=actor(request), project=project)
    return Status(204, None)


@router.post("/{project_id}/outcomes", response={201: OutcomeOut})
def create_outcome(request, project_id: int, payload: OutcomeIn):
    project = get_visible(request, Project.objects.all(), pk=project_id)
    return Status(201, services.outcome_create(actor=actor(request), project=project, **payload.dict()))


@router.post("/outcomes/{outcome_id}/evidence", response={201: EvidenceOut})
def add_evidence(request, outcome_id: int, title: Form[str], file: File[UploadedFile]):
    """Multipart upload; the file is then served only through the permission check (`url`)."""
    outcome = get_visible(request, Outcome.objects.select_related("project"), pk=outcome_id)
    return Status(201, services.evidence_add(actor=actor(request), outcome=outcome, title=title, file=file))


@router.get("/evidence/{evidence_id}/file", url_name="project_evidence_file")
def evidence_file(request, evidence_id: int):
    return files.serve(actor(request), Evidence.objects.all(), pk=evidence_id)
