"""Writes to the region table: only villages and communities; the official levels come from the loader."""

from django.db.models import Max
from django.utils.translation import gettext as _

from tongxin.core import crud
from tongxin.core.errors import Invalid
from tongxin.core.text import normalize

from .models import Level, Region

LOCAL_CODE_START = 900


def _local_code(township: Region) -> str:
    """Villages without a known official code get a local one in the unused 900–999 range."""
    top = Region.all_objects.filter(parent=township, official=False).aggregate(m=Max("code"))["m"]
    seq = int(top[-3:]) + 1 if top else LOCAL_CODE_START
    if seq > 999:
        raise Invalid(_("该乡镇下自编代码已用尽,请填写官方代码。"), fields={"code": [_("自编代码已用尽")]})
    return f"{township.code}{seq:03d}"


def village_create(*, actor, township: Region, name: str, code: str = "") -> Region:
    if township.level != Level.TOWNSHIP:
        raise Invalid(
            _("村/社区只能添加在乡镇街道之下,“%(r)s”是%(l)s。")
            % {"r": township, "l": township.get_level_display()},
            fields={"parent": [_("须为乡镇街道")]},
        )
    name = normalize(name)
    if not name:
        raise Invalid(_("请填写村/社区名称。"), fields={"name": [_("必填")]})
    code = normalize(code)
    if code and Region.all_objects.filter(code=code).exists():
        existing = Region.all_objects.get(code=code)
        raise Invalid(
            _("代码 %(c)s 已被“%(n)s”使用。") % {"c": code, "n": existing.name},
            fields={"code": [_("代码重复")]},
        )
    region = Region(
        code=code or _local_code(township),
        name=name,
        level=Level.VILLAGE,
        parent=township,
        official=bool(code),
    )
    return crud.create(actor=actor, instance=region, action="regions.village_added")


def village_bulk_create(*, actor, rows: list[tuple[Region, str]]) -> list[Region]:
    """Thousands of villages at once (loaders, imports), with local codes numbered per township as
    `village_create` would, written in bulk and audited row by row in one batch."""
    from django.db import transaction
    from django.db.models import Max

    from tongxin.core import audit, permissions
    from tongxin.core.errors import Forbidden

    if actor is not permissions.SYSTEM and not permissions.is_admin(actor):
        raise Forbidden(_("批量新增村/社区仅限管理员。"))
    townships = {t.code for t, _name in rows}
    top = dict(
        Region.all_objects.filter(parent_id__in=townships, official=False)
        .values("parent_id")
        .annotate(m=Max("code"))
        .values_list("parent_id", "m")
    )
    next_seq = {code: int(top[code][-3:]) + 1 if code in top else LOCAL_CODE_START for code in townships}
    villages = []
    for row, (township, name) in enumerate(rows, start=1):
        if township.level != Level.TOWNSHIP or not normalize(name):
            raise Invalid(_("第%(n)s行:村/社区须有名称且挂在乡镇街道之下。") % {"n": row})
        seq = next_seq[township.code]
        if seq > 999:
            raise Invalid(_("第%(n)s行:该乡镇下自编代码已用尽。") % {"n": row})
        next_seq[township.code] = seq + 1
        villages.append(
            Region(
                code=f"{township.code}{seq:03d}",
                name=normalize(name),
                level=Level.VILLAGE,
                parent=township,
                official=False,
            )
        )
        villages[-1].short_name = villages[-1].name
    with transaction.atomic():
        created = Region.objects.bulk_create(villages, batch_size=1000)
        audit.record_bulk(actor=actor, action="regions.village_added", objs=created)
    return created
