"""Reading a ledger: parse the filters once, then the page, the totals, the export and the pivot
all use the same filtered, permission-scoped queryset, so the totals row always equals the sum
of the rows behind it."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from .. import permissions
from ..errors import Invalid
from .declare import Ledger


@dataclass
class Selection:
    ledger: Ledger
    values: dict = field(default_factory=dict)
    sort: str = ""
    wan: bool = False

    raw: dict = field(default_factory=dict)

    def querystring(self, **override) -> str:
        from urllib.parse import urlencode

        params = {**self.raw, **{k: v for k, v in override.items() if v is not None}}
        return urlencode({k: v for k, v in params.items() if v not in ("", None)})

    @property
    def described(self) -> list[tuple[str, str]]:
        by_param = {f.param: f for f in self.ledger.filters}
        return [(by_param[p].label, by_param[p].describe(v)) for p, v in self.values.items()]


def parse(ledger: Ledger, params) -> Selection:
    """Every filter parameter checked; bad ones raise Invalid naming the parameter."""
    values, raw, errors = {}, {}, {}
    for flt in ledger.filters:
        text = (params.get(flt.param) or "").strip()
        if not text:
            continue
        raw[flt.param] = text
        try:
            values[flt.param] = flt.parse(text)
        except ValueError as exc:
            errors[flt.param] = [str(exc)]
    sort = (params.get("sort") or "").strip()
    if sort:
        raw["sort"] = sort
        key = sort.lstrip("-")
        if not any(c.key == key and c.sortable for c in ledger.columns):
            errors["sort"] = [f"不能按“{key}”排序"]
    wan = params.get("unit") == "wan"
    if wan:
        raw["unit"] = "wan"
    if errors:
        raise Invalid("; ".join(f"{k}: {' '.join(v)}" for k, v in errors.items()), fields=errors)
    return Selection(ledger, values, sort, wan, raw)


def rows(selection: Selection, user):
    """The filtered rows the user may see, unsorted and unpaginated."""
    ledger = selection.ledger
    qs = permissions.scoped(user, permissions.VIEW, ledger.base_queryset())
    plain, multi = Q(), Q()
    for flt in ledger.filters:
        if flt.param in selection.values:
            q = flt.q(selection.values[flt.param])
            if flt.multi:
                multi &= q
            else:
                plain &= q
    qs = qs.filter(plain)
    if multi:
        qs = qs.filter(pk__in=ledger.model._base_manager.filter(multi).values("pk"))
    return qs


def ordered(selection: Selection, qs):
    ledger = selection.ledger
    if selection.sort:
        key = selection.sort.lstrip("-")
        column = ledger.column(key)
        path = column.path or column.key
        return qs.order_by(f"{'-' if selection.sort.startswith('-') else ''}{path}", "-pk")
    return qs.order_by(*ledger.ordering)


def totals(selection: Selection, qs) -> dict:
    aggregates = {"count": Count("pk")}
    aggregates.update({t.key: t.aggregate for t in selection.ledger.totals})
    result = qs.order_by().aggregate(**aggregates)
    return with_rates(selection.ledger, result)


def with_rates(ledger: Ledger, result: dict) -> dict:
    """Money totals to the fen (SQLite sums come back with stray places), then each declared rate
    from the totals it divides, so it is exact for any filter."""
    from decimal import Decimal

    from ..money import quantize, rate

    for t in ledger.totals:
        if t.kind == "money" and t.key in result:
            result[t.key] = quantize(Decimal(result[t.key] or 0))
    for r in ledger.rates:
        result[r.key] = rate(result.get(r.numerator) or 0, result.get(r.denominator))
    return result


def page(selection: Selection, qs, number: int):
    size = selection.ledger.page_size
    number = max(1, number)
    items = list(qs[(number - 1) * size : number * size])
    load(selection.ledger, items)
    return items


def load(ledger: Ledger, items: list) -> None:
    """What the columns of these rows need beyond select_related: the ledger's preload, else its
    prefetch_related."""
    if ledger.preload:
        ledger.preload(items)
    elif ledger.prefetch_related:
        from django.db.models import prefetch_related_objects

        prefetch_related_objects(items, *ledger.prefetch_related)


def batches(ledger: Ledger, qs, size: int = 2000):
    """Every row of `qs` in order, `size` at a time from the database, each batch loaded as above,
    so memory stays flat however many rows are exported."""
    from itertools import islice

    iterator = qs.iterator(chunk_size=size)
    while batch := list(islice(iterator, size)):
        load(ledger, batch)
        yield from batch


@dataclass
class Pivot:
    rows: list[tuple[object, str]]
    columns: list[tuple[object, str]]
    cells: dict
    row_totals: dict
    column_totals: dict
    total: object
    measure: str
    row_dim: object
    col_dim: object


def pivot(selection: Selection, qs, *, row: str, column: str, measure: str = "count") -> Pivot:
    """Row dimension × column dimension, counted or summed. Rows that belong to several groups
    (a project in two counties) count in each cell; the totals are over distinct rows."""
    ledger = selection.ledger
    row_dim, col_dim = ledger.dimension(row), ledger.dimension(column)
    if measure == "count":
        aggregate = Count("pk", distinct=True)
    else:
        matching = [t for t in ledger.totals if t.key == measure]
        if not matching:
            raise Invalid(f"未知汇总指标“{measure}”", fields={"measure": ["未知"]})
        aggregate = matching[0].aggregate
    base = qs.order_by()
    row_expr, col_expr = row_dim.expr(selection), col_dim.expr(selection)
    grouped = base.values(r=row_expr, c=col_expr).annotate(m=aggregate)
    cells = {(g["r"], g["c"]): g["m"] for g in grouped}
    by_row = {g["r"]: g["m"] for g in base.values(r=row_expr).annotate(m=aggregate)}
    by_col = {g["c"]: g["m"] for g in base.values(c=col_expr).annotate(m=aggregate)}
    total = base.aggregate(m=aggregate)["m"] if measure != "count" else base.count()
    if measure != "count" and (row_dim.multi or col_dim.multi):
        total = totals(selection, qs)[measure]

    def labelled(dim, keys):
        keys = [k for k in keys if k is not None] + ([None] if None in keys else [])
        labels = dim.label_of(keys) if dim.label_of else {}
        return [
            (k, labels.get(k, "(未填)" if k is None else str(k)))
            for k in sorted(keys, key=lambda k: (k is None, str(k)))
        ]

    return Pivot(
        rows=labelled(row_dim, list(by_row)),
        columns=labelled(col_dim, list(by_col)),
        cells=cells,
        row_totals=by_row,
        column_totals=by_col,
        total=total,
        measure=measure,
        row_dim=row_dim,
        col_dim=col_dim,
    )


def display(value, kind: str, wan: bool = False) -> str:
    """A cell as the page shows it: money with thousands separators (元 or 万元), dates local."""
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from ..money import quantize

    if value is None or value == "":
        return ""
    if kind == "rate":
        return f"{value}%"
    if kind == "money":
        amount = Decimal(value)
        return f"{amount / 10000:,.4f}" if wan else f"{quantize(amount):,.2f}"
    if isinstance(value, dt.datetime):
        return f"{timezone.localtime(value):%Y-%m-%d %H:%M}"
    if isinstance(value, dt.date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, bool):
        return "是" if value else "否"
    if kind == "int" and isinstance(value, int):
        return f"{value:,}"
    return str(value)


def drill_params(dim, key) -> dict:
    """The filter that narrows a ledger to one pivot cell's rows."""
    if dim.filter_param is None or key is None:
        return {}
    return {dim.filter_param: str(dim.drill(key) if dim.drill else key)}
