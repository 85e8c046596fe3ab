"""Reading a large xlsx in parts on a second thread, so that an import checks and writes the first
rows while calamine still parses the rest (calamine parses without holding Python's GIL).

The first worksheet's XML is inflated bit by bit and cut between rows into parts of a few MB; each
part becomes a small workbook of its own (the same workbook, styles and shared strings, the rows
stored uncompressed) that calamine parses. Of a shared-strings table (as Excel and WPS save) a
part gets the entries up to the last one its final rows use, since these tables list strings as
the sheet first uses them; a part that uses a later entry is refused by calamine and read again
with the whole table. The rows come out as calamine reads the whole sheet
with `to_python(skip_empty_area=False)`: the same cells in the same rows and columns (a gap or a
row that ends early is shorter, which a reader of cells takes as blank anyway). XML that is not
plainly rows with their numbers (comments, CDATA, rows without `r`), or a part calamine refuses,
sends the reader back to the whole file for the rest.
"""

from __future__ import annotations

import io
import queue
import re
import threading
import zipfile
from array import array
from collections.abc import Iterator
from itertools import accumulate, chain, islice
from posixpath import dirname, join, normpath
from xml.etree import ElementTree

PART_BYTES = 6 * 1024 * 1024  # of worksheet XML per part: about 8,000 rows of a ledger
# A part is at least this many times the shared strings, which calamine parses again for each part
# (up to the entries the part uses; without the GIL, 0.06 s for Excel's whole 6.5 MB table of
# 100,000 ledger rows). At 1 the table costs at most one more read of the sheet's size, and the
# overlap wins more: 100,000 rows saved as Excel saves them imported in 2.87 s against 3.08 s
# read whole (medians of 5, interleaved, each part then parsing the whole table).
STRINGS_SHARE = 1
FIRST_BYTES = 1024 * 1024  # the first part, small: the checks start while the next is parsed
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\s*>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_SST = re.compile(rb"<((?:\w+:)?)sst[\s>]")
_SHARED_CELL = re.compile(rb"""\st=["']s["'][^>]*>\s*<(?:\w+:)?v>\s*(\d+)""")
TAIL_BYTES = 64 * 1024  # of a part's last rows, scanned for the latest shared string the part uses


class Parts:
    """The rows of the first sheet, part by part. `first` holds the rows of the first part;
    iterating gives the rows of each further part, read ahead on a thread; `fraction` is how much
    of the sheet's XML has been handed out; `close()` stops the thread early."""

    def __init__(self, data: bytes, plan: _Plan):
        self.data, self.plan, self.fraction = data, plan, 0.0
        self._queue: queue.Queue = queue.Queue(maxsize=2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._read, name="tongxin-xlsx-reader", daemon=True)
        self._thread.start()
        self.first = next(self, [])

    def __iter__(self) -> Iterator[list[list]]:
        return self

    def __next__(self) -> list[list]:
        kind, value, fraction = self._queue.get()
        if kind == "end":
            self._queue.put((kind, value, fraction))  # stays at the end
            raise StopIteration
        if kind == "error":
            self._queue.put((kind, value, fraction))
            raise value
        self.fraction = fraction
        return value

    def ready(self) -> bool:
        """Whether the next part (or the end) is read."""
        return not self._queue.empty()

    def close(self) -> None:
        self._stop.set()

    def _put(self, item) -> bool:
        while not self._stop.is_set():
            try:
                self._queue.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def _read(self) -> None:
        made = 0  # rows made so far: where the next part's rows begin
        try:
            try:
                for start, rows, fraction in _parse_parts(self.data, self.plan):
                    if start < made:
                        raise _Unusual
                    rows = _placed(rows, start, made)
                    made += len(rows)
                    if not self._put(("rows", rows, fraction)):
                        return
            except Exception:  # whatever the parts did not foresee: the whole file, from there on
                if not self._put(("rows", whole(self.data)[1][made:], 1.0)):
                    return
        except BaseException as exc:  # the whole file refused too: the caller's to report
            self._put(("error", exc, 1.0))
            return
        self._put(("end", None, 1.0))


class _Unusual(Exception):
    """The XML is not what the parts assume: read the whole file instead."""


class _Plan:
    def __init__(
        self, name: str, sheet: str, others: dict[str, bytes], size: int, part_bytes: int, strings: str | None
    ):
        self.name, self.sheet, self.others = name, sheet, others
        self.size, self.part_bytes, self.strings = size, part_bytes, strings


class _Strings:
    """A shared-strings table and where each entry begins, so that a part's workbook can hold
    only the first `n` entries: the same index gives the same string, and an index beyond them
    makes calamine refuse the part ("index not found"), never read another string."""

    def __init__(self, xml: bytes):
        self.xml, self.starts = xml, None
        found = _SST.search(xml, 0, 4096)
        if found is None:
            return
        tag, self.closing = b"<" + found.group(1) + b"si>", b"</" + found.group(1) + b"sst>"
        pieces = xml.split(tag)  # the header, then each entry (the last with the closing tag)
        sizes = map(len(tag).__add__, map(len, islice(pieces, 1, None)))
        self.starts = array("q", accumulate(chain((len(pieces[0]),), sizes)))

    def first(self, n: int) -> bytes:
        if self.starts is None or n >= len(self.starts) - 1:
            return self.xml
        return self.xml[: self.starts[n]] + self.closing


def plan(data: bytes) -> _Plan | None:
    """How to read this xlsx in parts, or None when it is better read whole (small, or its shared
    strings so large that parsing them again for each part would cost more than it wins)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            book = _target("", archive.read("_rels/.rels"), "/officeDocument")[0]
            book_rels = join(dirname(book), "_rels", book.rsplit("/", 1)[-1] + ".rels")
            rels = archive.read(book_rels)
            sheets = ElementTree.fromstring(archive.read(book)).find(f"{_MAIN}sheets")
            name, first = sheets[0].get("name"), sheets[0].get(_R_ID)
            sheet = dict(_targets(dirname(book), rels))[first]
            shared = _target(dirname(book), rels, ("/sharedStrings", "/styles"))
            table = next(iter(_target(dirname(book), rels, "/sharedStrings")), None)
            size = archive.getinfo(sheet).file_size
            strings = sum(archive.getinfo(t).file_size for t in shared if t in names)
            part_bytes = max(PART_BYTES, STRINGS_SHARE * strings)
            if size < 3 * part_bytes:
                return None
            keep = ["[Content_Types].xml", "_rels/.rels", book, book_rels, *shared]
            others = {name: archive.read(name) for name in keep if name in names}
    except (KeyError, IndexError, TypeError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    return _Plan(name, sheet, others, size, part_bytes, table if table in others else None)


def _targets(base: str, rels: bytes, *, kinds: bool = False) -> list[tuple[str, str]]:
    out = []
    for rel in ElementTree.fromstring(rels).iter(_REL):
        target = rel.get("Target", "")
        path = normpath(target.lstrip("/") if target.startswith("/") else join(base, target))
        out.append((path, rel.get("Type", "")) if kinds else (rel.get("Id"), path))
    return out


def _target(base: str, rels: bytes, kind: str | tuple[str, ...]) -> list[str]:
    return [path for path, k in _targets(base, rels, kinds=True) if k.endswith(kind)]


def _parse_parts(data: bytes, plan: _Plan) -> Iterator[tuple[int, list[list], float]]:
    """(first row index, rows, fraction of the XML read) per part, parsed in order."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive, archive.open(plan.sheet) as xml:
        buffer = xml.read(FIRST_BYTES)
        found = _SHEET_DATA.search(buffer)
        if found is None:
            raise _Unusual
        prefix, ns = buffer[: found.end()], found.group(1)
        row, closing = b"<" + ns + b"row", b"</" + ns + b"sheetData>"
        suffix = closing + b"</" + ns + b"worksheet>"
        buffer, done, last, index, at_end = buffer[found.end() :], found.end(), 0, 0, False
        strings = _Strings(plan.others[plan.strings]) if plan.strings else None
        needed = 0  # entries of the shared strings the parts so far used
        while True:
            if at_end:
                cut = buffer.find(closing)
                if cut < 0:
                    raise _Unusual
            else:
                cut = buffer.rfind(row, 0, len(buffer) - 1)
                if cut <= 0:  # not a whole row beyond the first yet
                    block = xml.read(plan.part_bytes)
                    buffer, at_end = buffer + block, len(block) < plan.part_bytes  # short: the end
                    continue
            piece, buffer = buffer[:cut], buffer[cut:]
            done += len(piece)
            if b"<!" in piece:
                raise _Unusual
            last = _check_numbers(piece, row, last, first=index == 0)
            part_xml = prefix + piece + suffix
            sheet = None
            if strings is not None:
                used = [int(n) for n in _SHARED_CELL.findall(piece, max(0, len(piece) - TAIL_BYTES))]
                needed = max(needed, max(used, default=-1) + 1)
                try:
                    sheet = _sheet(plan, part_xml, strings.first(needed))
                except Exception:  # an earlier row used a later string: the whole table from now on
                    strings = None
            if sheet is None:
                try:
                    sheet = _sheet(plan, part_xml)
                except Exception as exc:
                    raise _Unusual from exc
            fraction = min(done / plan.size, 1.0)
            if index == 0:
                yield 0, sheet.to_python(skip_empty_area=False), fraction
            elif sheet.start is not None:
                start_row, start_col = sheet.start
                rows = sheet.to_python(skip_empty_area=True)
                if start_col:
                    rows = [[""] * start_col + r for r in rows]
                yield start_row, rows, fraction
            index += 1
            if at_end:
                return


def _check_numbers(piece: bytes, row: bytes, last: int, *, first: bool) -> int:
    """The number of the part's last row. A later part's first row must carry its number, after
    the previous part's rows, so that calamine places every row as in the whole sheet."""
    at = piece.find(row)
    if at < 0:
        return last
    if not first and _number(piece, at + len(row)) <= last:
        raise _Unusual
    return _number(piece, piece.rfind(row) + len(row))


def _number(piece: bytes, at: int) -> int:
    found = _ROW_NUMBER.search(piece, at, piece.find(b">", at))
    if found is None:
        raise _Unusual
    return int(found.group(1))


def _sheet(plan: _Plan, sheet_xml: bytes, strings: bytes | None = None):
    from python_calamine import CalamineWorkbook

    book = _workbook(plan, sheet_xml, strings)
    return CalamineWorkbook.from_filelike(io.BytesIO(book)).get_sheet_by_index(0)


def _workbook(plan: _Plan, sheet_xml: bytes, strings: bytes | None = None) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
        for name, content in plan.others.items():
            book.writestr(name, strings if strings is not None and name == plan.strings else content)
        book.writestr(plan.sheet, sheet_xml)
    return out.getvalue()


def _placed(rows: list[list], start: int, made: int) -> list[list]:
    """Rows that begin at sheet row `start`, after the `made` rows before them: empty rows fill a
    gap the XML skipped."""
    if start > made:
        return [[] for _ in range(start - made)] + rows
    return rows


def whole(data: bytes) -> tuple[str, list[list]]:
    """The first sheet's name and rows, read at once (calamine's rows are lists already)."""
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(data))
    return book.sheet_names[0], book.get_sheet_by_index(0).to_python(skip_empty_area=False)
