import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from tongxin.core import figures, refs
from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.domains.selectors import domain_get
from tongxin.regions.selectors import region_resolve

from . import selectors, services
from .models import Assignment, Kind, Program

router = Router(tags=["programs"])
assignments = Router(tags=["assignments"])


class ProgramOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent: int | None = Field(None, alias="parent_id")
    start_date: dt.date | None
    end_date: dt.date | None
    description: str
    published: bool
    lead_organizations: list[int]
    partner_organizations: list[int]
    target_regions: list[str]
    version: int

    @staticmethod
    def resolve_lead_organizations(obj):
        return [o.pk for o in obj.lead_organizations.all()]

    @staticmethod
    def resolve_partner_organizations(obj):
        return [o.pk for o in obj.partner_organizations.all()]

    @staticmethod
    def resolve_target_regions(obj):
        return [r.pk for r in obj.target_regions.all()]


class ProgramPage(Schema):
    count: int
    items: list[ProgramOut]


class ProgramIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    short_name: str = ""
    kind: Kind
    parent: int | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    description: str = ""
    published: bool = False
    lead_organizations: list[int] = []
    partner_organizations: list[int] = []
    target_regions: list[str] = []


class ProgramPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    short_name: str | None = None
    kind: Kind | None = None
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    description: str | None = None
    published: bool | None = None
    lead_organizations: list[int] | None = None
    partner_organizations: list[int] | None = None
    target_regions: list[str] | None = None
    version: int | None = None


def _program_refs(request, data: dict) -> dict:
    user = actor(request)
    orgs = refs.visible_many("orgs.Organization", user)
    return resolve_refs(
        data,
        {
            "parent": refs.visible("programs.Program", user),
            "lead_organizations": orgs,
            "partner_organizations": orgs,
            "target_regions": lambda codes: [region_resolve(c) for c in codes],
        },
    )


@router.get("", response=ProgramPage)
def list_programs(
    request,
    q: str = "",
    kind: Kind | None = None,
    region: str = "",
    organization: int | None = None,
    limit: int = 50,
    offset: int = 0,
):
    qs = selectors.program_list(
        user=actor(request), q=q, kind=kind or "", region=region, organization=organization
    )
    limit = max(1, min(limit, 500))
    items = qs.prefetch_related("lead_organizations", "partner_organizations", "target_regions")
    return {"count": qs.count(), "items": list(items[offset : offset + limit])}


@router.get("/{program_id}", response=ProgramOut)
def get_program(request, program_id: int):
    return get_visible(request, Program.objects.all(), pk=program_id)


@router.post("", response={201: ProgramOut})
def create_program(request, payload: ProgramIn):
    return Status(
        201, services.program_create(actor=actor(request), **_program_refs(request, payload.dict()))
    )


@router.patch("/{program_id}", response=ProgramOut)
def update_program(request, program_id: int, payload: ProgramPatch):
    program = get_visible(request, Program.objects.all(), pk=program_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.program_update(
        actor=actor(request), program=program, data=_program_refs(request, data), expected_version=version
    )


@router.delete("/{program_id}", response={204: None})
def delete_program(request, program_id: int):
    program = get_visible(request, Program.objects.all(), pk=program_id)
    services.program_delete(actor=actor(request), program=program)
    return Status(204, None)


class AssignmentOut(Schema):
    id: int
    program: int = Field(alias="program_id")
    organization: int = Field(alias="organization_id")
    organization_name: str = Field(alias="organization.name")
    region: str = Field(alias="region_id")
    region_name: str = Field(alias="region.name")
    domain: str | None = None
    note: str
    version: int

    @staticmethod
    def resolve_domain(obj):
        return obj.domain.code if obj.domain_id else None


class AssignmentPage(Schema):
    count: int
    items: list[AssignmentOut]


class AssignmentIn(Schema):
    program: int
    organization: int
    region: str
    domain: str | None = None
    note: str = ""


class AssignmentPatch(Schema):
    organization: int | None = None
    region: str | None = None
    domain: str | None = None
    note: str | None = None
    version: int | None = None


def _assignment_refs(request, data: dict, program: Program | None = None) -> dict:
    data = resolve_refs(data, {"program": refs.visible("programs.Program", actor(request))})
    program = data.get("program", program)
    return resolve_refs(
        data,
        {
            "organization": refs.visible("orgs.Organization", actor(request)),
            "region": lambda name: selectors.program_region_resolve(program, name),
            "domain": domain_get,
        },
    )


@assignments.get("", response=AssignmentPage)
def list_assignments(
    request,
    program: int | None = None,
    organization: int | None = None,
    region: str = "",
    domain: str = "",
    q: str = "",
    limit: int = 50,
    offset: int = 0,
):
    qs = selectors.assignment_list(
        user=actor(request), program=program, organization=organization, region=region, domain=domain, q=q
    )
    limit = max(1, min(limit, 500))
    return {"count": qs.count(), "items": list(qs[offset : offset + limit])}


@assignments.get("/{assignment_id}", response=AssignmentOut)
def get_assignment(request, assignment_id: int):
    return get_visible(
        request, Assignment.objects.select_related("organization", "region", "domain"), pk=assignment_id
    )


@assignments.post("", response={201: AssignmentOut})
def create_assignment(request, payload: AssignmentIn):
    data = _assignment_refs(request, payload.dict())
    return Status(201, services.assignment_create(actor=actor(request), **data))


@assignments.patch("/{assignment_id}", response=AssignmentOut)
def update_assignment(request, assignment_id: int, payload: AssignmentPatch):
    assignment = get_visible(request, Assignment.objects.all(), pk=assignment_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.assignment_update(
        actor=actor(request),
        assignment=assignment,
        data=_assignment_refs(request, data),
        expected_version=version,
    )


@assignments.delete("/{assignment_id}", response={204: None})
def delete_assignment(request, assignment_id: int):
    assignment = get_visible(request, Assignment.objects.all(), pk=assignment_id)
    services.assignment_delete(actor=actor(request), assignment=assignment)
    return Status(204, None)


@router.get("/{program_id}/summary", response=dict)
def program_summary(request, program_id: int):
    """The program's computed figures, each from records: every app adds its own to the registry."""
    program = get_visible(request, Program.objects.all(), pk=program_id)
    return {"program": program.pk, "name": program.name, **figures.summary_json(program)}
