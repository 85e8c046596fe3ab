"""村/社区台账: the villages and communities users add under their townships, with Excel import."""

from dataclasses import dataclass

from django.urls import reverse

from tongxin.core.ledger import Column, ImportColumn, Importer, Ledger, PrefixFilter, TextFilter
from tongxin.core.ledger import cells as core_cells

from . import services
from .cells import region, region_prefix
from .models import Level, Region


@dataclass
class VillageLedger(Ledger):
    def base_queryset(self):
        return super().base_queryset().filter(level=Level.VILLAGE)


def _township(value):
    found = region(value)
    if found is not None and found.level != Level.TOWNSHIP:
        raise ValueError(f"“{found.name}”是{found.get_level_display()},村/社区须挂在乡镇街道之下")
    return found


def _find(row: dict):
    if row.get("code"):
        return Region.all_objects.filter(code=row["code"]).first()
    return Region.objects.filter(parent=row["township"], name=row["name"]).first()


def _save(*, actor, row: dict, existing):
    if existing is not None:
        return existing
    return services.village_create(
        actor=actor, township=row["township"], name=row["name"], code=row.get("code") or ""
    )


def _code(value):
    code = core_cells.text(value)
    if code and (not code.isdigit() or len(code) != 12):
        raise ValueError("村级区划代码应为12位数字")
    return code


VILLAGES = VillageLedger(
    key="villages",
    title="村/社区台账",
    model=Region,
    select_related=("parent__parent",),
    ordering=("code",),
    detail_url=lambda r: reverse("regions:detail", args=[r.code]),
    columns=[
        Column("name", "名称"),
        Column("code", "区划代码"),
        Column("township", "乡镇街道", path="parent__name"),
        Column("county", "县区", path="parent__parent__name"),
        Column("official", "官方代码", get=lambda r: "是" if r.official else "自编"),
    ],
    filters=[TextFilter(("name", "code")), PrefixFilter("region", "地区", "code", region_prefix)],
    importer=Importer(
        key="name",
        find=_find,
        save=_save,
        columns=[
            ImportColumn(
                "township",
                "乡镇街道",
                core_cells.required(_township),
                required=True,
                aliases=("乡镇", "所属乡镇"),
                note="乡镇街道的9位代码,或无歧义的名称",
            ),
            ImportColumn(
                "name",
                "名称",
                core_cells.required(core_cells.text),
                required=True,
                aliases=("村/社区", "村名"),
            ),
            ImportColumn(
                "code", "区划代码", _code, aliases=("代码",), note="已知时填写官方12位代码,否则系统自编"
            ),
        ],
    ),
)
