"""The matching figures of a program (需求、资源、对接成功), registered once in `core.figures`, and
the program page's 对接 panel."""

from __future__ import annotations

from django.db.models import Count, Q

from tongxin.core import figures as registry
from tongxin.core import permissions
from tongxin.pairings.selectors import program_ids

from .models import Match, MatchingRun, MatchStatus, Need, NeedStatus, Offer


def _in(model, program, region, region_path: str):
    qs = model.objects.filter(program_id__in=program_ids(program))
    if region is not None:
        prefix = region if isinstance(region, str) else region.prefix
        qs = qs.filter(permissions.prefix_q(region_path, prefix))
    return qs


def _period(qs, period, path: str):
    if period is not None and period.start:
        qs = qs.filter(**{f"{path}__date__gte": period.start})
    if period is not None and period.end:
        qs = qs.filter(**{f"{path}__date__lte": period.end})
    return qs


def needs(program, *, period=None, region=None):
    return _period(_in(Need, program, region, "region_id"), period, "created_at").count()


def needs_fulfilled(program, *, period=None, region=None):
    qs = _in(Need, program, region, "region_id").filter(status=NeedStatus.FULFILLED)
    if period is not None and period.start:
        qs = qs.filter(fulfilled_on__gte=period.start)
    if period is not None and period.end:
        qs = qs.filter(fulfilled_on__lte=period.end)
    return qs.count()


def offers(program, *, period=None, region=None):
    return _period(_in(Offer, program, region, "region_id"), period, "created_at").count()


def matches(program, *, period=None, region=None):
    qs = _in(Match, program, region, "need__region_id").filter(status=MatchStatus.ACCEPTED)
    return _period(qs, period, "decided_at").count()


def register_all() -> None:
    registry.register(
        "matching.needs", label="征集需求", unit="条", compute=needs, summary_name="needs", position=50
    )
    registry.register(
        "matching.needs_fulfilled",
        label="已实现需求",
        unit="条",
        compute=needs_fulfilled,
        summary_name="needs_fulfilled",
        position=51,
    )
    registry.register(
        "matching.offers", label="资源(所长)", unit="条", compute=offers, summary_name="offers", position=52
    )
    registry.register(
        "matching.matches",
        label="对接成功",
        unit="对",
        compute=matches,
        summary_name="matches_accepted",
        position=53,
    )


def program_panel(request, program):
    """Counts by status, the last run, and the way to the matching workspace."""
    user = request.user
    need_qs = permissions.scoped(user, permissions.VIEW, Need.objects.filter(program=program))
    offer_qs = permissions.scoped(user, permissions.VIEW, Offer.objects.filter(program=program))
    counts = need_qs.aggregate(
        total=Count("pk"),
        open=Count("pk", filter=Q(status=NeedStatus.OPEN)),
        matched=Count("pk", filter=Q(status=NeedStatus.MATCHED)),
        fulfilled=Count("pk", filter=Q(status=NeedStatus.FULFILLED)),
    )
    may_add = permissions.may_add(user, Need, program_id=program.pk) or permissions.may_add(
        user, Offer, program_id=program.pk
    )
    if not counts["total"] and not offer_qs.exists() and not may_add:
        return None
    return {
        "program": program,
        "needs": counts,
        "offers": offer_qs.count(),
        "last_run": MatchingRun.objects.filter(program=program).first(),
        "may_run": permissions.may_add(user, MatchingRun, program_id=program.pk),
    }
