"""招商签约台账: investment contracts with filters, totals, the fulfilment rate, pivot and Excel."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.urls import reverse

from tongxin.core.ledger import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    Dimension,
    ImportColumn,
    Importer,
    Ledger,
    PrefixFilter,
    Rate,
    TextFilter,
    Total,
    ValueFilter,
    cells,
)
from tongxin.orgs.cells import organization, organization_prefix
from tongxin.programs.ledgers import program_and_children
from tongxin.projects.ledgers import (
    domain_cell,
    domain_ids,
    domain_labels,
    program_cell,
    region_code,
    region_labels,
    region_level,
)
from tongxin.regions.cells import region, region_prefix

from . import services
from .models import DATE_FIELD, Investment, State
from .selectors import PERFORMING_Q, SIGNED_Q


def _find(row: dict):
    return Investment.objects.filter(code=row["code"]).first() if row.get("code") else None


def _save(*, actor, row: dict, existing):
    data = {k: v for k, v in row.items() if v not in (None, "")}
    state = data.pop("state", None)
    if existing is None:
        return services.investment_create(actor=actor, state=state or State.INTENDED, **data)
    if state:
        data["state"] = state
    return services.investment_update(actor=actor, investment=existing, data=data)


def events(raw: str) -> tuple[list[str], str]:
    from tongxin.core.text import normalize

    return [normalize(raw)], normalize(raw)


INVESTMENTS = Ledger(
    key="investments",
    title="招商签约台账",
    model=Investment,
    select_related=("program", "region", "investor", "domain"),
    ordering=("-pk",),
    detail_url=lambda i: reverse("investments:detail", args=[i.pk]),
    columns=[
        Column("code", "编号"),
        Column("title", "项目名称"),
        Column("investor", "投资方", path="investor__name"),
        Column("region_code", "区划代码", path="region_id"),
        Column("region", "落地地区", path="region__name"),
        Column("program", "项目群", path="program__name"),
        Column("event", "签约活动"),
        Column("domain", "领域", path="domain__name_zh"),
        Column("amount", "投资额", kind="money", total="amount"),
        Column("state", "状态", kind="choice"),
        *[
            Column(name, str(Investment._meta.get_field(name).verbose_name), kind="date")
            for name in DATE_FIELD.values()
        ],
    ],
    filters=[
        TextFilter(("title", "code", "event")),
        ValueFilter("program", "项目群", "program_id", program_and_children),
        ValueFilter("event", "签约活动", "event", events),
        PrefixFilter("region", "地区(含下级)", "region_id", region_prefix),
        ValueFilter("domain", "领域", "domain_id", domain_ids),
        ChoiceFilter("state", "状态", "state", State),
        PrefixFilter("organization", "投资方(含下级)", "investor__path", organization_prefix),
        DateRangeFilter("period", "签约日期(起..止)", "signed_on"),
    ],
    totals=[
        Total("amount", "投资额", Sum("amount")),
        Total("signed", "签约", Count("pk", filter=SIGNED_Q), kind="int"),
        Total("performing", "履约", Count("pk", filter=PERFORMING_Q), kind="int"),
    ],
    rates=[Rate("fulfilment", "履约率", "performing", "signed")],
    dimensions=[
        Dimension(
            "region",
            "地区",
            "region_id",
            region_labels,
            filter_param="region",
            expression=region_level,
            drill=region_code,
        ),
        Dimension(
            "state",
            "状态",
            "state",
            lambda keys: {k.value: str(k.label) for k in State},
            filter_param="state",
        ),
        Dimension("domain", "领域", "domain_id", domain_labels, filter_param="domain"),
        Dimension("event", "签约活动", "event", filter_param="event"),
    ],
    importer=Importer(
        key="code",
        find=_find,
        save=_save,
        columns=[
            ImportColumn("code", "编号", cells.text, note="再次导入时按编号更新"),
            ImportColumn("title", "项目名称", cells.required(cells.text), required=True),
            ImportColumn(
                "investor",
                "投资方",
                cells.required(organization),
                required=True,
                note="全称、简称或统一社会信用代码",
            ),
            ImportColumn("region", "区划代码", cells.required(region), required=True, aliases=("落地地区",)),
            ImportColumn("program", "项目群", program_cell),
            ImportColumn("event", "签约活动", cells.text),
            ImportColumn("domain", "领域", domain_cell),
            ImportColumn(
                "amount", "投资额(元)", cells.money(), aliases=("投资额", "投资额(万元)", "投资额(亿元)")
            ),
            ImportColumn("state", "状态", cells.choice(State)),
            *[
                ImportColumn(name, str(Investment._meta.get_field(name).verbose_name), cells.date)
                for name in DATE_FIELD.values()
            ],
            ImportColumn("note", "说明", cells.text, cache=False),
        ],
    ),
)
