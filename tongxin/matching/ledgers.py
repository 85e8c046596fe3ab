"""需求台账 and 资源台账: filters, totals, pivot, Excel export and all-or-nothing import."""

from django.db.models import Sum
from django.urls import reverse

from tongxin.core.ledger import (
    ChoiceFilter,
    Column,
    Dimension,
    ImportColumn,
    Importer,
    Ledger,
    PrefixFilter,
    TextFilter,
    Total,
    ValueFilter,
    model_labels,
)
from tongxin.core.ledger import cells as core_cells
from tongxin.domains.cells import domain
from tongxin.orgs.cells import organization, organization_prefix
from tongxin.pairings.cells import program
from tongxin.programs.ledgers import domain_codes, program_and_children
from tongxin.regions.cells import region, region_prefix

from . import services
from .models import Need, NeedKind, NeedStatus, Offer, OfferStatus


def regions_cell(value) -> list:
    import re

    text = "" if value is None else str(value)
    return [region(part) for part in re.split(r"[,,、;;\n]+", text) if part.strip()]


_domain_labels = model_labels("domains.Domain", "name_zh", key="code")


_program_labels = model_labels("programs.Program", "name")


def _finder(model):
    def find(row: dict):
        if not row.get("ref") or not row.get("program"):
            return None
        return model.objects.filter(program=row["program"], ref=row["ref"]).first()

    return find


def _save_need(*, actor, row: dict, existing):
    data = {k: v for k, v in row.items() if v not in (None, "", [])}
    if existing is None:
        return services.need_create(actor=actor, **data)
    data.pop("program", None)
    data.pop("status", None)
    return services.need_update(actor=actor, need=existing, data=data)


def _save_offer(*, actor, row: dict, existing):
    data = {k: v for k, v in row.items() if v not in (None, "", [])}
    if existing is None:
        return services.offer_create(actor=actor, **data)
    data.pop("program", None)
    return services.offer_update(actor=actor, offer=existing, data=data)


COMMON_COLUMNS = [
    ImportColumn("ref", "编号", core_cells.text, note="再次导入同一编号时更新该条"),
    ImportColumn("program", "项目群", core_cells.required(program), required=True, note="简称或全称"),
    ImportColumn("domain", "领域", core_cells.required(domain), required=True, note="领域名称或代码"),
    ImportColumn("title", "标题", core_cells.text),
    ImportColumn("text", "内容", core_cells.required(core_cells.text), required=True, aliases=("描述",)),
]

NEEDS = Ledger(
    key="needs",
    title="需求台账(所需)",
    model=Need,
    select_related=("program", "domain", "requester", "region"),
    ordering=("program__name", "-id"),
    detail_url=lambda n: reverse("matching:need", args=[n.pk]),
    columns=[
        Column("ref", "编号"),
        Column("program", "项目群", path="program__name"),
        Column("kind", "类型", kind="choice"),
        Column("domain", "领域", path="domain__name_zh"),
        Column("title", "标题"),
        Column("text", "内容", sortable=False),
        Column("requester", "提出单位", path="requester__name"),
        Column("region", "所在地区", path="region__name"),
        Column("amount", "金额(元)", kind="money", total="amount"),
        Column("quantity", "数量", kind="int"),
        Column("unit", "单位", sortable=False),
        Column("partners_wanted", "所需伙伴数", kind="int"),
        Column("status", "状态", kind="choice"),
        Column("evidence", "实现情况", sortable=False),
    ],
    filters=[
        TextFilter(("ref", "title", "text", "requester__name", "region__name")),
        ValueFilter("program", "项目群", "program_id", program_and_children),
        ChoiceFilter("kind", "类型", "kind", NeedKind),
        ChoiceFilter("status", "状态", "status", NeedStatus),
        ValueFilter("domain", "领域", "domain__code", domain_codes),
        PrefixFilter("region", "地区", "region_id", region_prefix),
        PrefixFilter("organization", "提出单位(含下级)", "requester__path", organization_prefix),
    ],
    totals=[Total("amount", "金额合计", Sum("amount"))],
    dimensions=[
        Dimension("domain", "领域", "domain__code", _domain_labels, filter_param="domain"),
        Dimension("status", "状态", "status", lambda keys: {k.value: k.label for k in NeedStatus}),
        Dimension("kind", "类型", "kind", lambda keys: {k.value: k.label for k in NeedKind}),
        Dimension("program", "项目群", "program_id", _program_labels, filter_param="program"),
    ],
    importer=Importer(
        key="ref",
        find=_finder(Need),
        save=_save_need,
        columns=[
            *COMMON_COLUMNS,
            ImportColumn("kind", "类型", core_cells.choice(NeedKind), note="需求、微心愿或企业诉求/难题"),
            ImportColumn("requester", "提出单位", organization, note="全称、简称或统一社会信用代码"),
            ImportColumn("region", "所在地区", region, aliases=("地区",), note="区划代码或无歧义的名称"),
            ImportColumn("amount", "金额", core_cells.money(), aliases=("金额(元)",), cache=False),
            ImportColumn("quantity", "数量", core_cells.integer),
            ImportColumn("unit", "单位", core_cells.text),
            ImportColumn("partners_wanted", "所需伙伴数", core_cells.integer, note="默认1"),
        ],
    ),
)

OFFERS = Ledger(
    key="offers",
    title="资源台账(所长)",
    model=Offer,
    select_related=("program", "domain", "organization", "region"),
    prefetch_related=("regions",),
    ordering=("program__name", "-id"),
    detail_url=lambda o: reverse("matching:offer", args=[o.pk]),
    columns=[
        Column("ref", "编号"),
        Column("program", "项目群", path="program__name"),
        Column("organization", "提供单位", path="organization__name"),
        Column("domain", "领域", path="domain__name_zh"),
        Column("title", "标题"),
        Column("text", "内容", sortable=False),
        Column("capacity", "可帮扶对象数", kind="int"),
        Column("region", "所在地区", path="region__name"),
        Column(
            "regions",
            "愿意帮扶的地区",
            get=lambda o: "、".join(r.name for r in o.regions.all()),
            sortable=False,
        ),
        Column("status", "状态", kind="choice"),
    ],
    filters=[
        TextFilter(("ref", "title", "text", "organization__name")),
        ValueFilter("program", "项目群", "program_id", program_and_children),
        ChoiceFilter("status", "状态", "status", OfferStatus),
        ValueFilter("domain", "领域", "domain__code", domain_codes),
        PrefixFilter("region", "所在地区", "region_id", region_prefix),
        PrefixFilter("organization", "提供单位(含下级)", "organization__path", organization_prefix),
    ],
    dimensions=[
        Dimension("domain", "领域", "domain__code", _domain_labels, filter_param="domain"),
        Dimension("status", "状态", "status", lambda keys: {k.value: k.label for k in OfferStatus}),
        Dimension("program", "项目群", "program_id", _program_labels, filter_param="program"),
    ],
    importer=Importer(
        key="ref",
        find=_finder(Offer),
        save=_save_offer,
        columns=[
            *COMMON_COLUMNS,
            ImportColumn(
                "organization",
                "提供单位",
                core_cells.required(organization),
                required=True,
                note="全称、简称或统一社会信用代码",
            ),
            ImportColumn("capacity", "可帮扶对象数", core_cells.integer, aliases=("容量",), note="默认1"),
            ImportColumn("region", "所在地区", region, note="默认为提供单位所在地区"),
            ImportColumn("regions", "愿意帮扶的地区", regions_cell, note="多个用顿号分隔;留空表示不限"),
            ImportColumn("status", "状态", core_cells.choice(OfferStatus)),
        ],
    ),
)
