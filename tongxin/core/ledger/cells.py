"""Cell parsers for imports: each turns a spreadsheet value into a Python value or raises
ValueError with a reason a user can act on. Apps add their own (regions, organizations, domains)."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from decimal import Decimal

from ..money import parse_amount, parse_amounts
from ..text import normalize, normalize_many

EXCEL_EPOCH = dt.date(1899, 12, 30)
_DATE = re.compile(
    r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$"
)


def _as_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value)


def text(value) -> str:
    value = _as_text(value)
    # ASCII has nothing to fold: skip the Traditional → Simplified pass.
    value = " ".join(value.split()) if value.isascii() else normalize(value)
    return value[1:] if value.startswith("'") else value


def _text_many(values: list) -> list[str]:
    """`text` of a whole column (the importer calls it for columns of distinct values: titles, codes)."""
    texts = values if set(map(type, values)) == {str} else [_as_text(v) for v in values]
    return [v[1:] if v.startswith("'") else v for v in normalize_many(texts)]


text.many = _text_many


def money(*, scale: int = 1):
    """Amounts in yuan (`scale` 10000 for 万元). Declare its column `cache=False`: amounts are
    nearly all distinct, and `many` converts a column of floats at once."""

    def parse(value):
        return parse_amount(value, scale=scale)

    parse.kind = "money"
    parse.many = lambda values: parse_amounts(values, scale=scale)
    return parse


def integer(value) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueError(f"“{value}”不是整数")
        value = int(value)
    if isinstance(value, str):
        cleaned = unicodedata.normalize("NFKC", value).strip().replace(",", "")
        if not re.fullmatch(r"[+-]?\d+", cleaned):
            raise ValueError(f"“{value}”不是整数")
        value = int(cleaned)
    if value < 0:
        raise ValueError("不能为负数")
    return int(value)


def date(value) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        if 20000 < float(value) < 80000:
            return EXCEL_EPOCH + dt.timedelta(days=int(value))
        raise ValueError(f"“{value}”不是日期")
    match = _DATE.match(unicodedata.normalize("NFKC", str(value)).strip())
    if not match:
        raise ValueError(f"“{value}”不是日期,应为 2025-04-18 的形式")
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        raise ValueError(f"“{value}”不是有效日期") from None


def choice(choices):
    """Accepts the stored value or the Chinese label; a label "捐赠/公益" also accepts 捐赠 and 公益."""
    by_label = {str(c.label): c.value for c in choices}
    values = {c.value for c in choices}
    parts = {p: c.value for c in choices for p in str(c.label).split("/") if "/" in str(c.label)}
    accepted = {**parts, **by_label}

    def parse(value):
        key = text(value)
        if not key:
            return None
        if key in values:
            return key
        if key in accepted:
            return accepted[key]
        raise ValueError(f"“{key}”不在可选值中:{'、'.join(by_label)}")

    parse.choices = list(by_label)
    return parse


def required(parse):
    def check(value):
        result = parse(value)
        if result in (None, ""):
            raise ValueError("必填")
        return result

    for attr in ("choices", "kind"):
        if hasattr(parse, attr):
            setattr(check, attr, getattr(parse, attr))
    if hasattr(parse, "many"):
        # A failed cell is returned, not raised, so the rest of the column is still read.
        check.many = lambda values: [
            ValueError("必填") if result in (None, "") else result for result in parse.many(values)
        ]
    return check
