"""Excel output: the filtered ledger, the import template and the error report.

XlsxWriter runs in constant-memory mode into a temporary file that is streamed back, so memory
stays flat however many rows are exported. Text that a spreadsheet would read as a formula
(leading = + - @) is neutralized with a leading apostrophe.
"""

from __future__ import annotations

import datetime as dt
import tempfile
import typing
from decimal import Decimal

import xlsxwriter
from django.utils import timezone

from .declare import Column, Ledger

FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r")
MONEY = "#,##0.00"
WAN = "#,##0.0000"


def safe_text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_LEADS) else value


def _formats(book):
    return {
        "header": book.add_format({"bold": True, "bg_color": "#EEF2F7", "border": 1, "text_wrap": True}),
        "money": book.add_format({"num_format": MONEY}),
        "wan": book.add_format({"num_format": WAN}),
        "date": book.add_format({"num_format": "yyyy-mm-dd"}),
        "datetime": book.add_format({"num_format": "yyyy-mm-dd hh:mm"}),
        "total": book.add_format({"bold": True, "top": 1}),
        "total_money": book.add_format({"bold": True, "top": 1, "num_format": MONEY}),
        "total_wan": book.add_format({"bold": True, "top": 1, "num_format": WAN}),
        "bad": book.add_format({"bg_color": "#FFC7CE", "font_color": "#9C0006"}),
        "note": book.add_format({"italic": True, "font_color": "#616E7C"}),
    }


def write_cell(sheet, row: int, col: int, value, kind: str, fmt: dict, wan: bool = False) -> None:
    if value is None or value == "":
        sheet.write_blank(row, col, None)
    elif kind == "money":
        amount = Decimal(value) / (10000 if wan else 1)
        sheet.write_number(row, col, float(amount), fmt["wan" if wan else "money"])
    elif kind == "int":
        sheet.write_number(row, col, int(value))
    elif kind == "datetime" and isinstance(value, dt.datetime):
        sheet.write_datetime(row, col, timezone.localtime(value).replace(tzinfo=None), fmt["datetime"])
    elif kind in ("date", "datetime") and isinstance(value, dt.date):
        sheet.write_datetime(row, col, dt.datetime(value.year, value.month, value.day), fmt["date"])
    elif isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        sheet.write_number(row, col, float(value))
    else:
        sheet.write_string(row, col, safe_text(str(value)))


def header_label(column: Column, wan: bool) -> str:
    if column.kind == "money":
        return f"{column.label}({'万元' if wan else '元'})"
    return column.label


def export(ledger: Ledger, rows, totals: dict, *, wan: bool = False, described=()) -> typing.IO[bytes]:
    """The rows exactly as filtered, then a totals row computed over the same selection."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- returned open, streamed by the response
    book = xlsxwriter.Workbook(out, {"constant_memory": True, "in_memory": False})
    fmt = _formats(book)
    sheet = book.add_worksheet(ledger.title[:31])
    for col, column in enumerate(ledger.columns):
        sheet.write_string(0, col, header_label(column, wan), fmt["header"])
        sheet.set_column(col, col, 14 if column.kind in ("money", "date", "datetime", "int") else 24)
    row_no = 0
    for row_no, obj in enumerate(rows, start=1):
        for col, column in enumerate(ledger.columns):
            write_cell(sheet, row_no, col, column.value(obj), column.kind, fmt, wan)
    total_row = row_no + 1
    sheet.write_string(total_row, 0, f"合计({totals.get('count', 0)}条)", fmt["total"])
    for col, column in enumerate(ledger.columns):
        if column.total and col:
            value = totals.get(column.total)
            if column.kind == "money" and value is not None:
                sheet.write_number(
                    total_row,
                    col,
                    float(Decimal(value) / (10000 if wan else 1)),
                    fmt["total_wan" if wan else "total_money"],
                )
            elif value is not None:
                sheet.write_number(total_row, col, float(value), fmt["total"])
    note_row = total_row + 2
    stamp = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    conditions = ";".join(f"{label}:{value}" for label, value in described) or "全部"
    sheet.write_string(note_row, 0, f"导出时间 {stamp};筛选条件 {conditions}", fmt["note"])
    sheet.freeze_panes(1, 0)
    book.close()
    out.seek(0)
    return out


def template(ledger: Ledger) -> typing.IO[bytes]:
    """The import template: the expected headers, a note per column, choice lists as validations."""
    importer = ledger.importer
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- returned open, streamed by the response
    book = xlsxwriter.Workbook(out, {"in_memory": False})
    fmt = _formats(book)
    sheet = book.add_worksheet(ledger.title[:31])
    notes = book.add_worksheet("填写说明")
    notes.write_row(0, 0, ["列名", "必填", "说明"], fmt["header"])
    for col, column in enumerate(importer.columns):
        sheet.write_string(0, col, column.label, fmt["header"])
        sheet.set_column(col, col, 18)
        notes.write_row(col + 1, 0, [column.label, "是" if column.required else "", column.note])
        choices = getattr(column.parse, "choices", None)
        if choices:
            sheet.data_validation(1, col, 10000, col, {"validate": "list", "source": list(choices)[:50]})
    notes.set_column(0, 0, 20)
    notes.set_column(2, 2, 60)
    book.close()
    out.seek(0)
    return out


def error_report(rows: list[list], header_row: int, errors, sheet_name: str) -> typing.IO[bytes]:
    """The uploaded rows again, each bad cell marked red with its reason, and a list of all errors."""
    out = tempfile.TemporaryFile()  # noqa: SIM115 -- returned open, streamed by the response
    book = xlsxwriter.Workbook(out, {"in_memory": False})
    fmt = _formats(book)
    sheet = book.add_worksheet((sheet_name or "数据")[:31])
    bad = {(e.row - 1, e.col): e.message for e in errors if e.col is not None}
    bad_rows = {e.row - 1 for e in errors}
    width = max((len(r) for r in rows), default=0)
    for r, values in enumerate(rows):
        for c in range(width):
            value = values[c] if c < len(values) else None
            cell_fmt = fmt["bad"] if (r, c) in bad else (fmt["header"] if r == header_row else None)
            text = "" if value is None else str(value)
            sheet.write_string(r, c, safe_text(text), cell_fmt) if cell_fmt else sheet.write_string(
                r, c, safe_text(text)
            )
            if (r, c) in bad:
                sheet.write_comment(r, c, bad[(r, c)])
        if r in bad_rows:
            sheet.write_string(r, width, "有错误", fmt["bad"])
    listing = book.add_worksheet("错误清单")
    listing.write_row(0, 0, ["工作表", "行", "列", "值", "原因"], fmt["header"])
    for i, e in enumerate(errors, start=1):
        listing.write_row(i, 0, [e.sheet, e.row, e.column, safe_text(str(e.value or "")), e.message])
    listing.set_column(4, 4, 60)
    book.close()
    out.seek(0)
    return out
