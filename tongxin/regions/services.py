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
