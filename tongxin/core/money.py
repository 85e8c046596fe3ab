"""Money is Decimal yuan with two places. One parser for every input path, one formatter.

`parse_amount("4.67亿")` → Decimal("467000000.00"); a column headed 万元 passes `scale=10000`.
Floats appear only at the chart boundary.
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Context, Decimal, InvalidOperation
from itertools import repeat
from math import copysign
from operator import eq, mul, truediv

CENT = Decimal("0.01")
_MAGNITUDE = {"亿": Decimal(100_000_000), "万": Decimal(10_000), "千": Decimal(1000), "百": Decimal(100)}
_NUMBER = re.compile(r"^([+-]?\d+(?:\.\d+)?)\s*(亿|万|千|百)?\s*(?:元|人民币|rmb|cny)?$", re.IGNORECASE)


def quantize(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def parse_amount(value, *, scale: Decimal | int = 1, allow_negative: bool = False) -> Decimal | None:
    """None for an empty cell; ValueError with a readable reason for anything else that is not money."""
    if value is None:
        return None
    if value.__class__ is float:  # what spreadsheets give for most amounts
        amount = Decimal(repr(value)) if scale == 1 else Decimal(repr(value)) * scale
        if amount < 0 and not allow_negative:
            raise ValueError("金额不能为负数")
        return amount.quantize(CENT, rounding=ROUND_HALF_UP)
    if isinstance(value, bool):
        raise ValueError("不是金额")
    if isinstance(value, int | Decimal):
        amount = Decimal(value)
    elif isinstance(value, float):
        amount = Decimal(repr(value))
    else:
        text = unicodedata.normalize("NFKC", str(value)).strip().replace(",", "").replace(" ", "")
        text = text.lstrip("¥￥").replace("人民币", "")
        if not text:
            return None
        match = _NUMBER.match(text)
        if not match:
            raise ValueError(f"“{value}”不是金额")
        try:
            amount = Decimal(match.group(1))
        except InvalidOperation:
            raise ValueError(f"“{value}”不是金额") from None
        if match.group(2):
            amount *= _MAGNITUDE[match.group(2)]
    if scale != 1:
        amount *= Decimal(scale)
    if amount < 0 and not allow_negative:
        raise ValueError("金额不能为负数")
    return quantize(amount)


_HALF_UP = Context(rounding=ROUND_HALF_UP)


def _whole_cents(values: list[float]) -> list[Decimal] | None:
    """A column of floats that are all whole cents (what a sheet of yuan amounts holds), as
    Decimals, or None. round(x * 100) is taken only where it gives back x exactly, so each result
    is the quantized `Decimal(repr(x))`; below 10¹³ yuan no other number of cents gives the same
    float. (100,000 amounts: 0.04 s instead of 0.065 s through repr.)"""
    try:
        cents = list(map(round, map(mul, values, repeat(100.0))))
    except (ValueError, OverflowError):  # NaN, infinity
        return None
    least = min(cents, default=-1)
    if least < 0 or max(cents) >= 10**15:
        return None
    if least == 0 and any(copysign(1.0, v) < 0 for v in values if v == 0):  # -0.0 gives -0.00
        return None
    if not all(map(eq, map(truediv, cents, repeat(100)), values)):
        return None
    return list(map(Decimal.scaleb, map(Decimal, cents), repeat(-2)))


def parse_amounts(values: list, *, scale: Decimal | int = 1) -> list:
    """`parse_amount` of each value, a ValueError in place of a refused one. A column holding only
    floats (what spreadsheets give) is converted without a Python call per cell."""
    if set(map(type, values)) == {float}:
        if scale == 1 and (cents := _whole_cents(values)) is not None:
            return cents
        amounts = list(map(Decimal, map(repr, values)))
        if scale != 1:
            amounts = list(map(mul, amounts, repeat(Decimal(scale))))
        if min(amounts) >= 0:
            return list(map(_HALF_UP.quantize, amounts, repeat(CENT)))
    out = []
    for value in values:
        try:
            out.append(parse_amount(value, scale=scale))
        except ValueError as exc:
            out.append(exc)
    return out


def yuan(value: Decimal | None) -> str:
    """1234567.8 → '1,234,567.80'."""
    if value is None:
        return ""
    return f"{quantize(Decimal(value)):,.2f}"


def wan(value: Decimal | None) -> str:
    """In 万元 or 亿元, as reports write them: 467000000 → '4.67亿', 3000000 → '300万'."""
    if value is None:
        return ""
    value = Decimal(value)
    if abs(value) >= 100_000_000:
        return f"{(value / 100_000_000).quantize(CENT, rounding=ROUND_HALF_UP).normalize():f}亿"
    if abs(value) >= 10_000:
        return f"{(value / 10_000).quantize(CENT, rounding=ROUND_HALF_UP).normalize():f}万"
    return f"{quantize(value)}"


def rate(numerator, denominator, places: int = 2) -> Decimal | None:
    """A percentage rounded once, half up, at display: 109/113 → 96.46."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(
        Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP
    )
