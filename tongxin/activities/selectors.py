"""Reads over activities: scoped lists, program figures, and the outcome chain both ways.

Whether an outcome is done is read from the linked row itself (duck-typed, so this app imports none
of the apps it links to): a `converted_on` or `closed_on` date, an `issued_on` date (a measure exists
once issued), or a `status`/`state` among DONE.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet, Sum
from django.urls import NoReverseMatch, reverse

from tongxin.core import permissions

from .models import Activity, Outcome

DONE = frozenset({"completed", "closed", "done", "fulfilled", "producing", "agreed", "met"})


def program_ids(program) -> list[int]:
    return [program.pk, *program.children.values_list("pk", flat=True)]


def region_prefix(region) -> str:
    if isinstance(region, str):
        from tongxin.regions.models import Region

        found = Region.objects.filter(code=region).first()
        return found.prefix if found else region
    return region.prefix


def activities_of(program, *, period=None, region=None) -> QuerySet:
    """The program's (and sub-programs') activities; a period selects by the activity's date."""
    qs = Activity.objects.filter(program_id__in=program_ids(program))
    if region is not None:
        qs = qs.filter(permissions.prefix_q("region_id", region_prefix(region)))
    if period is not None:
        if period.start:
            qs = qs.filter(held_on__gte=period.start)
        if period.end:
            qs = qs.filter(held_on__lte=period.end)
    return qs


def activity_count(program, *, period=None, region=None) -> int:
    return activities_of(program, period=period, region=region).count()


def participant_total(program, *, period=None, region=None) -> int:
    """参加人次: "培训企业家1400余人次" is a sum of person-times, not of distinct people."""
    return activities_of(program, period=period, region=region).aggregate(n=Sum("person_times"))["n"] or 0


def activity_list(*, user) -> QuerySet:
    return permissions.scoped(
        user, permissions.VIEW, Activity.objects.select_related("program", "organizer", "region")
    )


@dataclass
class Linked:
    outcome: Outcome | None
    obj: object | None
    kind: str
    title: str
    url: str | None
    done: bool
    state: str


def _display(obj, attr: str, value: str) -> str:
    """The choice label of `attr`; a `status` that is a plain property (a proposal's) falls back to
    the label of the `stage` it is derived from, so nobody reads "adopted" for 采用."""
    for name in (attr, "stage"):
        getter = getattr(obj, f"get_{name}_display", None)
        if getter is not None:
            return str(getter())
    return value


def state_of(obj) -> tuple[bool, str]:
    if obj is None or getattr(obj, "deleted_at", None):
        return False, "已删除"
    if getattr(obj, "converted_on", None):
        return True, "已转化"
    if getattr(obj, "closed_on", None):
        return True, "已办结"
    if getattr(obj, "issued_on", None):
        # A measure (工作举措) is the end of its chain: once it exists, it has been issued.
        return True, "已出台"
    for attr in ("status", "state"):
        value = getattr(obj, attr, None)
        if isinstance(value, str) and value:
            return value in DONE, _display(obj, attr, value)
    if getattr(obj, "replied_on", None):
        return False, "已反馈"
    return False, "办理中"


# Detail pages by model label; others fall back to the record's history page, which every
# record type with a policy has.
DETAIL_URLS = {
    "proposals.Proposal": "proposals:detail",
    "proposals.Task": "proposals:task",
    "proposals.Measure": "proposals:measure",
    "projects.Project": "projects:detail",
    "investments.Investment": "investments:detail",
    "sites.Site": "sites:detail",
    "activities.Activity": "activities:detail",
}


def url_of(obj) -> str:
    name = DETAIL_URLS.get(obj._meta.label)
    if name:
        try:
            return reverse(name, args=[obj.pk])
        except NoReverseMatch:
            pass
    return reverse("history", args=[obj._meta.label, obj.pk])


def outcomes_of(activity: Activity, *, user) -> list[Linked]:
    """Each outcome with its current state; rows the user may not see show as hidden, not leaked."""
    links = list(activity.outcomes.select_related("content_type"))
    by_type: dict[int, list[Outcome]] = defaultdict(list)
    for link in links:
        by_type[link.content_type_id].append(link)
    found = {}
    for links_of_type in by_type.values():
        model = links_of_type[0].content_type.model_class()
        if model is None:
            continue
        ids = [link.object_id for link in links_of_type]
        qs = model._base_manager.filter(pk__in=ids)
        try:
            visible = set(permissions.scoped(user, permissions.VIEW, qs).values_list("pk", flat=True))
        except LookupError:
            visible = set()
        for obj in qs:
            found[(links_of_type[0].content_type_id, str(obj.pk))] = (obj, obj.pk in visible)
    out = []
    for link in links:
        obj, visible = found.get((link.content_type_id, link.object_id), (None, False))
        kind = (
            str(link.content_type.model_class()._meta.verbose_name)
            if link.content_type.model_class()
            else "?"
        )
        if obj is not None and not visible:
            out.append(Linked(link, None, kind, "(无权查看)", None, False, "—"))
            continue
        done, state = state_of(obj)
        out.append(
            Linked(
                link, obj, kind, str(obj) if obj else "(已删除)", url_of(obj) if obj else None, done, state
            )
        )
    return out


def activities_for(obj, *, user) -> QuerySet:
    """The activities that produced this record: from a project or task back to its consultation."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=True)
    ids = Outcome.objects.filter(content_type=content_type, object_id=str(obj.pk)).values("activity_id")
    return activity_list(user=user).filter(pk__in=ids)


def trace(obj, *, user, depth: int = 3) -> list[Activity]:
    """Back up the chain: activities that produced this record, or produced a record it came from
    (a task's proposal, a measure's proposals), up to `depth` hops, nearest first."""
    seen, out, frontier = set(), [], [obj]
    for _hop in range(depth):
        parents = []
        for item in frontier:
            for activity in activities_for(item, user=user):
                if activity.pk not in seen:
                    seen.add(activity.pk)
                    out.append(activity)
            parents += _sources(item)
        if not parents:
            break
        frontier = parents
    return out


def _sources(obj) -> list:
    """The records a record says it came from, read from conventional attributes (no imports)."""
    found = []
    for attr in ("proposal", "source", "need"):
        value = getattr(obj, attr, None)
        if value is not None and hasattr(value, "_meta"):
            found.append(value)
    for attr in ("proposals",):
        manager = getattr(obj, attr, None)
        if manager is not None and hasattr(manager, "all"):
            found += list(manager.all()[:50])
    return found
