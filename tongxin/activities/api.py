"""/api/activities: the ledger list (filters, totals), an activity with its outcomes and their state,
outcome links, and /api/activities/trace?model=&id= from any record back to its activities."""

import datetime as dt

from ninja import Router, Schema, Status
from pydantic import Field

from tongxin.core import refs
from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.core.errors import NotFound
from tongxin.core.ledger.api import add_import, add_list, add_pivot
from tongxin.domains.selectors import domain_get
from tongxin.regions.selectors import region_resolve

from . import selectors, services
from .ledgers import ACTIVITIES
from .models import Activity, Kind, Outcome

router = Router(tags=["activities"])


class ActivityOut(Schema):
    id: int
    code: str
    title: str
    kind: str
    program: int = Field(alias="program_id")
    organizer: int = Field(alias="organizer_id")
    organizer_name: str = Field(alias="organizer.name")
    held_on: dt.date
    ends_on: dt.date | None
    region: str | None = Field(None, alias="region_id")
    venue: str
    participants: int
    person_times: int
    topics: str
    outcome: str
    is_demo: bool
    version: int


class OutcomeOut(Schema):
    id: int | None
    model: str
    object_id: str | None
    kind: str
    title: str
    url: str | None
    done: bool
    state: str


class ActivityDetail(ActivityOut):
    outcomes: list[OutcomeOut] = []
    co_organizers: list[int] = []


class ActivityIn(Schema):
    code: str = ""
    title: str = Field(..., min_length=1, max_length=200)
    kind: Kind
    program: int
    organizer: int
    co_organizers: list[int] = []
    held_on: dt.date
    ends_on: dt.date | None = None
    region: str | None = None
    venue: str = ""
    domain: str | None = None
    participants: int = Field(0, ge=0)
    person_times: int = Field(0, ge=0)
    topics: str = ""
    outcome: str = ""


class ActivityPatch(Schema):
    code: str | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    kind: Kind | None = None
    organizer: int | None = None
    held_on: dt.date | None = None
    ends_on: dt.date | None = None
    region: str | None = None
    venue: str | None = None
    participants: int | None = Field(None, ge=0)
    person_times: int | None = Field(None, ge=0)
    topics: str | None = None
    outcome: str | None = None
    version: int | None = None


class LinkIn(Schema):
    model: str = Field(..., description='model label, e.g. "proposals.Task", "projects.Project"')
    id: int
    note: str = ""


def _detail(request, activity: Activity) -> dict:
    user = actor(request)
    data = ActivityOut.from_orm(activity).model_dump(by_alias=True)  # re-validated as ActivityDetail
    data["co_organizers"] = list(activity.co_organizers.values_list("pk", flat=True))
    data["outcomes"] = [
        {
            "id": o.outcome.pk if o.outcome else None,
            "model": o.outcome.label if o.outcome else "",
            "object_id": o.outcome.object_id if o.outcome and o.obj is not None else None,
            "kind": o.kind,
            "title": o.title,
            "url": o.url,
            "done": o.done,
            "state": o.state,
        }
        for o in selectors.outcomes_of(activity, user=user)
    ]
    return data


def _refs(request, data: dict) -> dict:
    user = actor(request)
    return resolve_refs(
        data,
        {
            "program": refs.visible("programs.Program", user),
            "organizer": refs.visible("orgs.Organization", user),
            "co_organizers": refs.visible_many("orgs.Organization", user),
            "region": region_resolve,
            "domain": domain_get,
        },
    )


add_list(router, ACTIVITIES, ActivityOut)
add_pivot(router, ACTIVITIES)
add_import(router, ACTIVITIES)


@router.get("/trace", response=list[ActivityOut])
def trace(request, model: str, id: str):
    """The activities that produced a record, or a record it came from (a task's proposal …)."""
    target = services.target_get(actor=actor(request), label=model, pk=id)
    return selectors.trace(target, user=actor(request))


@router.get("/{activity_id}", response=ActivityDetail)
def get_activity(request, activity_id: int):
    return _detail(
        request, get_visible(request, Activity.objects.select_related("organizer"), pk=activity_id)
    )


@router.post("", response={201: ActivityDetail})
def create_activity(request, payload: ActivityIn):
    data = _refs(request, payload.dict())
    activity = services.activity_create(actor=actor(request), **data)
    return Status(201, _detail(request, activity))


@router.patch("/{activity_id}", response=ActivityDetail)
def update_activity(request, activity_id: int, payload: ActivityPatch):
    activity = get_visible(request, Activity.objects.all(), pk=activity_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    services.activity_update(
        actor=actor(request), activity=activity, data=_refs(request, data), expected_version=version
    )
    return _detail(request, activity)


@router.post("/{activity_id}/outcomes", response={201: ActivityDetail})
def link_outcome(request, activity_id: int, payload: LinkIn):
    activity = get_visible(request, Activity.objects.all(), pk=activity_id)
    target = services.target_get(actor=actor(request), label=payload.model, pk=payload.id)
    services.outcome_link(actor=actor(request), activity=activity, target=target, note=payload.note)
    return Status(201, _detail(request, activity))


@router.delete("/{activity_id}/outcomes/{outcome_id}", response={204: None})
def unlink_outcome(request, activity_id: int, outcome_id: int):
    activity = get_visible(request, Activity.objects.all(), pk=activity_id)
    outcome = Outcome.objects.filter(pk=outcome_id, activity=activity).first()
    if outcome is None:
        raise NotFound("记录不存在或无权查看。")
    services.outcome_unlink(actor=actor(request), outcome=outcome)
    return Status(204, None)


@router.delete("/{activity_id}", response={204: None})
def delete_activity(request, activity_id: int):
    activity = get_visible(request, Activity.objects.all(), pk=activity_id)
    services.activity_delete(actor=actor(request), activity=activity)
    return Status(204, None)
