"""责任分工台账: every cell of every responsibility matrix the user may see."""

from django.urls import reverse

from tongxin.core.ledger import Column, Dimension, Ledger, PrefixFilter, TextFilter, ValueFilter, model_labels
from tongxin.orgs.cells import organization_prefix
from tongxin.regions.cells import region_prefix

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


_domain_labels = model_labels("domains.Domain", "name_zh", key="code")


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
        Dimension(
            "region", "地域", "region_id", model_labels("regions.Region", "name"), filter_param="region"
        ),
        Dimension("domain", "领域", "domain__code", _domain_labels, filter_param="domain"),
        Dimension(
            "organization",
            "责任单位",
            "organization_id",
            model_labels("orgs.Organization", "name"),
            filter_param="organization",
        ),
    ],
)
