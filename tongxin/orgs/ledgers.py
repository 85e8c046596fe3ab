"""组织台账: the organizations table, its Excel export and import."""

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
    model_labels,
)
from tongxin.core.ledger import cells as core_cells
from tongxin.domains.cells import domains as domains_cell
from tongxin.regions.cells import region, region_prefix

from . import services
from .cells import organization, organization_prefix
from .models import Kind, Organization


def _find(row: dict):
    if row.get("credit_code"):
        found = Organization.objects.filter(credit_code=row["credit_code"].upper()).first()
        if found:
            return found
    return Organization.objects.filter(name=row["name"]).first()


def _save(*, actor, row: dict, existing):
    data = {k: v for k, v in row.items() if v not in (None, "", [])}
    if existing is None:
        return services.organization_create(actor=actor, **data)
    return services.organization_update(actor=actor, organization=existing, data=data)


_region_labels = model_labels("regions.Region", "name", key="code")


ORGANIZATIONS = Ledger(
    key="organizations",
    title="组织台账",
    model=Organization,
    select_related=("parent", "home_region"),
    prefetch_related=("domains",),
    ordering=("path",),
    detail_url=lambda o: reverse("orgs:detail", args=[o.pk]),
    columns=[
        Column("name", "名称"),
        Column("short_name", "简称"),
        Column("kind", "类型", kind="choice"),
        Column("parent", "上级组织", path="parent__name"),
        Column("home_region", "所在地区", path="home_region__name"),
        Column("credit_code", "统一社会信用代码"),
        Column(
            "domains", "领域", get=lambda o: "、".join(d.name_zh for d in o.domains.all()), sortable=False
        ),
    ],
    filters=[
        TextFilter(("name", "short_name", "credit_code")),
        ChoiceFilter("kind", "类型", "kind", Kind),
        PrefixFilter("region", "地区", "home_region_id", region_prefix),
        PrefixFilter("organization", "上级组织(含下级)", "path", organization_prefix),
    ],
    dimensions=[
        Dimension("kind", "类型", "kind", lambda keys: {k.value: k.label for k in Kind}),
        Dimension("region", "所在地区", "home_region_id", _region_labels, filter_param="region"),
    ],
    importer=Importer(
        key="name",
        find=_find,
        save=_save,
        columns=[
            ImportColumn(
                "name",
                "名称",
                core_cells.required(core_cells.text),
                required=True,
                aliases=("组织名称", "单位名称"),
            ),
            ImportColumn("short_name", "简称", core_cells.text),
            ImportColumn(
                "kind",
                "类型",
                core_cells.required(core_cells.choice(Kind)),
                required=True,
                aliases=("组织类型",),
            ),
            ImportColumn("parent", "上级组织", organization, note="全称、简称或统一社会信用代码"),
            ImportColumn(
                "home_region", "所在地区", region, aliases=("地区", "区划代码"), note="区划代码或无歧义的名称"
            ),
            ImportColumn("credit_code", "统一社会信用代码", core_cells.text, aliases=("信用代码",)),
            ImportColumn("domains", "领域", domains_cell, note="多个领域用顿号分隔"),
        ],
    ),
)
