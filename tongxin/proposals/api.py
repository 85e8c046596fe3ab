"""/api/proposals: the ledger list, one proposal with its ladder, create, steps, ladder counts,
the supervision board, claims and extensions."""

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from tongxin.core import figures, refs
from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.core.ledger.api import add_list
from tongxin.programs.models import Program
from tongxin.regions.selectors import region_resolve

from . import selectors, services, supervision
from .ledgers import PROPOSALS
from .models import Channel, Extension, Kind, Proposal, StepKind, Task

router = Router(tags=["proposals"])


class StepOut(Schema):
    id: int
    kind: str
    on: dt.date
    body: str
    level: str
    person: str
    text: str
    task: int | None = Field(None, alias="task_id")
    measure: int | None = Field(None, alias="measure_id")


class ProposalOut(Schema):
    id: int
    ref: str
    title: str
    kind: str
    channel: str
    program: int = Field(alias="program_id")
    submitters: list[dict]
    place: str | None = Field(None, alias="place_id")
    submitted_on: dt.date
    stage: str
    text: str
    version: int

    @staticmethod
    def resolve_submitters(obj):
        return [{"id": o.pk, "name": o.name} for o in obj.submitters.all()]


class ProposalDetail(ProposalOut):
    steps: list[StepOut]

    @staticmethod
    def resolve_steps(obj):
        return list(selectors.steps_of(obj))


class ProposalIn(Schema):
    program: int
    title: str
    kind: Kind
    channel: Channel = Channel.REGULAR
    submitters: list[int] = Field(min_length=1)
    authors: list[int] = []
    domains: list[str] = []
    place: str | None = None
    submitted_on: dt.date
    text: str = ""
    ref: str = ""


class StepIn(Schema):
    kind: StepKind
    on: dt.date
    body: str = ""
    level: str = ""
    person: str = ""
    text: str = ""
    lead: int | str | None = None
    assisting: list[int] = []
    due: dt.date | None = None
    claim_due: dt.date | None = None
    task: int | None = None
    title: str = ""
    version: int | None = None


class TaskOut(Schema):
    id: int
    proposal: int = Field(alias="proposal_id")
    lead: int = Field(alias="lead_id")
    assigned_on: dt.date
    claim_due: dt.date
    due: dt.date
    claimed_on: dt.date | None
    replied_on: dt.date | None
    closed_on: dt.date | None
    escalation: str


class OverdueOut(Schema):
    task: TaskOut
    proposal_title: str
    lead_name: str
    deadline: str
    due: dt.date
    days: int
    level: str


class ExtensionIn(Schema):
    new_due: dt.date
    reason: str


class DecisionIn(Schema):
    approve: bool
    note: str = ""


class ExtensionOut(Schema):
    id: int
    task: int = Field(alias="task_id")
    old_due: dt.date
    new_due: dt.date
    status: str
    reason: str


add_list(router, PROPOSALS, ProposalOut)


@router.get(
    "/ladder", response=dict[str, int], summary="各环节数量(采用、批示、转化…),可按项目群、组织、地区、时段"
)
def ladder(
    request,
    program: int | None = None,
    org: int | None = None,
    region: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
):
    user = actor(request)
    prog = get_visible(request, Program.objects.all(), pk=program) if program else None
    org_path = refs.visible("orgs.Organization", user)(org).path if org else ""
    place = region_resolve(region) if region else None
    qs = selectors.proposal_list(user=user, program=prog, org_path=org_path, region=place)
    period = figures.Period(start, end) if (start or end) else None
    return selectors.ladder_counts(qs, period=period)


@router.get("/overdue", response=list[OverdueOut], summary="督办:逾期事项,按逾期工作日从多到少")
def overdue(request, program: int | None = None, mine: bool = False):
    user = actor(request)
    if mine:
        rows = supervision.my_overdue(user=user)
    else:
        prog = get_visible(request, Program.objects.all(), pk=program) if program else None
        rows = supervision.overdue_list(user=user, program_ids=selectors.program_ids(prog) if prog else None)
    return [
        {
            "task": r.task,
            "proposal_title": r.task.proposal.title,
            "lead_name": r.task.lead.name,
            "deadline": r.deadline,
            "due": r.due,
            "days": r.days,
            "level": r.level,
        }
        for r in rows
    ]


@router.get("/{proposal_id}", response=ProposalDetail)
def get_proposal(request, proposal_id: int):
    return get_visible(request, Proposal.objects.all(), pk=proposal_id)


@router.post("", response={201: ProposalDetail})
def create_proposal(request, payload: ProposalIn):
    user = actor(request)
    from tongxin.domains.selectors import domain_get

    data = resolve_refs(
        payload.dict(),
        {
            "program": refs.visible("programs.Program", user),
            "submitters": refs.visible_many("orgs.Organization", user),
            "domains": lambda codes: [domain_get(c) for c in codes],
            "place": region_resolve,
        },
    )
    # Authors are contacts of the submitters just resolved: an unknown id is a 422 naming the field.
    data = resolve_refs(data, {"authors": lambda ids: selectors.author_resolve(data["submitters"], ids)})
    return Status(
        201, services.proposal_create(actor=user, **{k: v for k, v in data.items() if v is not None})
    )


@router.post(
    "/{proposal_id}/steps",
    response={201: ProposalDetail},
    summary="登记环节:报送、采用、批示、交办、反馈、办结、转化",
)
def add_step(request, proposal_id: int, payload: StepIn):
    user = actor(request)
    proposal = get_visible(request, Proposal.objects.all(), pk=proposal_id)
    data = payload.dict(exclude_unset=True)
    kind = data.pop("kind")
    if "version" in data:
        data["expected_version"] = data.pop("version")
    if "assisting" in data:
        data["assisting"] = resolve_refs(data, {"assisting": refs.visible_many("orgs.Organization", user)})[
            "assisting"
        ]
    if kind == StepKind.CONVERTED:
        data["issuing_body"] = data.pop("body", "")
        data.pop("person", None)
    if kind == StepKind.CLOSED:
        data["measure_taken"] = data.pop("text", "")
    services.proposal_step_record(actor=user, proposal=proposal, kind=kind, data=data)
    return Status(201, Proposal.objects.get(pk=proposal.pk))


@router.post("/tasks/{task_id}/claim", response=TaskOut, summary="领办")
def claim(request, task_id: int):
    task = get_visible(request, Task.objects.all(), pk=task_id)
    return supervision.task_claim(actor=actor(request), task=task)


@router.post("/tasks/{task_id}/extensions", response={201: ExtensionOut}, summary="申请延期")
def request_extension(request, task_id: int, payload: ExtensionIn):
    task = get_visible(request, Task.objects.all(), pk=task_id)
    return Status(201, supervision.extension_request(actor=actor(request), task=task, **payload.dict()))


@router.post("/extensions/{extension_id}/decision", response=ExtensionOut, summary="审批延期(工作专班)")
def decide_extension(request, extension_id: int, payload: DecisionIn):
    extension = get_visible(request, Extension.objects.all(), pk=extension_id)
    return supervision.extension_decide(actor=actor(request), extension=extension, **payload.dict())
