"""责任分工台账: every cell of every responsibility matrix the user may see."""

from django.urls import reverse

from tongxin.core.ledger import Column, Dimension, Ledger, PrefixFilter, TextFilter, ValueFilter
from tongxin.orgs.cells import organization_prefix
from tongxin.orgs.models import Organization
from tongxin.regions.cells import region_prefix
from tongxin.regions.models import Region

from .models import Assignment, Program


def program_and_children(raw: str) -> tuple[list[int], str]:
    """A program filter takes in its sub-programs (临沂 五大行动 → its five campaigns)."""
    program = (
        Program.objects.filter(pk=int(raw)).first()
        if raw.isdigit()
        else Program.objects.filter(short_name=raw).first()
    )
    if program is None:
        raise ValueError(f"未找到项目群“{raw}”")
    return [program.pk, *program.children.values_list("pk", flat=True)], program.name


def domain_codes(raw: str) -> tuple[list[str], str]:
    from tongxin.domains.cells import domain

    found = domain(raw)
    return [found.code], found.name_zh


def _labels(model, field):
    def labels(keys):
        return dict(model.objects.filter(pk__in=[k for k in keys if k]).values_list("pk", field))

    return labels


def _domain_labels(keys):
    from tongxin.domains.models import Domain

    return dict(Domain.objects.filter(code__in=[k for k in keys if k]).values_list("code", "name_zh"))


ASSIGNMENTS = Ledger(
    key="assignments",
    title="责任分工台账",
    model=Assignment,
    select_related=("program", "organization", "region", "domain"),
    ordering=("program__name", "region_id"),
    detail_url=lambda a: reverse("programs:detail", args=[a.program_id]),
    columns=[
        Column("program", "项目群", path="program__name"),
        Column("organization", "责任单位", path="organization__name"),
        Column("region", "地域", path="region__name"),
        Column("region_code", "区划代码", path="region_id"),
        Column("domain", "领域", path="domain__name_zh"),
        Column("note", "说明", sortable=False),
    ],
    filters=[
        TextFilter(("organization__name", "organization__short_name", "region__name", "note")),
        ValueFilter("program", "项目群", "program_id", program_and_children),
        PrefixFilter("region", "地区", "region_id", region_prefix),
        ValueFilter("domain", "领域", "domain__code", domain_codes),
        PrefixFilter("organization", "组织(含下级)", "organization__path", organization_prefix),
    ],
    dimensions=[
        Dimension("region", "地域", "region_id", _labels(Region, "name"), filter_param="region"),
        Dimension("domain", "领域", "domain__code", _domain_labels, filter_param="domain"),
        Dimension(
            "organization",
            "责任单位",
            "organization_id",
            _labels(Organization, "name"),
            filter_param="organization",
        ),
    ],
)
