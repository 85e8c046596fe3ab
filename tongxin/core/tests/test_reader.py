"""A large xlsx read in parts gives the rows calamine reads from the whole sheet, also when the
XML is unusual, a part is refused or the file is broken; an import reads its rows that way."""

import datetime as dt
import io
import re
import threading
import zipfile

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineError

from tongxin.core.ledger import REGISTRY, importer, reader
from tongxin.core.tests.test_ledger import HEADER, xlsx
from tongxin.projects.models import Project

SHIPPED_SHARE = reader.STRINGS_SHARE  # read before a fixture changes it


@pytest.fixture
def small_parts(monkeypatch):
    monkeypatch.setattr(reader, "PART_BYTES", 2048)
    monkeypatch.setattr(reader, "FIRST_BYTES", 1024)
    monkeypatch.setattr(reader, "BATCH_BYTES", 8192)
    monkeypatch.setattr(reader, "STRINGS_SHARE", 0)  # parts even when the shared strings are many


def in_parts(data: bytes, *, fallback: bool = False) -> list[list]:
    """The rows as the reader hands them out; unless `fallback`, none from the whole file."""
    plan = reader.plan(data)
    assert plan is not None, "the file should be read in parts"
    real = reader.whole

    def refused(_data):
        raise AssertionError("the reader fell back to the whole sheet")

    reader.whole = real if fallback else refused
    try:
        parts = reader.Parts(data, plan)
        rows = list(parts.first)
        for part in parts:
            rows.extend(part)
    finally:
        reader.whole = real
    return rows


def whole(data: bytes) -> list[list]:
    return reader.whole(data)[1]


def trimmed(rows: list[list]) -> list[list]:
    """A row that ends early in its part holds the same cells as the whole sheet's padded row."""
    out = []
    for row in rows:
        row = list(row)
        while row and row[-1] == "":
            row.pop()
        out.append(row)
    return out


def grid(n: int = 600) -> list[list]:
    rows = [["编号", "项目名称", "金额", None, "日期"], [None, None, "计划", "到位", None]]
    for i in range(n):
        if i % 97 == 5:
            rows.append([])  # a blank row
            continue
        row = [f"R-{i}", f"项目<{i}>&“引号”", i * 1.25, i, dt.date(2024, 1, 1) + dt.timedelta(days=i)]
        if 300 <= i < 340:
            row[:2] = [None, None]  # a stretch of rows that begin in the third column
        rows.append(row)
    return rows


def by_xlsxwriter(rows: list[list], *, inline: bool) -> bytes:
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"constant_memory": inline, "in_memory": not inline})
    sheet, dates = book.add_worksheet("项目"), book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.merge_range(0, 2, 0, 3, "金额")
    for r, row in enumerate(rows):
        if r >= 150 and r % 50 == 0:  # rows the XML skips altogether
            continue
        for c, value in enumerate(row):
            if isinstance(value, dt.date):
                sheet.write_datetime(r, c, value, dates)
            elif value is not None and not (r == 0 and c in (2, 3)):
                sheet.write(r, c, value)
    book.add_worksheet("说明").write(0, 0, "另一张表")
    book.close()
    return out.getvalue()


@pytest.mark.parametrize("make", ["inline strings", "shared strings", "openpyxl"])
def test_parts_give_the_rows_of_the_whole_sheet(small_parts, make):
    rows = grid()
    data = (
        xlsx(rows, ["C1:D1"]) if make == "openpyxl" else by_xlsxwriter(rows, inline=make == "inline strings")
    )
    expected = whole(data)
    assert expected[3][4] == dt.date(2024, 1, 2) and expected[2][1] == "项目<0>&“引号”"
    assert trimmed(in_parts(data)) == trimmed(expected)


cells = st.one_of(
    st.none(),
    st.text(alphabet="ab<&甲乙 ", min_size=1, max_size=6),
    st.integers(-1000, 10**9),
    st.floats(-1e6, 1e6, allow_nan=False),
    st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(cells, max_size=7), min_size=40, max_size=160), st.booleans())
def test_any_sheet_reads_in_parts_as_whole(small_parts, rows, inline):
    data = by_xlsxwriter([["表头", "第二列"], *rows], inline=inline)
    if reader.plan(data) is None:  # too little XML to be cut into parts
        return
    assert trimmed(in_parts(data)) == trimmed(whole(data))


def rezipped(data: bytes, change, name: str = "xl/worksheets/sheet1.xml") -> bytes:
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as source,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            content = source.read(info)
            if info.filename == name:
                content = change(content)
            target.writestr(info.filename, content)
    return out.getvalue()


def tables_given(monkeypatch) -> list:
    """The shared-strings table each batch's workbook gets (None: the file's own, whole), and how
    many parts the workbook holds."""
    given, made = [], reader._workbook

    def recorded(plan, frame, batch, bounds, strings):
        given.append((strings, len(bounds)))
        return made(plan, frame, batch, bounds, strings)

    monkeypatch.setattr(reader, "_workbook", recorded)
    return given


def test_a_batch_of_parts_gets_the_shared_strings_up_to_those_its_rows_use(small_parts, monkeypatch):
    """Excel's tables list strings in the order the sheet first uses them: early batches parse a
    short table, the batches grow so that later ones hold several parts under one table, and no
    part is read twice."""
    data = by_xlsxwriter(grid(), inline=False)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        table = archive.read("xl/sharedStrings.xml")
    given = tables_given(monkeypatch)
    assert trimmed(in_parts(data)) == trimmed(whole(data))
    sizes = [len(strings) for strings, _parts in given]  # a None would fail here: a part read again
    assert len(sizes) > 10 and sizes == sorted(sizes)
    assert sizes[0] < len(table) // 10 and sizes[len(sizes) // 2] < len(table) * 3 // 4
    assert [parts for _strings, parts in given][:6] == [1, 1, 1, 2, 4, 4]  # 1 KB, then 2, 2, 4, 8 KB


def reversed_table(data: bytes) -> bytes:
    """The same sheet with its shared strings listed last-used first."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        entries = re.findall(rb"<si>.*?</si>", archive.read("xl/sharedStrings.xml"), re.S)
    n = len(entries)
    data = rezipped(
        data,
        lambda xml: re.sub(rb"<si>.*</si>", lambda _m: b"".join(reversed(entries)), xml, flags=re.S),
        "xl/sharedStrings.xml",
    )
    return rezipped(
        data, lambda xml: re.sub(rb'(t="s"><v>)(\d+)<', lambda m: m[1] + b"%d<" % (n - 1 - int(m[2])), xml)
    )


def test_a_table_in_another_order_reads_a_part_again_with_the_whole_table(small_parts, monkeypatch):
    """A part whose earlier rows use strings listed after those of its last rows is refused with
    the short table, read again with the whole one, and so is every later batch."""
    monkeypatch.setattr(reader, "TAIL_BYTES", 200)  # the last row or two of each part
    data = reversed_table(by_xlsxwriter(grid(), inline=False))
    given = tables_given(monkeypatch)
    assert trimmed(in_parts(data)) == trimmed(whole(data))
    tables = [strings for strings, _parts in given]
    assert tables[0] is not None and tables[1] is None and tables[2:] == [None] * (len(tables) - 2)


def test_the_last_part_holds_the_rest_of_the_rows(small_parts):
    """The block that reaches the end of the XML goes into the last part with the rows before it,
    not into a part of its own for the final row."""
    data = by_xlsxwriter(grid(), inline=True)
    *_, (start, rows, _fraction) = reader._parse_parts(data, reader.plan(data))
    assert len(rows) > 1 and start + len(rows) == len(whole(data))


def test_a_sheet_of_many_shared_strings_is_read_whole(small_parts, monkeypatch):
    """Each batch parses the shared strings again: a sheet is read in parts only when its XML is
    at least three times the table, so a sheet with as many strings as cells is read whole."""
    data = by_xlsxwriter(grid(), inline=False)
    assert reader.plan(data) is not None
    monkeypatch.setattr(reader, "STRINGS_SHARE", SHIPPED_SHARE)
    assert reader.plan(data) is None


def test_a_workbook_with_other_namespace_prefixes_reads_in_parts(small_parts):
    """The parts' workbooks list their sheets as the file's own workbook does, whatever prefixes
    it gives SpreadsheetML and the relationships (x:sheet, rel:id)."""

    def prefixed(xml: bytes) -> bytes:
        declaration, _, rest = xml.partition(b"?>")
        rest = re.sub(rb"<(/?)(\w+)([\s>/])", rb"<\1x:\2\3", rest)
        rest = rest.replace(b'xmlns="', b'xmlns:x="').replace(b"xmlns:r=", b"xmlns:rel=")
        return declaration + b"?>" + rest.replace(b" r:id=", b" rel:id=")

    data = rezipped(by_xlsxwriter(grid(), inline=True), prefixed, "xl/workbook.xml")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b'<x:sheet name="' in archive.read("xl/workbook.xml")
    expected = whole(data)
    assert len(expected) > 500
    assert trimmed(in_parts(data)) == trimmed(expected)


def test_rows_without_numbers_fall_back_to_the_whole_sheet(small_parts):
    data = rezipped(by_xlsxwriter(grid(), inline=True), lambda xml: re.sub(rb'<row r="\d+"', b"<row", xml))
    expected = whole(data)
    assert len(expected) > 500
    assert trimmed(in_parts(data, fallback=True)) == trimmed(expected)


def test_a_comment_among_the_rows_falls_back_to_the_whole_sheet(small_parts, monkeypatch):
    """A comment could hide a row tag from the cuts: the rest is read from the whole file."""
    data = rezipped(
        by_xlsxwriter(grid(), inline=True),
        lambda xml: xml.replace(b'<row r="400"', b'<!-- note! --><row r="400"'),
    )
    real_whole, wholes = reader.whole, []
    expected = whole(data)
    monkeypatch.setattr(reader, "whole", lambda data: wholes.append(1) or real_whole(data))
    assert trimmed(in_parts(data, fallback=True)) == trimmed(expected)
    assert wholes == [1]


def test_a_part_calamine_refuses_falls_back_to_the_whole_sheet(small_parts, monkeypatch):
    made, real_whole = reader._workbook, reader.whole
    calls, wholes = iter(range(1000)), []

    def broken_from_the_sixth(*args):  # with the short table and the whole one
        return b"not a zip" if next(calls) >= 5 else made(*args)

    data = by_xlsxwriter(grid(), inline=False)
    expected = whole(data)
    monkeypatch.setattr(reader, "_workbook", broken_from_the_sixth)
    monkeypatch.setattr(reader, "whole", lambda data: wholes.append(1) or real_whole(data))
    assert trimmed(in_parts(data, fallback=True)) == trimmed(expected)
    assert wholes == [1]


def ledger_sheet(name: str, n: int, bad: int | None = None) -> bytes:
    rows = [HEADER]
    for i in range(1, n + 1):
        region = "990000" if i == bad else "520521"
        rows.append([f"P-{i}", f"分批读取{i}", name, "捐赠", "计划", region, "教育", None, i, ""])
    return xlsx(rows)


def test_an_import_reads_in_parts_and_names_rows_of_later_parts(small_parts, users, program, monkeypatch):
    """The rows of later parts keep their sheet row numbers: an error there names its row, and
    nothing is written; the good file then imports every row once."""
    opened = []
    monkeypatch.setattr(reader.Parts, "ready", lambda self: opened.append(self) or not self._queue.empty())
    bijie = program("组团式帮扶毕节")
    result = importer.run(REGISTRY["projects"], actor=users["coordinator"], name="a.xlsx",
                          data=ledger_sheet(bijie.name, 400, bad=377))  # fmt: skip
    assert opened, "the sheet should have been read in parts"
    assert [(e.row, e.column) for e in result.errors] == [(378, "区划代码")]
    assert len(result.sheet.rows) == 401 and result.sheet.rows[400][0] == "P-400"
    assert not Project.objects.filter(code__startswith="P-").exists()
    good = importer.run(REGISTRY["projects"], actor=users["coordinator"], name="a.xlsx",
                        data=ledger_sheet(bijie.name, 400))  # fmt: skip
    assert good.ok and good.created == 400
    assert Project.objects.get(code="P-400").title == "分批读取400"


def test_an_import_refused_early_stops_the_reader(small_parts, users):
    rows = [["不是", "这个", "表头"], *[[f"x{i}", i, "y" * 20] for i in range(400)]]
    data = xlsx(rows)
    assert reader.plan(data) is not None
    with pytest.raises(importer.ImportRefused, match="表头不符"):
        importer.run(REGISTRY["projects"], actor=users["coordinator"], name="b.xlsx", data=data)
    for thread in threading.enumerate():
        if thread.name == "tongxin-xlsx-reader":
            thread.join(timeout=5)
            assert not thread.is_alive()


def test_a_file_broken_in_a_later_part_is_refused_by_the_import(small_parts, users, program):
    data = ledger_sheet(program("组团式帮扶毕节").name, 400)
    broken = rezipped(data, lambda xml: xml[: len(xml) * 3 // 4])
    with pytest.raises(CalamineError):
        whole(broken)
    with pytest.raises(importer.ImportRefused, match="无法读取"):
        importer.run(REGISTRY["projects"], actor=users["coordinator"], name="坏.xlsx", data=broken)
    assert not Project.objects.filter(code__startswith="P-").exists()
