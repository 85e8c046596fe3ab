"""Read Arabic and Chinese numerals, with 万/亿 folded in, exactly (Decimal, no float drift)."""

import re
from decimal import Decimal

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN_BIG = {"万": 10**4, "亿": 10**8}
MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}

# A number as written: Arabic (with thousands separators and an optional 万/亿-style multiplier;
# 千 before 米/克/瓦 belongs to the unit), ``百分之…``, or a Chinese numeral, maybe vague (数/几).
TOKEN = re.compile(
    r"(?P<ar>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?P<armul>(?:[十百万亿]|千(?![米克瓦]))*)"
    r"|百分之(?P<pct>\d+(?:\.\d+)?|[零〇一二两三四五六七八九十百]+(?:点[零〇一二三四五六七八九]+)?)"
    r"|(?P<cn>(?:数|几)?[零〇一二两三四五六七八九十百千万亿几]+)"
)
NUMERAL_START = re.compile(r"[\d零〇一二两三四五六七八九十百千万亿几数]")


def parse_chinese(s: str) -> int | None:
    """Value of a Chinese numeral (``三千五百万`` → 35000000, ``二〇二四`` → 2024); None if vague."""
    if not s or "几" in s or "数" in s:
        return None
    if all(c in CN_DIGITS for c in s):
        if len(s) > 1 and not any(c in "零〇" for c in s):
            return None
        return int("".join(str(CN_DIGITS[c]) for c in s))
    total = wan = section = num = 0
    for c in s:
        if c in CN_DIGITS:
            num = CN_DIGITS[c]
        elif c in CN_UNITS:
            section += (num or 1) * CN_UNITS[c]
            num = 0
        elif c == "万":
            wan += ((section + num) or 1) * 10**4
            section = num = 0
        elif c == "亿":
            total += ((wan + section + num) or 1) * 10**8
            wan = section = num = 0
        else:
            return None
    return total + wan + section + num


def parse_chinese_decimal(s: str) -> Decimal | None:
    """``三十五点五`` → 35.5 (used after 百分之)."""
    whole, _, frac = s.partition("点")
    w = parse_chinese(whole) if whole else 0
    if w is None or any(c not in CN_DIGITS for c in frac):
        return None
    return Decimal(f"{w}.{''.join(str(CN_DIGITS[c]) for c in frac) or '0'}")


def multiplier(s: str) -> int:
    """``千万`` → 10**7, ``万亿`` → 10**12."""
    m = 1
    for c in s:
        m *= MULTIPLIERS[c]
    return m


def is_bare_magnitude(cn: str) -> bool:
    """``百``, ``千万``, ``万``: an order of magnitude with no digit in front (``百家媒体``, ``超千万元``)."""
    return bool(cn) and cn[0] in "百千万亿" and all(c in "十百千万亿" for c in cn)


def is_vague(cn: str) -> bool:
    """``数百``, ``几十``, ``十几``, ``三四``: a magnitude, not a figure."""
    if "几" in cn or cn.startswith("数"):
        return True
    return bool(re.search(r"[一二两三四五六七八九]{2}", cn)) and "〇" not in cn and "零" not in cn


def vague_value(cn: str) -> int | None:
    """The magnitude a vague numeral names: ``数百`` → 100, ``几十`` → 10, ``十几`` → 10."""
    core = cn.lstrip("数几").replace("几", "")
    if not core:
        return None
    if all(c in CN_DIGITS for c in core):
        return min(CN_DIGITS[c] for c in core)
    return (
        parse_chinese(core)
        if not cn.startswith(("数", "几"))
        else multiplier("".join(c for c in core if c in MULTIPLIERS))
    )


def to_number(d: Decimal) -> int | float:
    """JSON-friendly value: int when whole."""
    d = d.normalize()
    if d == d.to_integral_value():
        return int(d)
    return float(d)
