"""活动台账: activities with filters, participant totals, outcome counts, pivot and Excel."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Subquery, Sum
from django.db.models.functions import Coalesce
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
)
from tongxin.domains.cells import domain
from tongxin.orgs.cells import organization, organization_prefix
from tongxin.programs.ledgers import program_and_children
from tongxin.regions.cells import region, region_prefix
from tongxin.sites.ledgers import program_cell, region_labels

from . import services
from .models import Activity, Kind, Outcome

# Counted per row in a subquery: a join to the outcomes would multiply the participant sums.
OUTCOMES_PER_ROW = (
    Outcome.objects.filter(activity=OuterRef("pk"))
    .order_by()
    .values("activity")
    .annotate(n=Count("pk"))
    .values("n")
)


def _find(row: dict):
    return Activity.objects.filter(code=row["code"]).first() if row.get("code") else None


def _save(*, actor, row: dict, existing):
    data = {k: v for k, v in row.items() if v not in (None, "")}
    if existing is None:
        return services.activity_create(actor=actor, **data)
    return services.activity_update(actor=actor, activity=existing, data=data)


def _check_rows(rows):
    return [(n, "program", "必填") for n, row in rows if not row.get("program")]


def preload(activities: list) -> None:
    """Outcome counts of a page (or an export) in one grouped query."""
    counts = dict(
        Outcome.objects.filter(activity_id__in=[a.pk for a in activities])
        .values_list("activity_id")
        .annotate(n=Count("pk"))
    )
    for activity in activities:
        activity.outcome_count = counts.get(activity.pk, 0)


ACTIVITIES = Ledger(
    key="activities",
    title="活动台账",
    model=Activity,
    select_related=("program", "organizer", "region", "domain"),
    ordering=("-held_on", "-pk"),
    preload=preload,
    detail_url=lambda a: reverse("activities:detail", args=[a.pk]),
    columns=[
        Column("title", "名称"),
        Column("code", "编号"),
        Column("kind", "类型", kind="choice"),
        Column("held_on", "日期", kind="date"),
        Column("program", "项目群", path="program__name"),
        Column("organizer", "主办单位", path="organizer__name"),
        Column("region_code", "区划代码", path="region_id"),
        Column("region", "地点", path="region__name"),
        Column("venue", "场所"),
        Column("participants", "参加人数", kind="int", total="participants"),
        Column("person_times", "参加人次", kind="int", total="person_times"),
        Column(
            "outcomes",
            "成果数",
            kind="int",
            sortable=False,
            get=lambda a: getattr(a, "outcome_count", None),
            total="outcomes",
        ),
        Column("topics", "议题/主题", sortable=False),
    ],
    filters=[
        TextFilter(("title", "code", "topics", "venue", "outcome")),
        ValueFilter("program", "项目群", "program_id", program_and_children),
        PrefixFilter("region", "地区(含下级)", "region_id", region_prefix),
        PrefixFilter("organization", "主办单位(含下级)", "organizer__path", organization_prefix),
        ChoiceFilter("kind", "类型", "kind", Kind),
        DateRangeFilter("period", "日期(起..止)", "held_on"),
    ],
    totals=[
        Total("participants", "参加人数", Sum("participants"), kind="int"),
        Total("person_times", "参加人次", Sum("person_times"), kind="int"),
        Total(
            "outcomes",
            "成果数",
            Sum(Coalesce(Subquery(OUTCOMES_PER_ROW, output_field=IntegerField()), 0)),
            kind="int",
        ),
    ],
    dimensions=[
        Dimension("kind", "类型", "kind", choice_labels(Kind), filter_param="kind"),
        Dimension("region", "地区", "region_id", region_labels, filter_param="region"),
        Dimension("program", "项目群", "program_id", filter_param="program"),
    ],
    importer=Importer(
        key="code",
        find=_find,
        save=_save,
        check_rows=_check_rows,
        columns=[
            ImportColumn("code", "编号", cells.text, note="再次导入时按编号更新"),
            ImportColumn("title", "名称", cells.required(cells.text), required=True),
            ImportColumn("kind", "类型", cells.required(cells.choice(Kind)), required=True),
            ImportColumn("program", "项目群", cells.required(program_cell), required=True),
            ImportColumn(
                "organizer",
                "主办单位",
                cells.required(organization),
                required=True,
                note="全称、简称或统一社会信用代码",
            ),
            ImportColumn("held_on", "日期", cells.required(cells.date), required=True),
            ImportColumn("ends_on", "结束日期", cells.date),
            ImportColumn("region", "区划代码", region, aliases=("地点",)),
            ImportColumn("venue", "场所", cells.text),
            ImportColumn("domain", "领域", domain),
            ImportColumn("participants", "参加人数", cells.integer),
            ImportColumn("person_times", "参加人次", cells.integer),
            ImportColumn("topics", "议题/主题", cells.text, cache=False),
            ImportColumn("outcome", "成果记录", cells.text, cache=False),
        ],
    ),
)
