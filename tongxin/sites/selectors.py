"""Reads over sites: scoped lists, the program figure, counts by kind and a site's evaluation history."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from tongxin.core import permissions

from .models import Evaluation, Site, Status

LIVE_Q = ~Q(status=Status.WITHDRAWN)


def program_ids(program) -> list[int]:
    """A program and its sub-programs (临沂 五大行动 → its five campaigns)."""
    return [program.pk, *program.children.values_list("pk", flat=True)]


def region_prefix(region) -> str:
    if region is None:
        return ""
    if isinstance(region, str):
        from tongxin.regions.models import Region

        found = Region.objects.filter(code=region).first()
        return found.prefix if found else region
    return region.prefix


def sites_of(program, *, period=None, region=None) -> QuerySet:
    """The program's sites not withdrawn; a period selects by designation (挂牌) date."""
    qs = Site.objects.filter(program_id__in=program_ids(program)).filter(LIVE_Q)
    if region is not None:
        qs = qs.filter(permissions.prefix_q("region_id", region_prefix(region)))
    if period is not None:
        if period.start:
            qs = qs.filter(designated_on__gte=period.start)
        if period.end:
            qs = qs.filter(designated_on__lte=period.end)
    return qs


def site_count(program, *, period=None, region=None) -> int:
    return sites_of(program, period=period, region=region).count()


def site_list(*, user) -> QuerySet:
    return permissions.scoped(
        user, permissions.VIEW, Site.objects.select_related("region", "host", "program")
    )


def by_series(qs: QuerySet) -> list[tuple[str, int]]:
    """(series, count), largest first, for the program panel: 新阶层服务站132处 and its siblings."""
    rows = qs.order_by().values_list("series").annotate(n=Count("pk")).order_by("-n", "series")
    return [(series or "—", n) for series, n in rows]


def evaluations_of(site: Site) -> QuerySet:
    return (
        Evaluation.objects.filter(site=site).select_related("template").prefetch_related("scores", "evidence")
    )
