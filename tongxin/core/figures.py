"""The program-figure registry: each figure defined once, computed from records by its app.

Indicators, reports, dashboards and the API read figures only from here, so "实施帮扶项目1383个"
is the same number on every page. A rate is declared as the ratio of two other figures and is
rounded once, at display.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from .money import rate


@dataclass(frozen=True)
class Period:
    start: dt.date | None = None
    end: dt.date | None = None


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    unit: str
    compute: Callable | None = None
    ratio: tuple[str, str] | None = None
    summary_name: str | None = None
    position: int = 100


REGISTRY: dict[str, Figure] = {}


def register(
    key: str,
    *,
    label: str,
    unit: str,
    compute: Callable | None = None,
    ratio: tuple[str, str] | None = None,
    summary_name: str | None = None,
    position: int = 100,
) -> Figure:
    """`compute(program, *, period=None, region=None)` returns an int or a Decimal."""
    if (compute is None) == (ratio is None):
        raise ValueError(f"figure {key}: give either compute or ratio")
    figure = Figure(key, label, unit, compute, ratio, summary_name or key.replace(".", "_"), position)
    REGISTRY[key] = figure
    return figure


def value(key: str, program, *, period: Period | None = None, region=None) -> int | Decimal | None:
    figure = REGISTRY[key]
    if figure.ratio:
        numerator = value(figure.ratio[0], program, period=period, region=region)
        denominator = value(figure.ratio[1], program, period=period, region=region)
        return rate(numerator or 0, denominator)
    return figure.compute(program, period=period, region=region)


def figures() -> list[Figure]:
    return sorted(REGISTRY.values(), key=lambda f: (f.position, f.key))


def summary(program, *, period: Period | None = None, region=None) -> dict:
    """Every registered figure of a program by its summary name (the API's summary payload)."""
    return {f.summary_name: value(f.key, program, period=period, region=region) for f in figures()}


def summary_json(program, *, period: Period | None = None, region=None) -> dict:
    """JSON-ready: counts as integers, money as exact decimal strings ("467000000.00"), rates as
    numbers already rounded to two places (96.46)."""
    out = {}
    for f in figures():
        v = value(f.key, program, period=period, region=region)
        if isinstance(v, Decimal):
            v = float(v) if f.unit == "%" else str(v)
        out[f.summary_name] = v
    return out
