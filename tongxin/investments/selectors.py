"""Reads over investment contracts: scoped lists, the fulfilment rate and the funnel for any selection.

履约率 = contracts now performing or later (履约, 开工, 投产) ÷ contracts signed, both counted over
the same selection and rounded once by `core.money.rate`, so 109/113 reads 96.46 everywhere.
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from tongxin.core import permissions
from tongxin.core.money import quantize, rate

from .models import PERFORMING_OR_LATER, Investment, State

SIGNED_Q = Q(signed_on__isnull=False)
PERFORMING_Q = SIGNED_Q & Q(state__in=PERFORMING_OR_LATER)


def investments_of(program, *, period=None, region=None) -> QuerySet:
    """The program's (and sub-programs') live contracts; a period selects by signing date."""
    from tongxin.projects.selectors import program_ids, region_prefix

    qs = Investment.objects.filter(program_id__in=program_ids(program))
    if region is not None:
        qs = qs.filter(permissions.prefix_q("region_id", region_prefix(region)))
    if period is not None:
        if period.start:
            qs = qs.filter(signed_on__gte=period.start)
        if period.end:
            qs = qs.filter(signed_on__lte=period.end)
    return qs


def investment_list(*, user) -> QuerySet:
    return permissions.scoped(user, permissions.VIEW, Investment.objects.all())


def fulfilment(qs: QuerySet) -> dict:
    out = qs.order_by().aggregate(
        signed=Count("pk", filter=SIGNED_Q),
        performing=Count("pk", filter=PERFORMING_Q),
        signed_amount=Sum("amount", filter=SIGNED_Q),
    )
    out["signed_amount"] = quantize(Decimal(out["signed_amount"] or 0))
    out["rate"] = rate(out["performing"], out["signed"])
    return out


def funnel(qs: QuerySet) -> list[tuple[str, str, int]]:
    """意向 → 签约 → 履约 → 投产: every contract began as an intention; signed ones have a signing
    date; performing and producing are read from the current state, as the fulfilment rate is."""
    out = qs.order_by().aggregate(
        intended=Count("pk"),
        signed=Count("pk", filter=SIGNED_Q),
        performing=Count("pk", filter=PERFORMING_Q),
        producing=Count("pk", filter=Q(state=State.PRODUCING)),
    )
    return [
        (key, str(State(key).label), out[key]) for key in ("intended", "signed", "performing", "producing")
    ]


def _figure(name: str):
    def compute(program, *, period=None, region=None):
        return fulfilment(investments_of(program, period=period, region=region))[name]

    return compute


signed = _figure("signed")
performing = _figure("performing")
signed_amount = _figure("signed_amount")
