"""项目台账: the projects table with its filters, totals row, region × domain pivot, export and import."""

from __future__ import annotations

import re

from django.db.models import Count, Q, Sum
from django.db.models.functions import Substr
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
    model_labels,
)
from tongxin.orgs.cells import organization, organization_prefix
from tongxin.programs.ledgers import program_and_children
from tongxin.regions.cells import region, region_prefix

from .models import Kind, Project, Role, Status

LEVEL_WIDTH = {0: 2, 2: 4, 4: 6, 6: 9, 9: 12, 12: 12}


def domain_ids(raw: str) -> tuple[list[int], str]:
    """A domain by code, name or id (a pivot drill-down passes the id)."""
    from tongxin.domains.models import Domain
    from tongxin.domains.selectors import domain_get

    if raw.isdigit():
        found = Domain.objects.filter(pk=int(raw)).first()
        if found is None:
            raise ValueError(f"未知领域“{raw}”")
    else:
        try:
            found = domain_get(raw)
        except LookupError as exc:
            raise ValueError(str(exc)) from None
    return [found.pk], found.name_zh


def pairing_ids(raw: str) -> tuple[list[int], str]:
    """The pairing's id, as its page and the column show it."""
    if not raw.strip().isdigit():
        raise ValueError(f"结对应填写其ID(数字),收到“{raw}”")
    return [int(raw)], f"结对 #{int(raw)}"


class AnyDomainFilter(ValueFilter):
    """Primary or further domains: a subquery, so a project is still counted once."""

    def q(self, value):
        return Q(domain_id__in=value[0]) | Q(domains__in=value[0])


def region_level(selection):
    """Group one level below the region filter: nationwide → provinces, a province → prefectures …"""
    prefix = selection.values.get("region", ("", ""))[0]
    return Substr("region_id", 1, LEVEL_WIDTH.get(len(prefix), 12))


def region_code(part: str) -> str:
    return part.ljust(6, "0") if part and len(part) < 6 else part


def region_labels(parts) -> dict:
    from tongxin.regions.models import Region

    codes = {p: region_code(p) for p in parts if p}
    names = dict(Region.objects.filter(code__in=codes.values()).values_list("code", "name"))
    return {p: names.get(code, code) for p, code in codes.items()}


domain_labels = model_labels("domains.Domain", "name_zh")
program_labels = model_labels("programs.Program", "name")


def preload(projects: list) -> None:
    """Further places, further domains and participants of a batch of rows in three flat queries
    (an export of 100,000 rows would spend most of its time in prefetch_related)."""
    from collections import defaultdict

    from .models import Participation

    ids = [p.pk for p in projects]
    places, domains, parts = defaultdict(list), defaultdict(list), defaultdict(list)
    for pid, code in Project.places.through.objects.filter(project_id__in=ids).values_list(
        "project_id", "region_id"
    ):
        places[pid].append(code)
    for pid, code, name in Project.domains.through.objects.filter(project_id__in=ids).values_list(
        "project_id", "domain__code", "domain__name_zh"
    ):
        domains[pid].append((code, name))
    for row in Participation.objects.filter(project_id__in=ids).values_list(
        "project_id", "organization_id", "organization__name", "role"
    ):
        parts[row[0]].append(row[1:])
    for p in projects:
        p.preloaded = {"places": sorted(places[p.pk]), "domains": domains[p.pk], "parts": parts[p.pk]}


def loaded(project: Project) -> dict:
    """The preloaded extras of a row, or the same read from the database for a single project."""
    if not hasattr(project, "preloaded"):
        preload([project])
    return project.preloaded


def _names(project: Project, role: str) -> str:
    return "、".join(name for _id, name, r in loaded(project)["parts"] if r == role)


class RegionCell:
    """A region by code or unambiguous name. Per import (`fresh`), codes are answered from one
    preloaded table of every region, so 100,000 rows over 3,000 counties are not 3,000 lookups."""

    def __init__(self, preload: bool = False):
        self.preload, self.table = preload, None

    def fresh(self) -> RegionCell:
        return RegionCell(preload=True)

    def __call__(self, value):
        text = (
            str(int(value)) if isinstance(value, float) and value.is_integer() else str(value or "").strip()
        )
        if self.preload and text.isdigit():
            from tongxin.regions.models import Region

            if self.table is None:
                self.table = {
                    row[0]: row for row in Region.objects.values_list("code", "name", "level", "parent_id")
                }
            row = self.table.get(text)
            if row is not None:
                found = Region(code=row[0], name=row[1], level=row[2], parent_id=row[3])
                found._state.adding, found._state.db = False, "default"
                return found  # the import memoizes it per distinct code
        return region(value)


region_cell = RegionCell()


def organizations(value) -> list:
    text = cells.text(value)
    return [organization(part) for part in re.split(r"[,,、;;\n]+", text) if part.strip()]


def regions(value) -> list:
    text = cells.text(value)
    return [region(part) for part in re.split(r"[,,、;;\s]+", text) if part.strip()]


def program_cell(value):
    from tongxin.programs.models import Program

    text = cells.text(value)
    if not text:
        return None
    found = list(
        Program.objects.filter(
            Q(name=text) | Q(short_name=text) | Q(pk=int(text) if text.isdigit() else None)
        )
    )
    if len(found) != 1:
        raise ValueError(f"未找到项目群“{text}”" if not found else f"“{text}”对应多个项目群,请写全称")
    return found[0]


def domain_cell(value):
    from tongxin.domains.cells import domain

    return domain(cells.text(value) or None)


def domains_cell(value):
    from tongxin.domains.cells import domains

    return domains(cells.text(value))


def money_column(key: str, label: str) -> ImportColumn:
    return ImportColumn(
        key,
        f"{label}(元)",
        cells.money(),
        aliases=(label, f"{label}(万元)", f"{label}(亿元)"),
        note="金额不能为负;表头写“万元”时按万元读取",
        cache=False,
    )


def _importer() -> Importer:
    from .importing import check_rows, find, save, save_many

    return Importer(
        key="code",
        find=find,
        save=save,
        save_many=save_many,
        check_rows=check_rows,
        columns=[
            ImportColumn(
                "code", "编号", cells.text, aliases=("项目编号",), note="再次导入时按编号更新", cache=False
            ),
            ImportColumn(
                "title", "项目名称", cells.required(cells.text), required=True, aliases=("名称",), cache=False
            ),
            ImportColumn("program", "项目群", cells.required(program_cell), required=True),
            ImportColumn(
                "kind", "类型", cells.required(cells.choice(Kind)), required=True, aliases=("项目类型",)
            ),
            ImportColumn("status", "状态", cells.choice(Status), aliases=("项目状态",)),
            ImportColumn(
                "region", "区划代码", region_cell, aliases=("地点代码",), note="区划代码;与“地点”填一个即可"
            ),
            ImportColumn(
                "region_name", "地点", cells.text, aliases=("实施地点", "所在地"), note="无歧义的地名"
            ),
            ImportColumn("domain", "领域", cells.required(domain_cell), required=True, aliases=("主领域",)),
            ImportColumn("places", "其他地点", regions, note="区划代码,多个用顿号分隔"),
            ImportColumn("domains", "其他领域", domains_cell, note="多个用顿号分隔"),
            ImportColumn("start_date", "开始日期", cells.date),
            ImportColumn("end_date", "完成日期", cells.date, note="已完成的项目不能晚于今天"),
            ImportColumn("status_on", "状态日期", cells.date),
            money_column("committed", "计划投入"),
            money_column("disbursed", "资金到位"),
            money_column("in_kind", "物资折价"),
            ImportColumn("beneficiaries", "受益人数", cells.integer),
            ImportColumn("beneficiary_times", "受益人次", cells.integer),
            ImportColumn("funders", "出资单位", organizations, note="全称、简称或统一社会信用代码,顿号分隔"),
            ImportColumn("implementers", "实施单位", organizations, aliases=("帮扶单位",)),
            ImportColumn("beneficiary_orgs", "受益单位", organizations),
            ImportColumn(
                "reporting_org",
                "登记单位",
                organization,
                note="负责维护本条记录的单位;不填时取第一个实施单位",
            ),
            ImportColumn("description", "说明", cells.text, cache=False),
        ],
    )


PROJECTS = Ledger(
    key="projects",
    title="项目台账",
    model=Project,
    select_related=("program", "region", "domain", "reporting_org"),
    preload=preload,
    ordering=("-pk",),
    detail_url=lambda p: reverse("projects:detail", args=[p.pk]),
    columns=[
        Column("code", "编号"),
        Column("title", "项目名称"),
        Column("program", "项目群", path="program__name"),
        Column("kind", "类型", kind="choice"),
        Column("status", "状态", kind="choice"),
        Column("region_code", "区划代码", path="region_id"),
        Column("region", "地点", path="region__name"),
        Column("domain", "领域", path="domain__name_zh"),
        Column("places", "其他地点", get=lambda p: "、".join(loaded(p)["places"]), sortable=False),
        Column(
            "domains",
            "其他领域",
            get=lambda p: "、".join(n for _c, n in loaded(p)["domains"]),
            sortable=False,
        ),
        Column("start_date", "开始日期", kind="date"),
        Column("end_date", "完成日期", kind="date"),
        Column("status_on", "状态日期", kind="date"),
        Column("committed", "计划投入", kind="money", total="committed"),
        Column("disbursed", "资金到位", kind="money", total="disbursed"),
        Column("in_kind", "物资折价", kind="money", total="in_kind"),
        Column("beneficiaries", "受益人数", kind="int", total="beneficiaries"),
        Column("beneficiary_times", "受益人次", kind="int", total="beneficiary_times"),
        Column("funders", "出资单位", get=lambda p: _names(p, Role.FUNDING), sortable=False),
        Column("implementers", "实施单位", get=lambda p: _names(p, Role.IMPLEMENTING), sortable=False),
        Column("beneficiary_orgs", "受益单位", get=lambda p: _names(p, Role.BENEFICIARY), sortable=False),
        Column("reporting_org", "登记单位", path="reporting_org__name"),
        Column("pairing", "来自结对", path="pairing_id", kind="int"),
    ],
    filters=[
        TextFilter(("title", "code")),
        ValueFilter("program", "项目群", "program_id", program_and_children),
        PrefixFilter("region", "地区(含下级)", "region_id", region_prefix),
        ValueFilter("domain", "领域", "domain_id", domain_ids),
        AnyDomainFilter("any_domain", "涉及领域(含其他领域)", "domain_id", domain_ids, multi=True),
        ChoiceFilter("kind", "类型", "kind", Kind),
        ChoiceFilter("status", "状态", "status", Status),
        PrefixFilter(
            "organization",
            "参与组织(含下级)",
            "participations__organization__path",
            organization_prefix,
            multi=True,
        ),
        DateRangeFilter("period", "开始日期(起..止)", "start_date"),
        ValueFilter("pairing", "来自结对", "pairing_id", pairing_ids),
    ],
    totals=[
        Total("committed", "计划投入", Sum("committed")),
        Total("disbursed", "资金到位", Sum("disbursed")),
        Total("in_kind", "物资折价", Sum("in_kind")),
        Total("beneficiaries", "受益人数", Sum("beneficiaries"), kind="int"),
        Total("beneficiary_times", "受益人次", Sum("beneficiary_times"), kind="int"),
    ],
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
        Dimension("domain", "领域", "domain_id", domain_labels, filter_param="domain"),
        Dimension(
            "kind", "类型", "kind", lambda keys: {k.value: str(k.label) for k in Kind}, filter_param="kind"
        ),
        Dimension(
            "status",
            "状态",
            "status",
            lambda keys: {k.value: str(k.label) for k in Status},
            filter_param="status",
        ),
        Dimension("program", "项目群", "program_id", program_labels, filter_param="program"),
    ],
    importer=_importer(),
)

COUNT = Count("pk")
