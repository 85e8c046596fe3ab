"""结对台账: every pairing the user may see, with Excel export and all-or-nothing import."""

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
    ValueFilter,
    model_labels,
)
from tongxin.core.ledger import cells as core_cells
from tongxin.orgs.cells import organization, organization_prefix
from tongxin.programs.ledgers import program_and_children
from tongxin.regions.cells import region, region_prefix

from . import services
from .cells import organizations, program
from .models import Kind, Pairing, Status


def _helpers(p: Pairing) -> str:
    return "、".join(o.name for o in p.helpers.all())


def _helpers_cell(value) -> list:
    found = organizations(value)
    if not found:
        raise ValueError("必填")
    return found


def _find(row: dict):
    if not row.get("ref") or not row.get("program"):
        return None
    return Pairing.objects.filter(program=row["program"], ref=row["ref"]).first()


def _save(*, actor, row: dict, existing):
    data = {k: v for k, v in row.items() if v not in (None, "", [])}
    if existing is None:
        return services.pairing_create(actor=actor, helpers=data.pop("helpers", []), **data)
    status = data.pop("status", existing.status)
    data.pop("program", None)
    saved = services.pairing_update(actor=actor, pairing=existing, data=data)
    if status != saved.status:
        saved = services.pairing_transition(actor=actor, pairing=saved, status=status)
    return saved


_program_labels = model_labels("programs.Program", "name")


PAIRINGS = Ledger(
    key="pairings",
    title="结对台账",
    model=Pairing,
    select_related=("program", "target_org", "target_region", "place"),
    prefetch_related=("helpers",),
    ordering=("program__name", "-id"),
    detail_url=lambda p: reverse("pairings:detail", args=[p.pk]),
    columns=[
        Column("ref", "编号"),
        Column("program", "项目群", path="program__name"),
        Column("kind", "结对类型", kind="choice"),
        Column("helpers", "帮扶方", get=_helpers, sortable=False),
        Column("target", "结对对象", get=lambda p: str(p.target), sortable=False),
        Column("place", "所在地区", path="place__name"),
        Column("status", "状态", kind="choice"),
        Column("signed_on", "签约日期", kind="date"),
        Column("start_date", "开始日期", kind="date"),
        Column("end_date", "结束日期", kind="date"),
        Column("responsibilities", "帮扶责任", sortable=False),
    ],
    filters=[
        TextFilter(("ref", "target_org__name", "target_region__name", "responsibilities")),
        ValueFilter("program", "项目群", "program_id", program_and_children),
        ChoiceFilter("kind", "结对类型", "kind", Kind),
        ChoiceFilter("status", "状态", "status", Status),
        PrefixFilter("region", "地区", "place_id", region_prefix),
        PrefixFilter("helper", "帮扶方(含下级)", "helpers__path", organization_prefix, multi=True),
    ],
    dimensions=[
        Dimension("kind", "结对类型", "kind", lambda keys: {k.value: k.label for k in Kind}),
        Dimension("status", "状态", "status", lambda keys: {k.value: k.label for k in Status}),
        Dimension("program", "项目群", "program_id", _program_labels, filter_param="program"),
    ],
    importer=Importer(
        key="ref",
        find=_find,
        save=_save,
        columns=[
            ImportColumn("ref", "编号", core_cells.text, note="再次导入同一编号时更新该结对"),
            ImportColumn("program", "项目群", core_cells.required(program), required=True, note="简称或全称"),
            ImportColumn("kind", "结对类型", core_cells.required(core_cells.choice(Kind)), required=True),
            ImportColumn(
                "helpers",
                "帮扶方",
                _helpers_cell,
                required=True,
                aliases=("帮扶企业", "帮扶单位"),
                note="多个用顿号分隔;全称、简称或统一社会信用代码",
            ),
            ImportColumn("target_org", "结对对象(组织)", organization, aliases=("结对组织",)),
            ImportColumn(
                "target_region",
                "结对对象(地区)",
                region,
                aliases=("结对村", "结对地区"),
                note="区划代码或无歧义的名称",
            ),
            ImportColumn("status", "状态", core_cells.choice(Status)),
            ImportColumn("signed_on", "签约日期", core_cells.date),
            ImportColumn("start_date", "开始日期", core_cells.date),
            ImportColumn("end_date", "结束日期", core_cells.date),
            ImportColumn("responsibilities", "帮扶责任", core_cells.text),
        ],
    ),
)
