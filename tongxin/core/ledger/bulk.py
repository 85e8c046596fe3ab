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
import queue
import sqlite3
import sys
import threading
import uuid
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import chain, islice

from django.db import DEFAULT_DB_ALIAS, connection, connections, models
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
    model: type[models.Model],
    fields: Sequence[str],
    rows: Iterable[Sequence],
    *,
    prepared: bool = False,
    constants: dict | None = None,
) -> int:
    """Insert tuples whose items follow `fields` (attnames, e.g. "program_id").

    `prepared` rows hold what the database driver takes as it is: dates (or `dates()` on SQLite),
    Decimals, numbers, text, JSON already encoded, and `db_value` for datetimes and UUIDs; they skip
    the per-value conversion. `constants` (attname → value, prepared alike) are the same for every
    row: an import's timestamp, a version of 1, the NULLs of a new row. SQLite takes each once per
    statement (binding a value holds the GIL, and a NULL or a bool costs the driver an adapter
    lookup of about 0.5 µs), and the caller's rows are shorter."""
    return _insert(connection, model, fields, rows, prepared=prepared, constants=constants)


def _insert(conn, model, fields, rows, *, prepared: bool, constants: dict | None = None) -> int:
    with conn.wrap_database_errors:  # the driver's errors as Django's (IntegrityError, …)
        return _insert_rows(conn, model, fields, rows, prepared=prepared, constants=constants or {})


def _insert_rows(conn, model, fields, rows, *, prepared: bool, constants: dict) -> int:
    meta = model._meta
    by_attname = {f.attname: f for f in meta.concrete_fields}
    columns = [by_attname[name].column for name in (*constants, *fields)]
    converters = (
        []
        if prepared
        else [(i, c) for i, name in enumerate(fields) if (c := _converter(by_attname[name])) is not None]
    )
    fixed = [
        conv(value) if not prepared and (conv := _converter(by_attname[name])) is not None else value
        for name, value in constants.items()
    ]
    quoted = ", ".join(f'"{c}"' for c in columns)

    def converted(source):
        for row in source:
            row = list(row)
            for i, conv in converters:
                row[i] = conv(row[i])
            yield row

    if converters:
        rows = converted(rows)

    if conn.vendor == "postgresql":
        with conn.cursor() as cursor:
            # The import's transaction need not wait for its WAL to reach the disk: a crash right
            # after the commit could lose the import, never leave half of it.
            cursor.execute("SET LOCAL synchronous_commit = off")
            count = 0
            with cursor.cursor.copy(f'COPY "{meta.db_table}" ({quoted}) FROM STDIN') as copy:
                write = copy.write_row
                for row in rows:
                    write((*fixed, *row) if fixed else row)
                    count += 1
            return count
    conn.ensure_connection()
    raw = conn.connection.cursor()  # the driver's own: '?' placeholders, no per-call wrapping
    try:
        # Index pages of a large table stay in memory while it grows (the default is 2 MB).
        raw.execute("PRAGMA cache_size = -131072")
        return _sqlite_insert(raw, meta.db_table, quoted, len(fields), rows, fixed)
    finally:
        raw.close()


class Writer:
    """Inserts handed to a second thread while the caller checks and builds the next rows: SQLite
    does its part of an INSERT (the table, its indexes) without holding Python's GIL, so that
    part runs on the other core. On PostgreSQL the thread streams COPY and waits for the server,
    whose foreign-key checks are made immediate meanwhile (at the commit they took seconds with
    both cores idle but one).

    The thread uses the caller's connection, so everything stays in its transaction. SQLite built
    serialized (`sqlite3.threadsafety == 3`, else the inserts run in the caller's thread) and
    psycopg's connection lock let the caller read through the connection meanwhile (the lookups
    of the next chunk's cells); it calls `drain()` before it writes itself, so rows reach the
    database in order."""

    _lock = threading.Lock()
    _active = 0
    _interval = 0.005

    def __init__(self):
        self.conn = connections[DEFAULT_DB_ALIAS]  # the object itself: `connection` is per thread
        self.threaded = self.conn.vendor == "postgresql" or sqlite3.threadsafety == 3
        self.jobs: queue.Queue = queue.Queue(maxsize=2)
        self.failure: BaseException | None = None
        self.thread: threading.Thread | None = None

    def __enter__(self) -> Writer:
        if self.conn.vendor == "postgresql":
            with self.conn.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        if self.threaded:
            self.conn.ensure_connection()
            self.conn.inc_thread_sharing()
            with Writer._lock:
                if Writer._active == 0:
                    # The thread wants the GIL back after each statement; by default it would wait
                    # 5 ms for it, longer than SQLite takes for the statement.
                    Writer._interval = sys.getswitchinterval()
                    sys.setswitchinterval(min(Writer._interval, 0.0005))
                Writer._active += 1
            self.thread = threading.Thread(target=self._work, name="tongxin-bulk-writer", daemon=True)
            self.thread.start()
        return self

    def insert(
        self, model: type[models.Model], fields: Sequence[str], rows: list, *, constants: dict | None = None
    ) -> None:
        """Queue prepared `rows` and `constants` (see `insert`) for writing."""
        if not rows:
            return
        if not self.threaded:
            _insert(self.conn, model, fields, rows, prepared=True, constants=constants)
            return
        self._raise()
        self.jobs.put((model, fields, rows, constants))

    def drain(self) -> None:
        """Wait until every queued insert is written."""
        if self.threaded:
            self.jobs.join()
            self._raise()

    def __exit__(self, kind, exc, tb) -> None:
        if not self.threaded:
            return
        self.jobs.put(None)
        self.thread.join()
        self.conn.dec_thread_sharing()
        with Writer._lock:
            Writer._active -= 1
            if Writer._active == 0:
                sys.setswitchinterval(Writer._interval)
        if kind is None:
            self._raise()
            if self.conn.vendor == "postgresql":
                with self.conn.cursor() as cursor:
                    cursor.execute("SET CONSTRAINTS ALL DEFERRED")

    def _work(self) -> None:
        while (job := self.jobs.get()) is not None:
            try:
                if self.failure is None:
                    model, fields, rows, constants = job
                    _insert(self.conn, model, fields, rows, prepared=True, constants=constants)
            except BaseException as exc:  # handed to the caller's thread
                self.failure = exc
            finally:
                self.jobs.task_done()
        self.jobs.task_done()

    def _raise(self) -> None:
        if self.failure is not None:
            raise self.failure


def _sqlite_insert(raw, table: str, quoted: str, width: int, rows: Iterable[Sequence], fixed: list) -> int:
    """Many rows per INSERT … VALUES statement, as many as SQLite takes parameters: a statement per
    row (executemany) costs a round through the driver each. The `fixed` values are the statement's
    first parameters, ?1 … ?k at the start of every row; the rows' own are plain '?', which SQLite
    numbers on from there (naming thousands by number would make preparing a statement quadratic)."""
    limit = raw.connection.getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
    per = max(1, min((limit - len(fixed)) // width, 2000))
    one = "(" + ", ".join([f"?{i}" for i in range(1, len(fixed) + 1)] + ["?"] * width) + ")"

    def statement(n: int) -> str:
        return f'INSERT INTO "{table}" ({quoted}) VALUES {", ".join([one] * n)}'

    full = statement(per)
    rows, count = iter(rows), 0
    while batch := list(islice(rows, per)):
        sql = full if len(batch) == per else statement(len(batch))
        # '?' already: no conversion
        sqlite3.Cursor.execute(raw, sql, [*fixed, *chain.from_iterable(batch)])
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
