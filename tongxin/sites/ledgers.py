"""阵地台账 and 阵地考核台账: sites and their yearly evaluations, with filters, totals, pivot and Excel."""

from __future__ import annotations

from django.db.models import Count, Q
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
    TextFilter,
    Total,
    ValueFilter,
    cells,
    choice_labels,
    model_labels,
)
from tongxin.orgs.cells import organization, organization_prefix
from tongxin.programs.ledgers import program_and_children
from tongxin.regions.cells import region, region_prefix

from . import services
from .models import Evaluation, Grade, Kind, Site, Status, Tier


def program_cell(value):
    from tongxin.programs.models import Program

    text = cells.text(value)
    if not text:
        return None
    found = list(Program.objects.filter(Q(name=text) | Q(short_name=text)))
    if len(found) != 1:
        raise ValueError(f"未找到项目群“{text}”" if not found else f"“{text}”对应多个项目群,请写全称")
    return found[0]


region_labels = model_labels("regions.Region", "name", key="code")


def series_values(raw: str) -> tuple[list[str], str]:
    from tongxin.core.text import normalize

    return [normalize(raw)], normalize(raw)


def _find(row: dict):
    return Site.objects.filter(code=row["code"]).first() if row.get("code") else None


def _save(*, actor, row: dict, existing):
    data = {k: v for k, v in row.items() if v not in (None, "")}
    status, status_on = data.pop("status", None), data.pop("status_on", None)
    if existing is None:
        site = services.site_create(actor=actor, **data)
    else:
        site = services.site_update(actor=actor, site=existing, data=data)
    if status and status != site.status:
        services.site_set_status(actor=actor, site=site, status=status, on=status_on)
    return site


SITE_FILTERS = [
    TextFilter(("name", "code", "series", "host__name")),
    ValueFilter("program", "项目群", "program_id", program_and_children),
    PrefixFilter("region", "地区(含下级)", "region_id", region_prefix),
    PrefixFilter("organization", "依托单位(含下级)", "host__path", organization_prefix),
    ChoiceFilter("kind", "类型", "kind", Kind),
    ChoiceFilter("tier", "级别", "tier", Tier),
    ChoiceFilter("status", "状态", "status", Status),
    ValueFilter("series", "系列", "series", series_values),
    DateRangeFilter("period", "挂牌日期(起..止)", "designated_on"),
]

SITES = Ledger(
    key="sites",
    title="阵地台账",
    model=Site,
    select_related=("region", "host", "program"),
    ordering=("-pk",),
    detail_url=lambda s: reverse("sites:detail", args=[s.pk]),
    columns=[
        Column("code", "编号"),
        Column("name", "名称"),
        Column("kind", "类型", kind="choice"),
        Column("series", "系列"),
        Column("tier", "级别", kind="choice"),
        Column("region_code", "区划代码", path="region_id"),
        Column("region", "所在地区", path="region__name"),
        Column("host", "依托单位", path="host__name"),
        Column("program", "项目群", path="program__name"),
        Column("designated_on", "挂牌日期", kind="date"),
        Column("status", "状态", kind="choice", total="active"),
        Column("status_on", "状态日期", kind="date"),
    ],
    filters=SITE_FILTERS,
    totals=[
        Total("active", "运行", Count("pk", filter=Q(status=Status.ACTIVE)), kind="int"),
        Total("suspended", "暂停", Count("pk", filter=Q(status=Status.SUSPENDED)), kind="int"),
        Total("withdrawn", "摘牌", Count("pk", filter=Q(status=Status.WITHDRAWN)), kind="int"),
    ],
    dimensions=[
        Dimension("region", "地区", "region_id", region_labels, filter_param="region"),
        Dimension("kind", "类型", "kind", choice_labels(Kind), filter_param="kind"),
        Dimension("tier", "级别", "tier", choice_labels(Tier), filter_param="tier"),
        Dimension("status", "状态", "status", choice_labels(Status), filter_param="status"),
        Dimension("series", "系列", "series", filter_param="series"),
    ],
    importer=Importer(
        key="code",
        find=_find,
        save=_save,
        columns=[
            ImportColumn("code", "编号", cells.text, note="再次导入时按编号更新"),
            ImportColumn("name", "名称", cells.required(cells.text), required=True),
            ImportColumn("kind", "类型", cells.required(cells.choice(Kind)), required=True),
            ImportColumn("series", "系列", cells.text, note="如 新阶层服务站"),
            ImportColumn("tier", "级别", cells.required(cells.choice(Tier)), required=True),
            ImportColumn("region", "区划代码", cells.required(region), required=True, aliases=("所在地区",)),
            ImportColumn(
                "host",
                "依托单位",
                cells.required(organization),
                required=True,
                note="全称、简称或统一社会信用代码",
            ),
            ImportColumn("program", "项目群", program_cell),
            ImportColumn("designated_on", "挂牌日期", cells.required(cells.date), required=True),
            ImportColumn("status", "状态", cells.choice(Status)),
            ImportColumn("status_on", "状态日期", cells.date),
            ImportColumn("address", "地址", cells.text),
            ImportColumn("note", "说明", cells.text, cache=False),
        ],
    ),
)


EVALUATIONS = Ledger(
    key="site_evaluations",
    title="阵地考核台账",
    model=Evaluation,
    select_related=("site", "site__region", "site__host", "template"),
    ordering=("-year", "site__name"),
    detail_url=lambda e: reverse("sites:detail", args=[e.site_id]),
    columns=[
        Column("site", "阵地", path="site__name"),
        Column("kind", "类型", path="site__kind", kind="choice"),
        Column("region", "所在地区", path="site__region__name"),
        Column("host", "依托单位", path="site__host__name"),
        Column("year", "年度", kind="int"),
        Column("template", "评分模板", path="template__name"),
        Column("total", "加权得分"),
        Column("maximum", "加权满分"),
        Column("percent", "得分率(%)"),
        Column("grade", "等次", kind="choice", total="excellent"),
        Column("evaluated_on", "评估日期", kind="date"),
        Column("evaluator", "评估单位/人"),
    ],
    filters=[
        TextFilter(("site__name", "site__code", "evaluator")),
        ValueFilter("program", "项目群", "site__program_id", program_and_children),
        PrefixFilter("region", "地区(含下级)", "site__region_id", region_prefix),
        PrefixFilter("organization", "依托单位(含下级)", "site__host__path", organization_prefix),
        ValueFilter("year", "年度", "year"),
        ChoiceFilter("grade", "等次", "grade", Grade),
        ChoiceFilter("kind", "类型", "site__kind", Kind),
    ],
    totals=[
        Total("excellent", "优秀", Count("pk", filter=Q(grade=Grade.EXCELLENT)), kind="int"),
        Total("failed", "不合格", Count("pk", filter=Q(grade=Grade.FAIL)), kind="int"),
    ],
    dimensions=[
        Dimension("year", "年度", "year", filter_param="year"),
        Dimension("grade", "等次", "grade", choice_labels(Grade), filter_param="grade"),
        Dimension("kind", "类型", "site__kind", choice_labels(Kind), filter_param="kind"),
    ],
)
