"""Fast inserts for large imports: ids allocated up front, rows written with COPY (PostgreSQL) or one
executemany (SQLite), so writing a 100,000-row sheet costs little more than the database's own work
(its indexes, foreign-key checks and commit).

Only for new rows inside the importer's transaction (which holds SQLite's write lock, and takes ids
from PostgreSQL's sequence), after the app has validated every row. Values are converted the way
Django stores them, so the ORM reads these rows exactly like rows it wrote itself.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import chain, islice

from django.db import connection, models
from django.utils import timezone


def allocate_ids(model: type[models.Model], n: int) -> list[int]:
    if n <= 0:
        return []
    table, pk = model._meta.db_table, model._meta.pk.column
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, n]
            )
            return [r[0] for r in cursor.fetchall()]
        cursor.execute(f'SELECT COALESCE(MAX("{pk}"), 0) FROM "{table}"')
        top = cursor.fetchone()[0]
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        start = max(top, row[0] if row else 0) + 1
        return list(range(start, start + n))


_json = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode


def _sqlite_converter(field: models.Field):
    if isinstance(field, models.DateTimeField):
        last = [None, None]

        def conv(v):
            if v is last[0]:  # rows of one import share their timestamp
                return last[1]
            out = v
            if v is not None:
                out = (v.astimezone(dt.UTC).replace(tzinfo=None) if timezone.is_aware(v) else v).isoformat(
                    " "
                )
            last[:] = [v, out]
            return out

        return conv
    # Dates and Decimals need nothing: sqlite3 writes dates as ISO text and Django registers str()
    # for Decimal, which is what the ORM stores.
    if isinstance(field, models.JSONField):
        return _json
    if isinstance(field, models.BooleanField):
        return lambda v: int(v) if v is not None else None
    if isinstance(field, models.UUIDField):
        return lambda v: (v if isinstance(v, uuid.UUID) else uuid.UUID(str(v))).hex if v else None
    return None


def _pg_converter(field: models.Field):
    if isinstance(field, models.JSONField):
        return _json
    return None


def _converter(field: models.Field):
    return (_pg_converter if connection.vendor == "postgresql" else _sqlite_converter)(field)


def db_value(model: type[models.Model], attname: str, value):
    """One value as `insert` would store it: for the constants of prepared rows (an import's
    timestamp, its batch id), converted once instead of on every row."""
    conv = _converter(next(f for f in model._meta.concrete_fields if f.attname == attname))
    return conv(value) if conv is not None else value


def insert(
    model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence], *, prepared: bool = False
) -> int:
    """Insert tuples whose items follow `fields` (attnames, e.g. "program_id").

    `prepared` rows hold what the database driver takes as it is: dates, Decimals, numbers, text,
    JSON already encoded, and `db_value` for datetimes and UUIDs; they skip the per-value conversion."""
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    columns = [by_attname[name].column for name in fields]
    converters = (
        []
        if prepared
        else [(i, c) for i, name in enumerate(fields) if (c := _converter(by_attname[name])) is not None]
    )
    quoted = ", ".join(f'"{c}"' for c in columns)

    def converted(source):
        for row in source:
            row = list(row)
            for i, conv in converters:
                row[i] = conv(row[i])
            yield row

    if converters:
        rows = converted(rows)

    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The import's transaction need not wait for its WAL to reach the disk: a crash right
            # after the commit could lose the import, never leave half of it.
            cursor.execute("SET LOCAL synchronous_commit = off")
            count = 0
            with cursor.cursor.copy(f'COPY "{meta.db_table}" ({quoted}) FROM STDIN') as copy:
                write = copy.write_row
                for row in rows:
                    write(row)
                    count += 1
            return count
        # Index pages of a large table stay in memory while it grows (the default is 2 MB).
        cursor.execute("PRAGMA cache_size = -131072")
        return _sqlite_insert(cursor.cursor, meta.db_table, quoted, len(columns), rows)


def _sqlite_insert(raw, table: str, quoted: str, width: int, rows: Iterable[Sequence]) -> int:
    """Many rows per INSERT … VALUES statement, as many as SQLite takes parameters: a statement per
    row (executemany) costs a round through the driver each."""
    limit = raw.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min(limit // width, 2000))
    one = f"({', '.join(['?'] * width)})"
    full = f'INSERT INTO "{table}" ({quoted}) VALUES {", ".join([one] * per)}'
    rows, count = iter(rows), 0
    while batch := list(islice(rows, per)):
        sql = (
            full
            if len(batch) == per
            else f'INSERT INTO "{table}" ({quoted}) VALUES {", ".join([one] * len(batch))}'
        )
        sqlite3.Cursor.execute(raw, sql, list(chain.from_iterable(batch)))  # '?' already: no conversion
        count += len(batch)
    return count


def dates(values: list) -> list:
    """A column of dates as `insert` takes them for this database: ISO text for SQLite (what
    Django's adapter writes, done once per distinct date), the dates themselves for PostgreSQL."""
    if connection.vendor == "postgresql":
        return values
    text = {d: d.isoformat() for d in set(values) if d is not None}
    text[None] = None
    return [text[d] for d in values]


def among(qs: models.QuerySet, attname: str, values: list) -> models.QuerySet:
    """`qs` narrowed to rows whose `attname` is one of `values`, sent as one parameter however many
    there are (json_each on SQLite, = ANY on PostgreSQL): an ORM `__in` prepares each value in
    Python, seconds for the 100,000 codes of a re-import."""
    field = next(f for f in qs.model._meta.concrete_fields if f.attname == attname)
    column = f'"{qs.model._meta.db_table}"."{field.column}"'
    if connection.vendor == "postgresql":
        return qs.extra(where=[f"{column} = ANY(%s)"], params=[list(values)])
    return qs.extra(where=[f"{column} IN (SELECT value FROM json_each(%s))"], params=[_json(list(values))])


def money(value) -> Decimal:
    return value if value is not None else Decimal("0.00")
