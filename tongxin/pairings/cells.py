"""Import cells shared by the pairing and matching ledgers: a program by id, short name or name,
and a list of organizations separated by 、."""

import re

from tongxin.core.text import normalize
from tongxin.orgs.cells import organization


def program(value):
    from tongxin.programs.models import Program

    text = normalize("" if value is None else str(value))
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text:
        return None
    found = (
        Program.objects.filter(pk=int(text)).first()
        if text.isdigit()
        else (Program.objects.filter(short_name=text).first() or Program.objects.filter(name=text).first())
    )
    if found is None:
        raise ValueError(f"未找到项目群“{text}”(按简称、全称或编号查找)")
    return found


def organizations(value) -> list:
    text = "" if value is None else str(value)
    return [organization(part) for part in re.split(r"[,,、;;\n]+", text) if part.strip()]
