"""Ledger declarations: what an app says about its 台账, and nothing about how it is served.

An app subclasses `Ledger` in its `ledgers.py` and registers an instance in `AppConfig.ready()`;
core gives every ledger its page, filters, totals row, pivot, XLSX export and import, and API list.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.db.models import Q
from django.utils.dateparse import parse_date

from .. import permissions


@dataclass
class Column:
    """One column of the table and of the export. `path` follows the ORM (for sorting);
    `get` renders a row when the value needs more than an attribute chain."""

    key: str
    label: str
    path: str | None = None
    kind: str = "text"  # text | money | int | date | datetime | choice
    get: Callable | None = None
    sortable: bool = True
    total: str | None = None  # key of the Total shown under this column

    def value(self, obj):
        if self.get:
            return self.get(obj)
        *hops, name = (self.path or self.key).split("__")
        owner = obj
        for part in hops:
            owner = getattr(owner, part)
            if owner is None:
                return None
        value = getattr(owner, name)
        if self.kind == "choice":
            return self._labels(type(owner), name).get(value, value)
        return value

    def _labels(self, model, name: str) -> dict:
        """Choice labels once per language and model, not through get_FOO_display() on every row."""
        from django.utils import translation

        cache = self.__dict__.setdefault("_label_cache", {})
        key = (translation.get_language(), model)
        if key not in cache:
            cache[key] = {k: str(v) for k, v in model._meta.get_field(name).flatchoices}
        return cache[key]


def model_labels(model: str, field: str, key: str = "pk") -> Callable[[Iterable], dict]:
    """Pivot labels for the group keys, read in one query from a model named by its label
    ("programs.Program"), so core never imports a domain app."""

    def labels(keys) -> dict:
        from django.apps import apps

        manager = apps.get_model(model).objects
        return dict(manager.filter(**{f"{key}__in": [k for k in keys if k]}).values_list(key, field))

    return labels


def choice_labels(choices) -> Callable[[Iterable], dict]:
    return lambda keys: {c.value: str(c.label) for c in choices}


@dataclass
class Total:
    key: str
    label: str
    aggregate: models.Aggregate
    kind: str = "money"


class Filter:
    """Parses one query parameter and turns it into a Q. `multi` marks paths across
    many-to-many relations: those filter by a subquery so totals never double-count."""

    param: str
    label: str
    multi: bool

    def parse(self, raw: str):
        return raw

    def q(self, value) -> Q:
        raise NotImplementedError

    def describe(self, value) -> str:
        return str(value)


@dataclass
class ChoiceFilter(Filter):
    param: str
    label: str
    path: str
    choices: type[models.TextChoices]
    multi: bool = False

    def parse(self, raw):
        values = [v for v in raw.split(",") if v]
        known = {c.value for c in self.choices} | {c.label for c in self.choices}
        bad = [v for v in values if v not in known]
        if bad:
            raise ValueError(
                f"未知{self.label}“{bad[0]}”,可选:{'、'.join(str(c.label) for c in self.choices)}"
            )
        by_label = {c.label: c.value for c in self.choices}
        return [by_label.get(v, v) for v in values]

    def q(self, value):
        return Q(**{f"{self.path}__in": value})

    def describe(self, value):
        return "、".join(str(self.choices(v).label) for v in value)


@dataclass
class DateRangeFilter(Filter):
    param: str
    label: str
    path: str
    multi: bool = False

    def parse(self, raw):
        start, _, end = raw.partition("..")
        dates = []
        for part in (start, end):
            if not part:
                dates.append(None)
                continue
            parsed = parse_date(part)
            if parsed is None:
                raise ValueError(f"日期“{part}”应为 YYYY-MM-DD")
            dates.append(parsed)
        return tuple(dates)

    def q(self, value):
        start, end = value
        q = Q()
        if start:
            q &= Q(**{f"{self.path}__gte": start})
        if end:
            q &= Q(**{f"{self.path}__lte": end})
        return q

    def describe(self, value):
        return f"{value[0] or ''} — {value[1] or ''}"


@dataclass
class TextFilter(Filter):
    paths: tuple[str, ...]
    param: str = "q"
    label: str = "关键词"
    multi: bool = False

    def parse(self, raw):
        from ..text import normalize

        return normalize(raw)

    def q(self, value):
        q = Q()
        for path in self.paths:
            q |= Q(**{f"{path}__icontains": value})
        return q


@dataclass
class PrefixFilter(Filter):
    """A subtree by materialized prefix: region codes or organization paths. `resolve` turns the
    parameter (code, id or name) into (prefix, label) and raises ValueError with candidates."""

    param: str
    label: str
    path: str
    resolve: Callable[[str], tuple[str, str]]
    multi: bool = False

    def parse(self, raw):
        return self.resolve(raw)

    def q(self, value):
        return permissions.prefix_q(self.path, value[0])

    def describe(self, value):
        return value[1]


@dataclass
class ValueFilter(Filter):
    """Equality on a path, with an optional resolver (program id → itself and its sub-programs)."""

    param: str
    label: str
    path: str
    resolve: Callable[[str], tuple[list, str]] | None = None
    multi: bool = False

    def parse(self, raw):
        if self.resolve:
            return self.resolve(raw)
        return ([raw], raw)

    def q(self, value):
        return Q(**{f"{self.path}__in": value[0]})

    def describe(self, value):
        return value[1]


@dataclass
class Dimension:
    """A pivot axis: group rows by `path`, label each group with `label_of(keys) -> {key: label}`.

    `expression(selection)` groups by a computed value instead (a region code cut one level below
    the region filter: province → prefectures → counties); `drill(key)` turns a group key back
    into the filter value that selects its rows."""

    key: str
    label: str
    path: str
    label_of: Callable[[Iterable], dict] | None = None
    multi: bool = False
    filter_param: str | None = None
    expression: Callable | None = None
    drill: Callable | None = None

    def expr(self, selection):
        from django.db.models import F

        return self.expression(selection) if self.expression else F(self.path)


@dataclass
class Rate:
    """A ratio of two totals (履约率 = performing ÷ signed), in percent, rounded once at the end."""

    key: str
    label: str
    numerator: str
    denominator: str


@dataclass
class ImportColumn:
    key: str
    label: str
    parse: Callable
    required: bool = False
    aliases: tuple[str, ...] = ()
    note: str = ""
    # Parsers are pure within one import, so each distinct cell value is parsed once.
    cache: bool = True


@dataclass
class Importer:
    """How rows of a sheet become records: the columns, the external key that makes a re-import
    update instead of duplicating, and `save(actor=, row=, existing=)` calling the app's service."""

    columns: list[ImportColumn]
    find: Callable[[dict], models.Model | None]
    save: Callable[..., models.Model]
    key: str | None = None
    # check_rows([(row_no, row)]) → [(row_no, column key, reason)]: rules across a row's cells.
    check_rows: Callable[[list[tuple[int, dict]]], list[tuple[int, str, str]]] | None = None
    # Bulk path for large sheets: save_many(actor=, rows=[(row_no, row)], progress=) → SaveReport.
    # It replaces find/save per row; core still wraps it in one transaction and one audit batch.
    save_many: Callable | None = None


@dataclass
class SaveReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str, str]] = field(default_factory=list)  # (row number, column key, reason)


@dataclass
class Ledger:
    key: str
    title: str
    model: type[models.Model]
    columns: list[Column]
    filters: list[Filter] = field(default_factory=list)
    totals: list[Total] = field(default_factory=list)
    rates: list[Rate] = field(default_factory=list)
    dimensions: list[Dimension] = field(default_factory=list)
    importer: Importer | None = None
    ordering: tuple[str, ...] = ("-pk",)
    page_size: int = 50
    select_related: tuple[str, ...] = ()
    prefetch_related: tuple[str, ...] = ()
    # preload(objs): fills what the columns need for a batch of rows in a few flat queries, where
    # prefetch_related would be too slow for a 100,000-row export.
    preload: Callable[[list], None] | None = None
    detail_url: Callable | None = None
    api_schema: type | None = None

    def base_queryset(self):
        qs = self.model.objects.all()
        if self.select_related:
            qs = qs.select_related(*self.select_related)
        return qs

    def column(self, key: str) -> Column:
        return next(c for c in self.columns if c.key == key)

    def dimension(self, key: str) -> Dimension:
        for d in self.dimensions:
            if d.key == key:
                return d
        raise ValueError(f"未知汇总维度“{key}”,可选:{'、'.join(d.key for d in self.dimensions)}")


def as_decimal(value) -> Decimal:
    return Decimal(value or 0)


def today() -> dt.date:
    from django.utils import timezone

    return timezone.localdate()
