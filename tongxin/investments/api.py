"""/api/investments: the ledger list with totals and 履约率, pivot, import jobs, fulfilment for any
filter, and one endpoint per write."""

import datetime as dt
from decimal import Decimal

from ninja import Query, Router, Schema, Status
from pydantic import Field

from tongxin.core import refs
from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.core.ledger import query
from tongxin.core.ledger.api import _filters_model, add_import, add_list, add_pivot
from tongxin.domains.selectors import domain_get
from tongxin.regions.selectors import region_resolve

from . import selectors, services
from .ledgers import INVESTMENTS
from .models import Investment, State

router = Router(tags=["investments"])


class StateChangeOut(Schema):
    from_state: str
    to_state: str
    on: dt.date
    note: str
    actor_label: str


class InvestmentOut(Schema):
    id: int
    code: str
    title: str
    investor: int = Field(alias="investor_id")
    investor_name: str = Field(alias="investor.name")
    region: str = Field(alias="region_id")
    program: int | None = Field(None, alias="program_id")
    event: str
    domain: str | None = None
    amount: Decimal
    state: str
    intended_on: dt.date | None
    signed_on: dt.date | None
    performing_on: dt.date | None
    started_on: dt.date | None
    producing_on: dt.date | None
    stalled_on: dt.date | None
    terminated_on: dt.date | None
    note: str
    is_demo: bool
    version: int

    @staticmethod
    def resolve_domain(obj):
        return obj.domain.code if obj.domain_id else None


class InvestmentDetail(InvestmentOut):
    history: list[StateChangeOut]

    @staticmethod
    def resolve_history(obj):
        return list(obj.state_changes.all())


class InvestmentIn(Schema):
    code: str = ""
    title: str = Field(min_length=1, max_length=200)
    investor: int
    region: str
    program: int | None = None
    event: str = ""
    domain: str | None = None
    amount: Decimal = Field(Decimal("0"), ge=0, max_digits=18, decimal_places=2)
    state: State = State.INTENDED
    on: dt.date | None = None
    signed_on: dt.date | None = None
    note: str = ""


class InvestmentPatch(Schema):
    code: str | None = None
    title: str | None = Field(None, min_length=1, max_length=200)
    investor: int | None = None
    region: str | None = None
    program: int | None = None
    event: str | None = None
    domain: str | None = None
    amount: Decimal | None = Field(None, ge=0, max_digits=18, decimal_places=2)
    note: str | None = None
    version: int | None = None


class TransitionIn(Schema):
    state: State
    on: dt.date | None = None
    note: str = ""
    version: int | None = None


class FulfilmentOut(Schema):
    signed: int
    performing: int
    signed_amount: Decimal
    rate: Decimal | None = Field(None, description="percent, 2 decimals; null when nothing is signed")


def _refs(request, data: dict) -> dict:
    user = actor(request)
    return resolve_refs(
        data,
        {
            "investor": refs.visible("orgs.Organization", user),
            "program": refs.visible("programs.Program", user),
            "region": region_resolve,
            "domain": domain_get,
        },
    )


INVESTMENTS.api_schema = InvestmentOut
add_list(router, INVESTMENTS, InvestmentOut)
add_pivot(router, INVESTMENTS)
add_import(router, INVESTMENTS)
Filters = _filters_model(INVESTMENTS)


@router.get("/fulfilment", response=FulfilmentOut)
def fulfilment(request, filters: Query[Filters]):  # type: ignore[valid-type]
    """履约率 for any filter of the ledger (program, region subtree, event, period …)."""
    selection = query.parse(INVESTMENTS, request.GET)
    return selectors.fulfilment(query.rows(selection, actor(request)))


@router.get("/{investment_id}", response=InvestmentDetail)
def get_investment(request, investment_id: int):
    return get_visible(request, Investment.objects.all(), pk=investment_id)


@router.post("", response={201: InvestmentDetail})
def create_investment(request, payload: InvestmentIn):
    return Status(201, services.investment_create(actor=actor(request), **_refs(request, payload.dict())))


@router.patch("/{investment_id}", response=InvestmentDetail)
def update_investment(request, investment_id: int, payload: InvestmentPatch):
    investment = get_visible(request, Investment.objects.all(), pk=investment_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.investment_update(
        actor=actor(request), investment=investment, data=_refs(request, data), expected_version=version
    )


@router.post("/{investment_id}/transition", response=InvestmentDetail)
def transition_investment(request, investment_id: int, payload: TransitionIn):
    investment = get_visible(request, Investment.objects.all(), pk=investment_id)
    return services.investment_transition(
        actor=actor(request),
        investment=investment,
        to=payload.state,
        on=payload.on,
        note=payload.note,
        expected_version=payload.version,
    )


@router.delete("/{investment_id}", response={204: None})
def delete_investment(request, investment_id: int):
    investment = get_visible(request, Investment.objects.all(), pk=investment_id)
    services.investment_delete(actor=actor(request), investment=investment)
    return Status(204, None)
