"""Fast inserts for large imports: ids allocated up front, rows written with COPY (PostgreSQL) or one
executemany (SQLite), so a 100,000-row sheet is written in well under a second per table.

Only for new rows inside the importer's transaction (which holds SQLite's write lock, and takes ids
from PostgreSQL's sequence), after the app has validated every row. Values are converted the way
Django stores them, so the ORM reads these rows exactly like rows it wrote itself.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal

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


def insert(model: type[models.Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert tuples whose items follow `fields` (attnames, e.g. "program_id")."""
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    columns = [by_attname[name].column for name in fields]
    make = _pg_converter if connection.vendor == "postgresql" else _sqlite_converter
    converters = [(i, c) for i, name in enumerate(fields) if (c := make(by_attname[name])) is not None]
    quoted = ", ".join(f'"{c}"' for c in columns)

    def converted():
        for row in rows:
            if converters:
                row = list(row)
                for i, conv in converters:
                    row[i] = conv(row[i])
            yield row

    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f'COPY "{meta.db_table}" ({quoted}) FROM STDIN') as copy:
                for row in converted():
                    copy.write_row(row)
                    count += 1
            return count
        # Index pages of a large table stay in memory while it grows (the default is 2 MB).
        cursor.execute("PRAGMA cache_size = -131072")
        batch = []
        sql = f'INSERT INTO "{meta.db_table}" ({quoted}) VALUES ({", ".join(["%s"] * len(columns))})'
        for row in converted():
            batch.append(row)
            if len(batch) >= 20000:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


def money(value) -> Decimal:
    return value if value is not None else Decimal("0.00")
