"""Reads over pairings: the filtered list, its roll-up (4221 / 3702 / 4492 style) and coverage."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from tongxin.core import permissions
from tongxin.core.money import rate
from tongxin.core.text import normalize

from .models import Pairing, Status

# What "all targets of that kind in a region" means: region units by level, organizations by kind.
TARGET_KINDS: dict[str, tuple[str, str]] = {
    "village": ("region", _("行政村/社区(区划)")),
    "township": ("region", _("乡镇街道")),
    "county": ("region", _("县(市、区)")),
    "village_committee": ("org", _("村委会")),
    "community": ("org", _("社区(居委会)")),
    "school": ("org", _("学校")),
    "hospital": ("org", _("医院")),
}


def program_ids(program) -> list[int]:
    """A program and its sub-programs (临沂 五大行动 → its five campaigns)."""
    if program is None:
        return []
    return [program.pk, *program.children.values_list("pk", flat=True)]


def pairing_list(
    *,
    user,
    program=None,
    region: str = "",
    kind: str = "",
    status: str = "",
    organization=None,
    q: str = "",
) -> QuerySet[Pairing]:
    qs = permissions.scoped(user, permissions.VIEW, Pairing.objects.all())
    if program is not None:
        qs = qs.filter(program_id__in=program_ids(program))
    if region:
        qs = qs.filter(permissions.prefix_q("place_id", region))
    if kind:
        qs = qs.filter(kind=kind)
    if status:
        qs = qs.filter(status=status)
    if organization is not None:
        qs = qs.filter(
            Q(target_org=organization)
            | Q(pk__in=Pairing.helpers.through.objects.filter(organization=organization).values("pairing_id"))
        )
    if q:
        term = normalize(q)
        qs = qs.filter(
            Q(target_org__name__contains=term)
            | Q(target_region__name__contains=term)
            | Q(ref=term)
            | Q(
                pk__in=Pairing.helpers.through.objects.filter(organization__name__contains=term).values(
                    "pairing_id"
                )
            )
        )
    return qs.select_related("program", "target_org", "target_region", "place")


def projects_produced(pairings: QuerySet[Pairing]) -> int:
    """Live projects linked to these pairings (`projects.Project.pairing`), distinct; read through the
    projects app's selector, as no app counts another's rows."""
    from tongxin.projects.selectors import produced_by

    return produced_by(pairings.order_by().values("pk"))


@dataclass
class Rollup:
    pairings: int
    helpers: int
    targets: int
    projects: int
    by_status: dict = field(default_factory=dict)


def pairing_rollup(pairings: QuerySet[Pairing]) -> Rollup:
    """Distinct helpers, distinct targets, pairings and the projects they produced, for any filter."""
    ids = pairings.values("pk")
    helpers = (
        Pairing.helpers.through.objects.filter(pairing_id__in=ids)
        .values("organization_id")
        .distinct()
        .count()
    )
    base = Pairing.objects.filter(pk__in=ids)
    targets = (
        base.exclude(target_org=None).values("target_org_id").distinct().count()
        + base.exclude(target_region=None).values("target_region_id").distinct().count()
    )
    by_status = {s: 0 for s in Status.values}
    for row in base.order_by().values("status").annotate(n=_count()):
        by_status[row["status"]] = row["n"]
    return Rollup(
        pairings=sum(by_status.values()),
        helpers=helpers,
        targets=targets,
        projects=projects_produced(base),
        by_status=by_status,
    )


def _count():
    from django.db.models import Count

    return Count("pk")


@dataclass
class Coverage:
    target_kind: str
    label: str
    region: object
    covered: int
    total: int
    uncovered: list
    uncovered_count: int

    @property
    def rate(self) -> Decimal | None:
        return rate(self.covered, self.total)


def coverage_targets(target_kind: str, region) -> QuerySet:
    """Every target of the kind in the region subtree: the coverage denominator."""
    side, _label = TARGET_KINDS[target_kind]
    if side == "region":
        from tongxin.regions.models import Region

        return Region.objects.filter(permissions.prefix_q("code", region.prefix), level=target_kind)
    from tongxin.orgs.models import Organization

    return Organization.objects.filter(
        permissions.prefix_q("home_region_id", region.prefix), kind=target_kind
    )


def pairing_coverage(*, user, region, target_kind: str, program=None, limit: int = 100) -> Coverage:
    """Targets with an active pairing ÷ all targets of that kind in the region, and who is uncovered."""
    if target_kind not in TARGET_KINDS:
        raise LookupError(
            f"未知的结对对象类型“{target_kind}”,可选:{'、'.join(str(v[1]) for v in TARGET_KINDS.values())}"
        )
    side, label = TARGET_KINDS[target_kind]
    targets = coverage_targets(target_kind, region)
    active = pairing_list(user=user, program=program, region=region.prefix, status=Status.ACTIVE)
    column = "target_region_id" if side == "region" else "target_org_id"
    covered_ids = active.exclude(**{column: None}).values(column)
    covered = targets.filter(pk__in=covered_ids).count()
    uncovered = targets.exclude(pk__in=covered_ids)
    key = "code" if side == "region" else "name"
    return Coverage(
        target_kind=target_kind,
        label=str(label),
        region=region,
        covered=covered,
        total=targets.count(),
        uncovered=list(uncovered.order_by(key)[:limit]),
        uncovered_count=uncovered.count(),
    )
