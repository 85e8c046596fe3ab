"""Importing a sheet into a ledger: every row validated before any is written; all or nothing.

Reads xlsx/xls/ods with python-calamine and csv in UTF-8 or GBK; finds the header row even under
merged two-row headers (WPS, LibreOffice); skips blank rows; folds full-width digits; scales
万元 columns. Errors name sheet, row, column, value and reason; the whole import is one
transaction and one audit batch, so a re-import keyed by the external key updates in place.
"""

from __future__ import annotations

import csv
import functools
import gc
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from operator import itemgetter

from django.db import transaction

from .. import audit
from ..errors import TongxinError
from ..models import AuditEntry
from . import reader
from .declare import ImportColumn, Ledger

MAX_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED = 200 * 1024 * 1024
MAX_RATIO = 100
HEADER_SCAN = 12


class ImportRefused(TongxinError):
    status = 422


@dataclass
class RowError:
    sheet: str
    row: int  # 1-based, as the spreadsheet shows it
    column: str
    value: object
    message: str
    col: int | None = None

    def __str__(self) -> str:
        where = f"第{self.row}行" + (f"“{self.column}”列" if self.column else "")
        shown = f"(值:{self.value})" if self.value not in (None, "") else ""
        return f"{self.sheet} {where}{shown}:{self.message}"


@dataclass
class Sheet:
    """A sheet's rows. A large xlsx read for a bulk import arrives in parts (`reader.Parts`):
    `rows` then holds what has been read so far, and `more()` reads the next part into it."""

    name: str
    rows: list[list]
    pending: reader.Parts | None = None

    def more(self, *, wait: bool = True) -> bool:
        """Read the next part into `rows`; False once every row is here, or (not `wait`) when the
        next part is not read yet."""
        if self.pending is None or not (wait or self.pending.ready()):
            return False
        try:
            part = next(self.pending, None)
        except Exception as exc:  # calamine's own error types for broken files
            self.close()
            raise ImportRefused(f"无法读取该表格文件:{exc}") from None
        if part is None:
            self.pending = None
            return False
        self.rows.extend(part)
        return True

    @property
    def fraction(self) -> float:
        """How much of the sheet has been read."""
        return 1.0 if self.pending is None else self.pending.fraction

    def close(self) -> None:
        """Stop reading (an import that ends early)."""
        if self.pending is not None:
            self.pending.close()
            self.pending = None


class Rows:
    """Checked rows kept as the columns they were parsed in (key → one value per row), with their
    sheet row numbers: a bulk importer reads `columns` (100,000 per-row dicts cost more than the
    checks); iterating gives (row number, {key: value}) pairs for importers that go row by row."""

    __slots__ = ("columns", "numbers")

    def __init__(self, numbers: list[int], columns: dict[str, list]):
        self.numbers, self.columns = numbers, columns

    @classmethod
    def of(cls, rows) -> Rows:
        """`rows` as Rows, also when given as (row number, dict) pairs."""
        if isinstance(rows, Rows):
            return rows
        rows = list(rows)
        keys = dict.fromkeys(key for _n, row in rows for key in row)
        return cls([n for n, _row in rows], {key: [row.get(key) for _n, row in rows] for key in keys})

    def __len__(self) -> int:
        return len(self.numbers)

    def __iter__(self):
        keys = list(self.columns)
        for number, values in zip(self.numbers, zip(*self.columns.values(), strict=True), strict=True):
            yield number, dict(zip(keys, values, strict=True))

    def row(self, i: int) -> dict:
        return {key: values[i] for key, values in self.columns.items()}

    def only(self, keep: list[int]) -> Rows:
        return Rows(
            [self.numbers[i] for i in keep], {k: [v[i] for i in keep] for k, v in self.columns.items()}
        )


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[RowError] = field(default_factory=list)
    batch: uuid.UUID | None = None
    sheet: Sheet | None = None
    header_row: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def _norm(label) -> str:
    text = unicodedata.normalize("NFKC", str(label or "")).strip()
    return re.sub(r"[\s*:：]", "", text)


def read(name: str, data: bytes, *, in_parts: bool = False) -> Sheet:
    """The first sheet of the file. `in_parts`: a large xlsx arrives part by part (see `Sheet`)."""
    if not data:
        raise ImportRefused("文件是空的。")
    if len(data) > MAX_BYTES:
        raise ImportRefused(f"文件超过{MAX_BYTES // 1024 // 1024}MB上限,请拆分后导入。")
    lower = name.lower()
    if lower.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                text = data.decode(encoding)
                break
            except UnicodeDecodeError:
                continue
        else:
            raise ImportRefused("无法识别CSV文件的编码(应为UTF-8或GBK)。")
        return Sheet("CSV", [list(r) for r in csv.reader(io.StringIO(text))])
    if lower.endswith((".xlsx", ".xlsm", ".ods")):
        _refuse_bombs(data)
    elif not lower.endswith(".xls"):
        raise ImportRefused("只支持 xlsx、xls、ods 或 csv 文件。")
    try:
        if in_parts and lower.endswith((".xlsx", ".xlsm")) and (plan := reader.plan(data)):
            parts = reader.Parts(data, plan)
            return Sheet(plan.name, parts.first, parts)
        return Sheet(*reader.whole(data))
    except Exception as exc:  # calamine raises several of its own types for broken files
        raise ImportRefused(f"无法读取该表格文件:{exc}") from None


def _refuse_bombs(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(i.file_size for i in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportRefused("文件已损坏,或不是Excel文件。") from None
    if unpacked > MAX_UNZIPPED or (unpacked > MAX_RATIO * max(len(data), 1) and unpacked > 10 * 1024 * 1024):
        raise ImportRefused("文件解压后过大(疑似压缩炸弹),已拒绝。")


def _candidates(column: ImportColumn) -> set[str]:
    names = {column.label, *column.aliases}
    out = set()
    for n in names:
        out.add(_norm(n))
        out.add(_norm(re.sub(r"[((].*?[))]", "", n)))
    return out


def _header_cells(sheet: Sheet, r: int) -> list[tuple[str, str]]:
    """(label, label of the merged cell above) per column; a merged upper cell is carried right
    across the columns it spans, and a label merged downwards shows only in the row above."""
    upper = sheet.rows[r - 1] if r else []
    cells, carried = [], ""
    for c, cell in enumerate(sheet.rows[r]):
        above = _norm(upper[c]) if c < len(upper) else ""
        if above:
            carried = above
        elif not _norm(cell):
            carried = ""
        cells.append((_norm(cell), above or carried))
    return cells


def _match(columns: list[ImportColumn], label: str, above: str) -> tuple[ImportColumn, int] | None:
    for column in columns:
        names = _candidates(column)
        if (label and (label in names or f"{above}{label}" in names)) or (not label and above in names):
            text = f"{above}{label}"
            scale = 100_000_000 if "亿元" in text else (10_000 if "万元" in text else 1)
            return column, scale
    return None


def locate_header(
    sheet: Sheet, columns: list[ImportColumn]
) -> tuple[int, dict[int, tuple[ImportColumn, int]]]:
    """The header row and, per sheet column, the import column and its unit scale (万元 → 10000)."""
    best_row, best = 0, {}
    for r in range(min(HEADER_SCAN, len(sheet.rows))):
        mapping, taken = {}, set()
        for c, (label, above) in enumerate(_header_cells(sheet, r)):
            hit = _match(columns, label, above)
            if hit and hit[0].key not in taken:
                mapping[c] = hit
                taken.add(hit[0].key)
        if len(mapping) > len(best):
            best_row, best = r, mapping
    found = {column.key for column, _ in best.values()}
    missing = [c.label for c in columns if c.required and c.key not in found]
    if not best or missing:
        expected = "、".join(c.label + ("*" if c.required else "") for c in columns)
        raise ImportRefused(
            f"表头不符:缺少{'、'.join(missing) or '可识别的列'}。应有的列:{expected}(*为必填),请使用下载的模板。"
        )
    return best_row, best


def _blank(row) -> bool:
    return all(v is None or (isinstance(v, str) and not v.strip()) for v in row)


def _footer(row) -> bool:
    """The totals and note rows our own export appends (合计…, 导出时间…): re-importing an exported
    file must not read them as data."""
    first = next((v for v in row if v not in (None, "")), None)
    return isinstance(first, str) and first.lstrip("'").startswith(("合计", "导出时间"))


def parse_rows(ledger: Ledger, sheet: Sheet) -> tuple[int, Rows, list[RowError]]:
    header_row, parsed, errors, _mapping = _parse(ledger, sheet)
    return header_row, parsed, errors


class _Bad:
    """A cell that failed to parse, kept in a column's results so no row is looked at twice."""

    __slots__ = ("message", "shown")

    def __init__(self, message: str, shown):
        self.message, self.shown = message, shown


_NUMERIC = {bool, int, float, Decimal}


_NFKC = functools.partial(unicodedata.normalize, "NFKC")


def _cleaned(value):
    return unicodedata.normalize("NFKC", value).strip() if value.__class__ is str else value


def _parse_one(parse, value):
    shown = _cleaned(value)
    try:
        return parse(shown)
    except ValueError as exc:
        return _Bad(str(exc), shown)


def _parse_column(values: list, parse, memo: dict | None) -> list:
    """A column's cells parsed at once: with a `memo` (the column's cache), each distinct value once
    (a region code repeated on 100,000 rows is one lookup, and a refusal is remembered, so every bad
    row still gets its own error); otherwise through the parser's `many` when it has one (one
    Traditional → Simplified pass for a column of titles), else cell by cell. Failed cells come
    back as `_Bad`."""
    if memo is not None:
        types = set(map(type, values))
        # 1, 1.0 and True are equal keys to a dict, but not the same cell: mixed numbers are keyed
        # with their type (a tuple, so never equal to a plain cell's key).
        keys = list(zip(map(type, values), values, strict=True)) if len(types & _NUMERIC) > 1 else values
        try:
            distinct = dict.fromkeys(set(keys).difference(memo))
        except TypeError:
            return [_parse_one(parse, v) for v in values]
        plain, nfkc = keys is values, unicodedata.normalize
        for key in distinct:
            value = key if plain else key[1]
            if value.__class__ is str:
                value = nfkc("NFKC", value).strip()
            try:
                distinct[key] = parse(value)
            except ValueError as exc:
                distinct[key] = _Bad(str(exc), value)
        memo.update(distinct)
        return list(map(memo.__getitem__, keys))
    many = getattr(parse, "many", None)
    if many is None:
        return [_parse_one(parse, v) for v in values]
    types = set(map(type, values))
    if str not in types:  # numbers, dates: nothing to fold
        shown = values
    elif types == {str}:  # the usual column of text: folded without a call per cell
        shown = list(map(str.strip, map(_NFKC, values)))
    else:
        shown = [_cleaned(v) for v in values]
    results = many(shown)
    if ValueError in set(map(type, results)):
        results = [
            _Bad(str(r), s) if r.__class__ is ValueError else r for r, s in zip(results, shown, strict=True)
        ]
    return results


def _column_parser(column: ImportColumn, scale: int):
    if scale != 1 and getattr(column.parse, "kind", None) == "money":
        from .cells import money

        scaled = money(scale=scale)

        def parse(value):
            result = scaled(value)
            if column.required and result is None:
                raise ValueError("必填")
            return result

        def many(values):
            results = scaled.many(values)
            if not column.required:
                return results
            return [ValueError("必填") if r is None else r for r in results]

        parse.many = many
        return parse
    # A parser may offer `fresh()`: a new instance per import that can preload what it looks up.
    return column.parse.fresh() if hasattr(column.parse, "fresh") else column.parse


_FOOTER_START = {"", "'", "合", "导"}  # first characters that need the full blank/footer checks


def _data_rows(sheet: Sheet, start: int) -> tuple[list[int], list[list], bool]:
    """The row numbers and cells of the rows from index `start` on: blank rows skipped, up to our
    footer; and whether the footer was reached."""
    numbers, cells = [], []
    for r in range(start, len(sheet.rows)):
        raw = sheet.rows[r]
        first = raw[0] if raw else None
        # Most rows start with a non-blank text that is no footer, or a number: nothing more to check.
        if first.__class__ is str:
            data = first[:1] not in _FOOTER_START and first.strip()
        else:
            data = first is not None
        if not data:
            if _blank(raw):
                continue
            if _footer(raw):
                return numbers, cells, True
        numbers.append(r + 1)
        cells.append(raw)
    return numbers, cells, False


CHUNK = 10_000  # rows checked at a time: a bulk importer writes one chunk while the next is checked


class _Checker:
    """Checks a sheet's data rows a chunk at a time, taking in the parts of a sheet still being
    read as it goes. Each column's cache of distinct values and the external keys seen so far carry
    over from chunk to chunk, so the checks are those of the whole sheet; `errors` gathers every
    problem, in sheet order within each chunk. Once every chunk is checked, `numbers` and `cells`
    hold all data rows."""

    def __init__(self, ledger: Ledger, sheet: Sheet):
        self.importer, self.sheet = ledger.importer, sheet
        while len(sheet.rows) < HEADER_SCAN and sheet.more():
            pass
        self.header_row, self.mapping = locate_header(sheet, self.importer.columns)
        self.plan = [
            (c, column, _column_parser(column, scale)) for c, (column, scale) in self.mapping.items()
        ]
        self.numbers, self.cells, self.ended = _data_rows(sheet, self.header_row + 1)
        self.seen = len(sheet.rows)
        self.memos = [{} if column.cache else None for _c, column, _p in self.plan]
        self.first_of: dict = {}
        self.errors: list[RowError] = []

    def _take(self, *, wait: bool = True) -> bool:
        """Read the sheet's next part, if any, and take in its data rows."""
        if not self.sheet.more(wait=wait):
            return False
        if not self.ended:
            numbers, cells, self.ended = _data_rows(self.sheet, self.seen)
            self.numbers += numbers
            self.cells += cells
        self.seen = len(self.sheet.rows)
        return True

    def has_rows(self) -> bool:
        while not self.numbers and self._take():
            pass
        return bool(self.numbers)

    def chunks(self, progress=None):
        """The well-formed rows of each chunk, as Rows (possibly empty)."""
        start = 0
        while True:
            if len(self.numbers) - start < CHUNK:  # a part of the sheet is a chunk, or what is read
                self._take(wait=start == len(self.numbers))
            if start >= len(self.numbers):
                break
            end = min(start + CHUNK, len(self.numbers))
            yield self._check(self.numbers[start:end], self.cells[start:end])
            start = end
            if progress:
                progress(self.sheet.fraction * start / len(self.numbers))
        while self._take():  # the rows below the footer, for the error report's copy of the sheet
            pass

    def _check(self, numbers: list[int], cells: list[list]) -> Rows:
        importer, sheet, plan = self.importer, self.sheet, self.plan
        width = min(map(len, cells), default=0)
        columns = []
        for (c, _column, parse), memo in zip(plan, self.memos, strict=True):
            values = (
                list(map(itemgetter(c), cells))
                if c < width
                else [r[c] if c < len(r) else None for r in cells]
            )
            columns.append(_parse_column(values, parse, memo))
        found = _cell_errors(sheet, plan, columns, numbers)
        if importer.key:
            found += _duplicate_keys(sheet, importer, plan, columns, numbers, self.first_of)
        found.sort(key=lambda e: e[:2])  # row by row, in column order, as the sheet reads
        self.errors.extend(e for _i, _pos, e in found)
        bad = {i for i, _pos, _e in found}
        parsed = Rows(
            numbers, {column.key: values for (_c, column, _p), values in zip(plan, columns, strict=True)}
        )
        if bad:
            parsed = parsed.only([i for i in range(len(numbers)) if i not in bad])
        if importer.check_rows:
            # Rules across a row's cells (dates of a completed project): checked on every well-formed
            # row, so one upload reports all of its problems at once.
            col_of = {column.key: (c, column.label) for c, (column, _) in self.mapping.items()}
            at = {n: i for i, n in enumerate(parsed.numbers)}
            bad_rows = set()
            for row_no, key, message in importer.check_rows(parsed):
                c, label = col_of.get(key, (None, key))
                value = parsed.columns[key][at[row_no]] if key in parsed.columns and row_no in at else None
                self.errors.append(RowError(sheet.name, row_no, label, value, message, c))
                bad_rows.add(row_no)
            if bad_rows:
                parsed = parsed.only([i for i, n in enumerate(parsed.numbers) if n not in bad_rows])
        return parsed


def _parse(ledger: Ledger, sheet: Sheet, progress=None):
    """Every row checked: (header row, the well-formed rows, the errors, the column mapping)."""
    checker = _Checker(ledger, sheet)
    keys = [column.key for _c, column, _p in checker.plan]
    parsed = Rows([], {key: [] for key in keys})
    for chunk in checker.chunks(progress):
        parsed.numbers.extend(chunk.numbers)
        for key in keys:
            parsed.columns[key].extend(chunk.columns[key])
    return checker.header_row, parsed, checker.errors, checker.mapping


def _cell_errors(sheet: Sheet, plan: list, columns: list[list], numbers: list[int]) -> list[tuple]:
    found = []
    for pos, ((c, column, _parse), results) in enumerate(zip(plan, columns, strict=True)):
        if _Bad in set(map(type, results)):
            for i, result in enumerate(results):
                if result.__class__ is _Bad:
                    error = RowError(sheet.name, numbers[i], column.label, result.shown, result.message, c)
                    found.append((i, pos, error))
    return found


def _duplicate_keys(
    sheet: Sheet, importer, plan: list, columns: list[list], numbers: list[int], first_of: dict
) -> list[tuple]:
    at = next((pos for pos, (_c, column, _p) in enumerate(plan) if column.key == importer.key), None)
    if at is None:
        return []
    found, label = [], _label(importer, importer.key)
    for i, key in enumerate(columns[at]):
        if key and key.__class__ is not _Bad:
            first = first_of.setdefault(key, numbers[i])
            if first != numbers[i]:
                error = RowError(sheet.name, numbers[i], label, key, f"与第{first}行的编号重复", plan[at][0])
                found.append((i, len(plan), error))
    return found


def _label(importer, key: str) -> str:
    return next(c.label for c in importer.columns if c.key == key)


def run(ledger: Ledger, *, actor, name: str, data: bytes, progress=None) -> ImportResult:
    """Validate everything, then write everything in one transaction, or nothing.

    `progress(fraction, phase)` (optional) hears how far reading, checking and writing are.
    The cyclic garbage collector is paused meanwhile: a large sheet creates millions of small
    objects that all stay alive until the end, and rescanning them made big imports quadratic."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _run(ledger, actor=actor, name=name, data=data, progress=progress)
    finally:
        if enabled:
            gc.enable()


def _run(ledger: Ledger, *, actor, name: str, data: bytes, progress=None) -> ImportResult:

    def report(fraction: float, phase: str) -> None:
        if progress:
            fraction = min(max(fraction, 0.0), 1.0)
            try:
                progress(fraction, phase)
            except TypeError:  # a one-argument callback, as before phases existed
                progress(fraction)

    report(0.0, "读取文件")
    importer = ledger.importer
    sheet = read(name, data, in_parts=bool(importer.save_many))
    try:
        return _checked_and_written(ledger, actor, sheet, report)
    finally:
        sheet.close()


def _checked_and_written(ledger: Ledger, actor, sheet: Sheet, report) -> ImportResult:
    result = ImportResult(sheet=sheet)
    importer = ledger.importer
    report(0.1, "校验数据")
    if importer.save_many:
        checker = _Checker(ledger, sheet)
        result.header_row = checker.header_row
        if not checker.has_rows():
            raise ImportRefused("表中没有数据行。")
        return _write(result, lambda: _save_many(importer, actor, checker, result, report), report)
    result.header_row, parsed, result.errors, _mapping = _parse(
        ledger, sheet, progress=lambda f: report(0.1 + 0.3 * f, "校验数据")
    )
    if result.errors:
        return result
    if not parsed:
        raise ImportRefused("表中没有数据行。")
    report(0.4, "写入数据")
    return _write(result, lambda: _save_each(importer, actor, parsed, result, sheet, report), report)


def _write(result: ImportResult, save, report) -> ImportResult:
    """`save()` in one transaction and audit batch, rolled back if any row was refused."""
    result.batch = uuid.uuid4()
    try:
        with audit.context(source=AuditEntry.Source.IMPORT, batch=result.batch), transaction.atomic():
            save()
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.created = result.updated = result.unchanged = 0
        result.batch = None
    report(1.0, "完成")
    return result


def _save_many(importer, actor, checker: _Checker, result: ImportResult, report) -> None:
    """Chunks go to the bulk importer as soon as they are checked, so the database writes one while
    the next is checked; after the first problem none is handed on, but every chunk is still checked
    so the report names all problems, and the transaction is rolled back."""

    def checked():
        for chunk in checker.chunks(lambda f: report(0.1 + 0.85 * f, "校验并写入")):
            if not checker.errors and len(chunk):
                yield chunk

    stream = checked()
    saved = importer.save_many(actor=actor, rows=stream, progress=None)
    if any(len(chunk) for chunk in stream):
        raise RuntimeError("save_many must take every chunk of rows")
    report(0.95, "写入数据")
    result.errors = checker.errors
    result.created, result.updated, result.unchanged = saved.created, saved.updated, saved.unchanged
    if not saved.errors:
        return
    col_of = {column.key: c for c, (column, _) in checker.mapping.items()}
    # The value shown is the cell as the sheet has it: the refusals are few, the rows many.
    cell_of = {n: cells for n, cells in zip(checker.numbers, checker.cells, strict=True)}
    for row_no, key, message in saved.errors:
        c = col_of.get(key)
        cells = cell_of.get(row_no, [])
        result.errors.append(
            RowError(
                checker.sheet.name,
                row_no,
                next((col.label for col in importer.columns if col.key == key), key),
                cells[c] if c is not None and c < len(cells) else None,
                message,
                c,
            )
        )


def _save_each(importer, actor, parsed, result, sheet, report) -> None:
    for i, (row_no, row) in enumerate(parsed, start=1):
        existing = importer.find(row) if importer.key and row.get(importer.key) else None
        try:
            before = existing.version if existing is not None and hasattr(existing, "version") else None
            saved = importer.save(actor=actor, row=row, existing=existing)
        except TongxinError as exc:
            fields = exc.fields or {"": [exc.message]}
            for field_name, messages in fields.items():
                label = next((c.label for c in importer.columns if c.key == field_name), field_name)
                result.errors.append(
                    RowError(sheet.name, row_no, label, row.get(field_name), " ".join(messages))
                )
            continue
        if existing is None:
            result.created += 1
        elif getattr(saved, "version", None) != before:
            result.updated += 1
        else:
            result.unchanged += 1
        if i % 500 == 0:
            report(0.4 + 0.6 * i / len(parsed), "写入数据")


class _Rollback(Exception):
    pass
