"""Importing a sheet into a ledger: every row validated before any is written; all or nothing.

Reads xlsx/xls/ods with python-calamine and csv in UTF-8 or GBK; finds the header row even under
merged two-row headers (WPS, LibreOffice); skips blank rows; folds full-width digits; scales
万元 columns. Errors name sheet, row, column, value and reason; the whole import is one
transaction and one audit batch, so a re-import keyed by the external key updates in place.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field

from django.db import transaction

from .. import audit
from ..errors import TongxinError
from ..models import AuditEntry
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
    name: str
    rows: list[list]


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


def read(name: str, data: bytes) -> Sheet:
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
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_filelike(io.BytesIO(data))
        name = book.sheet_names[0]
        rows = book.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as exc:  # calamine raises several of its own types for broken files
        raise ImportRefused(f"无法读取该表格文件:{exc}") from None
    return Sheet(name, [list(r) for r in rows])


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


def parse_rows(ledger: Ledger, sheet: Sheet) -> tuple[int, list[tuple[int, dict]], list[RowError]]:
    importer = ledger.importer
    header_row, mapping = locate_header(sheet, importer.columns)
    parsed, errors, keys = [], [], {}
    for r in range(header_row + 1, len(sheet.rows)):
        raw = sheet.rows[r]
        if _blank(raw):
            continue
        row, row_errors = {}, []
        for c, (column, scale) in mapping.items():
            value = raw[c] if c < len(raw) else None
            if isinstance(value, str):
                value = unicodedata.normalize("NFKC", value).strip()
            try:
                if scale != 1 and getattr(column.parse, "kind", None) == "money":
                    from ..money import parse_amount

                    result = parse_amount(value, scale=scale)
                    if column.required and result is None:
                        raise ValueError("必填")
                else:
                    result = column.parse(value)
            except ValueError as exc:
                row_errors.append(RowError(sheet.name, r + 1, column.label, value, str(exc), c))
                continue
            row[column.key] = result
        if importer.key and row.get(importer.key):
            first = keys.setdefault(row[importer.key], r + 1)
            if first != r + 1:
                col = next(c for c, (col, _) in mapping.items() if col.key == importer.key)
                row_errors.append(
                    RowError(
                        sheet.name,
                        r + 1,
                        _label(importer, importer.key),
                        row[importer.key],
                        f"与第{first}行的编号重复",
                        col,
                    )
                )
        errors.extend(row_errors)
        if not row_errors:
            parsed.append((r + 1, row))
    if importer.check_rows and not errors:
        for row_no, column, message in importer.check_rows([row for _, row in parsed]):
            errors.append(RowError(sheet.name, row_no, column, None, message))
    return header_row, parsed, errors


def _label(importer, key: str) -> str:
    return next(c.label for c in importer.columns if c.key == key)


def run(ledger: Ledger, *, actor, name: str, data: bytes, progress=None) -> ImportResult:
    """Validate everything, then write everything in one transaction, or nothing."""
    sheet = read(name, data)
    result = ImportResult(sheet=sheet)
    result.header_row, parsed, result.errors = parse_rows(ledger, sheet)
    if result.errors:
        return result
    if not parsed:
        raise ImportRefused("表中没有数据行。")
    result.batch = uuid.uuid4()
    importer = ledger.importer
    try:
        with audit.context(source=AuditEntry.Source.IMPORT, batch=result.batch), transaction.atomic():
            for i, (row_no, row) in enumerate(parsed, start=1):
                existing = importer.find(row) if importer.key and row.get(importer.key) else None
                try:
                    before = (
                        existing.version if existing is not None and hasattr(existing, "version") else None
                    )
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
                if progress and i % 500 == 0:
                    progress(i / len(parsed))
            if result.errors:
                raise _Rollback
    except _Rollback:
        result.created = result.updated = result.unchanged = 0
        result.batch = None
    return result


class _Rollback(Exception):
    pass
