"""建言献策台账 and 交办督办台账: filters, totals, export and an all-or-nothing import of proposals."""

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
    model_labels,
)
from tongxin.core.ledger import cells as core_cells
from tongxin.domains.cells import domains
from tongxin.orgs.cells import organization_prefix
from tongxin.pairings.cells import organizations, program
from tongxin.programs.ledgers import program_and_children
from tongxin.regions.cells import region, region_prefix

from . import services
from .models import Channel, Escalation, Kind, Proposal, StepKind, Task


def _names(objs) -> str:
    return "、".join(o.name for o in objs)


def _submitters_cell(value) -> list:
    found = organizations(value)
    if not found:
        raise ValueError("必填")
    return found


def _find(row: dict):
    if not row.get("ref") or not row.get("program"):
        return None
    return Proposal.objects.filter(program=row["program"], ref=row["ref"]).first()


def _save(*, actor, row: dict, existing):
    data = {k: v for k, v in row.items() if v not in (None, "", [])}
    if existing is None:
        return services.proposal_create(
            actor=actor, submitters=data.pop("submitters", []), domains=data.pop("domains", []), **data
        )
    data.pop("program", None)
    return services.proposal_update(actor=actor, proposal=existing, data=data)


_program_labels = model_labels("programs.Program", "name")


class ReachedFilter(ChoiceFilter):
    """进展: proposals that have reached a step (a live step of that kind), whatever came after, so
    "采用" keeps the proposals that went on to be instructed and its count equals ladder_counts'."""

    def q(self, value):
        return Q(steps__kind__in=value, steps__deleted_at__isnull=True)


class StepDateFilter(DateRangeFilter):
    """环节日期: a step dated in the period. Both step filters are `multi`, and core applies all
    multi filters in one `filter()` over the proposals, so together they constrain the same step:
    进展=采用 with 环节日期=2025 means "adopted in 2025", as the ladder counts a period."""

    def q(self, value):
        return super().q(value) & Q(steps__deleted_at__isnull=True)


def _has(kind):
    """Proposals holding the rung, by subquery: a join would inflate the row count beside it."""
    from .models import Step

    return Count("pk", filter=Q(pk__in=Step.objects.filter(kind=kind).values("proposal_id")))


PROPOSALS = Ledger(
    key="proposals",
    title="建言献策台账",
    model=Proposal,
    select_related=("program", "place"),
    prefetch_related=("submitters", "domains"),
    ordering=("-submitted_on", "-id"),
    detail_url=lambda p: reverse("proposals:detail", args=[p.pk]),
    columns=[
        Column("ref", "编号"),
        Column("title", "标题"),
        Column("kind", "类型", kind="choice"),
        Column("program", "项目群", path="program__name"),
        Column("submitters", "提交单位", get=lambda p: _names(p.submitters.all()), sortable=False),
        Column("channel", "报送渠道", kind="choice"),
        Column(
            "domains", "领域", get=lambda p: "、".join(d.name_zh for d in p.domains.all()), sortable=False
        ),
        Column("place", "涉及地区", path="place__name"),
        Column("submitted_on", "提交日期", kind="date"),
        Column("stage", "进展", kind="choice"),
    ],
    filters=[
        TextFilter(("title", "ref", "text")),
        ValueFilter("program", "项目群", "program_id", program_and_children),
        ChoiceFilter("kind", "类型", "kind", Kind),
        ChoiceFilter("channel", "报送渠道", "channel", Channel),
        ReachedFilter("stage", "进展(已到达)", "stage", StepKind, multi=True),
        StepDateFilter("reached", "环节日期(起..止)", "steps__on", multi=True),
        DateRangeFilter("submitted", "提交日期", "submitted_on"),
        PrefixFilter("region", "地区", "place_id", region_prefix),
        PrefixFilter("org", "提交单位(含下级)", "submitters__path", organization_prefix, multi=True),
    ],
    totals=[
        Total("adopted", "采用", _has(StepKind.ADOPTED), kind="int"),
        Total("instructed", "批示", _has(StepKind.INSTRUCTED), kind="int"),
        Total("converted", "转化", _has(StepKind.CONVERTED), kind="int"),
    ],
    dimensions=[
        Dimension("kind", "类型", "kind", lambda keys: {k.value: k.label for k in Kind}),
        Dimension("stage", "最高进展", "stage", lambda keys: {k.value: k.label for k in StepKind}),
        Dimension("channel", "报送渠道", "channel", lambda keys: {k.value: k.label for k in Channel}),
        Dimension("program", "项目群", "program_id", _program_labels, filter_param="program"),
    ],
    importer=Importer(
        key="ref",
        find=_find,
        save=_save,
        columns=[
            ImportColumn("ref", "编号", core_cells.text, note="再次导入同一编号时更新该建议"),
            ImportColumn("program", "项目群", core_cells.required(program), required=True, note="简称或全称"),
            ImportColumn("title", "标题", core_cells.required(core_cells.text), required=True),
            ImportColumn("kind", "类型", core_cells.required(core_cells.choice(Kind)), required=True),
            ImportColumn(
                "submitters",
                "提交单位",
                _submitters_cell,
                required=True,
                note="多个用顿号分隔;全称、简称或统一社会信用代码",
            ),
            ImportColumn("submitted_on", "提交日期", core_cells.required(core_cells.date), required=True),
            ImportColumn("channel", "报送渠道", core_cells.choice(Channel)),
            ImportColumn("domains", "领域", domains, note="多个用顿号分隔"),
            ImportColumn("place", "涉及地区", region, note="区划代码或无歧义的名称"),
            ImportColumn("text", "内容", core_cells.text),
        ],
    ),
)


TASKS = Ledger(
    key="proposal_tasks",
    title="交办督办台账",
    model=Task,
    select_related=("proposal", "lead", "proposal__program"),
    prefetch_related=("assisting",),
    ordering=("closed_on", "due", "id"),
    detail_url=lambda t: reverse("proposals:detail", args=[t.proposal_id]),
    columns=[
        Column("proposal", "建议", path="proposal__title"),
        Column("lead", "牵头单位", path="lead__name"),
        Column("assisting", "协办单位", get=lambda t: _names(t.assisting.all()), sortable=False),
        Column("assigned_on", "交办日期", kind="date"),
        Column("claim_due", "领办期限", kind="date"),
        Column("claimed_on", "领办日期", kind="date"),
        Column("due", "反馈期限", kind="date"),
        Column("replied_on", "反馈日期", kind="date"),
        Column("closed_on", "办结日期", kind="date"),
        Column("escalation", "督办等级", kind="choice"),
        Column("measure_taken", "办理措施", sortable=False),
    ],
    filters=[
        TextFilter(("proposal__title", "lead__name", "measure_taken")),
        ValueFilter("program", "项目群", "proposal__program_id", program_and_children),
        PrefixFilter("lead", "牵头单位(含下级)", "lead__path", organization_prefix),
        ChoiceFilter("escalation", "督办等级", "escalation", Escalation),
        DateRangeFilter("due", "反馈期限", "due"),
        PrefixFilter("region", "地区", "proposal__place_id", region_prefix),
    ],
    dimensions=[
        Dimension(
            "escalation", "督办等级", "escalation", lambda keys: {k.value: k.label for k in Escalation}
        ),
        Dimension(
            "lead",
            "牵头单位",
            "lead_id",
            lambda keys: dict(
                __import__("tongxin.orgs.models", fromlist=["Organization"])
                .Organization.objects.filter(pk__in=[k for k in keys if k])
                .values_list("pk", "name")
            ),
        ),
    ],
)
