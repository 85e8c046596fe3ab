"""Reads over projects: permission-scoped lists, the program's figures and its chart data.

Every figure is a sum over the same `projects_of` selection, so 1383 / 4.67亿元 on the program page
are the ledger's totals row for that program, computed each time from the rows.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum
from django.db.models.functions import Substr

from tongxin.core import permissions
from tongxin.core.money import quantize

from .models import Project


def program_ids(program) -> list[int]:
    """A program and its sub-programs (临沂 五大行动 → its five campaigns)."""
    from tongxin.programs.models import Program

    return [program.pk, *Program.objects.filter(parent_id=program.pk).values_list("pk", flat=True)]


def region_prefix(region) -> str:
    if region is None:
        return ""
    if isinstance(region, str):
        from tongxin.regions.models import Region

        found = Region.objects.filter(code=region).first()
        return found.prefix if found else region
    return region.prefix


def projects_of(program, *, period=None, region=None) -> QuerySet:
    """The program's live projects, optionally within a region subtree and a start-date period."""
    qs = Project.objects.filter(program_id__in=program_ids(program))
    if region is not None:
        qs = qs.filter(permissions.prefix_q("region_id", region_prefix(region)))
    if period is not None:
        if period.start:
            qs = qs.filter(start_date__gte=period.start)
        if period.end:
            qs = qs.filter(start_date__lte=period.end)
    return qs


def produced_by(pairings: QuerySet) -> int:
    """Live projects produced by any of these pairings (结对 → 达成合作项目), each counted once."""
    return Project.objects.filter(pairing__in=pairings).order_by().values("pk").distinct().count()


def project_list(*, user, program=None) -> QuerySet:
    qs = permissions.scoped(user, permissions.VIEW, Project.objects.all())
    if program is not None:
        qs = qs.filter(program_id__in=program_ids(program))
    return qs


def project_get(*, user, pk: int) -> Project:
    return permissions.get_or_404(user, Project.objects.select_related("program", "region", "domain"), pk=pk)


def rollup(qs: QuerySet) -> dict:
    out = qs.order_by().aggregate(
        count=Count("pk"),
        committed=Sum("committed"),
        disbursed=Sum("disbursed"),
        in_kind=Sum("in_kind"),
    )
    return {k: v if k == "count" else quantize(Decimal(v or 0)) for k, v in out.items()}


def _figure(name: str):
    def compute(program, *, period=None, region=None):
        return rollup(projects_of(program, period=period, region=region))[name]

    return compute


count = _figure("count")
committed = _figure("committed")
disbursed = _figure("disbursed")
in_kind = _figure("in_kind")


def by_domain(qs: QuerySet) -> list[dict]:
    """Money per primary domain, largest first (the program page's bar chart)."""
    rows = (
        qs.order_by()
        .values("domain__code", "domain__name_zh")
        .annotate(
            n=Count("pk"), committed=Sum("committed"), disbursed=Sum("disbursed"), in_kind=Sum("in_kind")
        )
    )
    return sorted(rows, key=lambda r: -(r["committed"] or 0))


def by_region(qs: QuerySet, prefix: str) -> list[dict]:
    """Projects per region one level below `prefix` (province → prefectures → counties …)."""
    from tongxin.regions.models import Region

    width = {0: 2, 2: 4, 4: 6, 6: 9, 9: 12}.get(len(prefix), 12)
    rows = list(
        qs.filter(permissions.prefix_q("region_id", prefix) if prefix else Q())
        .order_by()
        .annotate(part=Substr("region_id", 1, width))
        .values("part")
        .annotate(n=Count("pk"), committed=Sum("committed"))
    )
    codes = {r["part"]: r["part"].ljust(6, "0") if width < 6 else r["part"] for r in rows}
    names = dict(Region.objects.filter(code__in=codes.values()).values_list("code", "name"))
    for r in rows:
        r["code"] = codes[r["part"]]
        r["name"] = names.get(r["code"], r["code"])
    return sorted(rows, key=lambda r: r["code"])
