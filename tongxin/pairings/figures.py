"""The pairing figures of a program ("累计动员4221家企业与3702个行政村结对共建,达成合作项目4492个"),
registered once in `core.figures` and shown on the program page's panel."""

from __future__ import annotations

from django.db.models import Q
from django.db.models.functions import Coalesce

from tongxin.core import figures as registry
from tongxin.core import permissions

from .models import Pairing
from .selectors import pairing_list, pairing_rollup, program_ids


def _region_prefix(region) -> str:
    if region is None:
        return ""
    if isinstance(region, str):
        from tongxin.regions.models import Region

        found = Region.objects.filter(code=region).first()
        return found.prefix if found else region
    return region.prefix


def pairings_of(program, *, period=None, region=None):
    """The program's (and its sub-programs') live pairings, by signing (or start) date and place."""
    qs = Pairing.objects.filter(program_id__in=program_ids(program))
    if region is not None:
        qs = qs.filter(permissions.prefix_q("place_id", _region_prefix(region)))
    if period is not None and (period.start or period.end):
        qs = qs.annotate(_on=Coalesce("signed_on", "start_date"))
        if period.start:
            qs = qs.filter(_on__gte=period.start)
        if period.end:
            qs = qs.filter(Q(_on__lte=period.end))
    return qs


def _compute(attr: str):
    def compute(program, *, period=None, region=None):
        return getattr(pairing_rollup(pairings_of(program, period=period, region=region)), attr)

    return compute


def register_all() -> None:
    registry.register(
        "pairings.helpers",
        label="结对帮扶方",
        unit="家",
        compute=_compute("helpers"),
        summary_name="pairing_helpers",
        position=40,
    )
    registry.register(
        "pairings.targets",
        label="结对对象",
        unit="个",
        compute=_compute("targets"),
        summary_name="pairing_targets",
        position=41,
    )
    registry.register(
        "pairings.pairings",
        label="结对",
        unit="对",
        compute=_compute("pairings"),
        summary_name="pairings",
        position=42,
    )
    registry.register(
        "pairings.projects",
        label="结对达成合作项目",
        unit="个",
        compute=_compute("projects"),
        summary_name="pairing_projects",
        position=43,
    )


def program_panel(request, program):
    """The program page's 结对 section: its roll-up, links to the ledger and the coverage page."""
    pairings = pairing_list(user=request.user, program=program)
    rollup = pairing_rollup(pairings)
    may_add = permissions.may_add(request.user, Pairing, program_id=program.pk)
    if not rollup.pairings and not may_add:
        return None
    return {"program": program, "rollup": rollup, "may_add": may_add}
