"""Reading a large xlsx in parts on a second thread, so that an import checks and writes the first
rows while calamine still parses the rest (calamine parses without holding Python's GIL).

The first worksheet's XML is inflated a batch at a time and cut between rows into parts of a few
MB. The parts of a batch become the sheets of one small workbook (the same styles and shared
strings, the rows stored uncompressed) that calamine opens once, parsing its shared strings, and
then parses sheet by sheet. The first part is a batch of its own, so that the checks start at once;
later batches double, so that the parts keep coming while the shared strings are parsed a few
times rather than once per part. Of a shared-strings table (as Excel and WPS save) a batch gets
the entries up to the last one its parts' final rows use, since these tables list strings as the
sheet first uses them; a part that uses a later entry is refused by calamine and read again, with
the rest of its batch, with the whole table. The rows come out as calamine reads the whole sheet
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
from posixpath import dirname, join, normpath, relpath
from xml.etree import ElementTree

PART_BYTES = 6 * 1024 * 1024  # of worksheet XML per part: about 10,000 rows of a ledger
FIRST_BYTES = 1024 * 1024  # the first part, small: the checks start while the next is parsed
BATCH_BYTES = 64 * 1024 * 1024  # of worksheet XML per workbook at most: 50 MB hold 100,000 rows
# calamine parses a workbook's shared strings when it opens it (without the GIL: 0.07 s for Excel's
# 6.5 MB table of 100,000 ledger rows), so once per batch, up to the entries the batch uses. A
# sheet is read in parts when its XML is at least three times this many times the table (the
# batches double, so the tables they parse come to about twice the whole one), and a batch may
# grow to this many times the table.
STRINGS_SHARE = 1
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_R_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_WORKSHEET = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet"
_SHEET_DATA = re.compile(rb"<((?:\w+:)?)sheetData\s*>")
_ROW_NUMBER = re.compile(rb'\sr="(\d+)"')
_SST = re.compile(rb"<((?:\w+:)?)sst[\s>]")
_SHARED_CELL = re.compile(rb"""\st=["']s["'][^>]*>\s*<(?:\w+:)?v>\s*(\d+)""")
_SHEETS = re.compile(rb"<((?:\w+:)?)sheets\b[^>]*>.*?</\1sheets\s*>", re.S)
_SHEET_RID = re.compile(rb"<(?:\w+:)?sheet\b[^>]*?\s((?:\w+:)id)\s*=")
_RELS_END = re.compile(rb"</((?:\w+:)?)Relationships\s*>")
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
    def __init__(self, name: str, sheet: str, others: dict[str, bytes], size: int, batch_bytes: int,
                 strings: str | None, book: tuple, rels: tuple):  # fmt: skip
        self.name, self.sheet, self.others, self.size = name, sheet, others, size
        self.batch_bytes, self.strings = batch_bytes, strings
        # The workbook and its relationships, each as (name, the text before the parts' entries, a
        # part's entry with {n} for its number, the text after), for a workbook of parts.
        self.book, self.rels = book, rels


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
    """How to read this xlsx in parts, or None when it is better read whole (small, its shared
    strings large beside its rows, or a workbook whose sheet list is not as expected)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            book = _target("", archive.read("_rels/.rels"), "/officeDocument")[0]
            book_rels = join(dirname(book), "_rels", book.rsplit("/", 1)[-1] + ".rels")
            rels = archive.read(book_rels)
            book_xml = archive.read(book)
            sheets = ElementTree.fromstring(book_xml).find(f"{_MAIN}sheets")
            name, first = sheets[0].get("name"), sheets[0].get(_R_ID)
            sheet = dict(_targets(dirname(book), rels))[first]
            shared = _target(dirname(book), rels, ("/sharedStrings", "/styles"))
            table = next(iter(_target(dirname(book), rels, "/sharedStrings")), None)
            size = archive.getinfo(sheet).file_size
            strings = sum(archive.getinfo(t).file_size for t in shared if t in names)
            if size < 3 * max(PART_BYTES, STRINGS_SHARE * strings):
                return None
            keep = ["[Content_Types].xml", "_rels/.rels", book, book_rels, *shared]
            others = {name: archive.read(name) for name in keep if name in names}
    except (KeyError, IndexError, TypeError, ValueError, zipfile.BadZipFile, ElementTree.ParseError):
        return None
    listed, rels_end = _SHEETS.search(book_xml), _RELS_END.search(rels)
    rid = listed and _SHEET_RID.search(book_xml, listed.start(), listed.end())
    if not rid or rels_end is None:
        return None
    ns, rel_ns = listed.group(1), rels_end.group(1)
    target = relpath(_part_path(sheet), dirname(book) or ".").encode()
    return _Plan(
        name, sheet, others, size, max(BATCH_BYTES, STRINGS_SHARE * strings), table if table in others else None,
        (book, book_xml[: listed.start()] + b"<%ssheets>" % ns,
         b'<%ssheet name="{n}" sheetId="{n}" %s="tongxinPart{n}"/>' % (ns, rid.group(1)),
         b"</%ssheets>" % ns + book_xml[listed.end() :]),
        (book_rels, rels[: rels_end.start()],
         b'<%sRelationship Id="tongxinPart{n}" Type="%s" Target="%s"/>' % (rel_ns, _WORKSHEET.encode(), target),
         rels[rels_end.start() :]),
    )  # fmt: skip


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
        ns = found.group(1)
        row, closing = b"<" + ns + b"row", b"</" + ns + b"sheetData>"
        frame = (buffer[: found.end()], closing + b"</" + ns + b"worksheet>")
        buffer, done, last, index, at_end = buffer[found.end() :], found.end(), 0, 0, False
        strings = _Strings(plan.others[plan.strings]) if plan.strings else None
        needed = 0  # entries of the shared strings the parts so far used

        def more(buffer: bytes) -> tuple[bytes, bool]:
            """The buffer with the next batch's XML, and whether that reached the end (a short read).
            Batches double, in whole parts, up to `batch_bytes`: the parts keep coming meanwhile."""
            want = min(plan.batch_bytes, max(PART_BYTES, done // PART_BYTES * PART_BYTES))
            block = xml.read(want)
            return buffer + block, len(block) < want

        while True:
            if at_end:
                cut = buffer.find(closing)
                if cut < 0:
                    raise _Unusual
            else:
                cut = buffer.rfind(row, 0, len(buffer) - 1)
                if cut <= 0:  # not a whole row beyond the first yet
                    buffer, at_end = more(buffer)
                    continue
            batch, buffer = buffer[:cut], buffer[cut:]
            if b"!" in batch and b"<!" in batch:  # a one-byte search is memchr's, ten times faster
                raise _Unusual
            bounds = _cuts(batch, row)
            for start, end in bounds:
                last = _check_numbers(batch, start, end, row, last, first=index == 0 and start == 0)
                if strings is not None:
                    used = _SHARED_CELL.findall(batch, max(start, end - TAIL_BYTES), end)
                    needed = max(needed, max(map(int, used), default=-1) + 1)
            k, book = 0, None
            while k < len(bounds):
                try:
                    if book is None:
                        table = strings.first(needed) if strings is not None else None
                        book, base = _book(plan, frame, batch, bounds[k:], table), k
                    sheet = book.get_sheet_by_index(k - base)
                    if index == 0:
                        start_row, rows = 0, sheet.to_python(skip_empty_area=False)
                    elif sheet.start is None:
                        start_row, rows = None, []
                    else:
                        (start_row, start_col), rows = sheet.start, sheet.to_python(skip_empty_area=True)
                        if start_col:
                            rows = [[""] * start_col + r for r in rows]
                except Exception as exc:  # an earlier row used a later string: the whole table from now on
                    if strings is None:
                        raise _Unusual from exc
                    strings, book = None, None
                    continue
                if start_row is not None:
                    yield start_row, rows, min((done + bounds[k][1]) / plan.size, 1.0)
                index, k = index + 1, k + 1
            done += len(batch)
            if at_end:
                return
            buffer, at_end = more(buffer)


def _cuts(batch: bytes, row: bytes) -> list[tuple[int, int]]:
    """Where the parts of a batch begin and end: at the first row from PART_BYTES on."""
    bounds, at = [], 0
    while len(batch) - at > PART_BYTES:
        cut = batch.find(row, at + PART_BYTES)
        if cut < 0:
            break
        bounds.append((at, cut))
        at = cut
    bounds.append((at, len(batch)))
    return bounds


def _check_numbers(batch: bytes, start: int, end: int, row: bytes, last: int, *, first: bool) -> int:
    """The number of the part's last row. A later part's first row must carry its number, after
    the previous part's rows, so that calamine places every row as in the whole sheet."""
    at = batch.find(row, start, end)
    if at < 0:
        return last
    if not first and _number(batch, at + len(row)) <= last:
        raise _Unusual
    return _number(batch, batch.rfind(row, start, end) + len(row))


def _number(xml: bytes, at: int) -> int:
    found = _ROW_NUMBER.search(xml, at, xml.find(b">", at))
    if found is None:
        raise _Unusual
    return int(found.group(1))


def _book(plan: _Plan, frame: tuple[bytes, bytes], batch: bytes, bounds: list, strings: bytes | None):
    from python_calamine import CalamineWorkbook

    return CalamineWorkbook.from_filelike(io.BytesIO(_workbook(plan, frame, batch, bounds, strings)))


def _workbook(
    plan: _Plan, frame: tuple[bytes, bytes], batch: bytes, bounds: list, strings: bytes | None
) -> bytes:
    """The workbook whose sheets are the parts `bounds` of `batch`, in order, each between the
    sheet's own opening (up to its rows) and closing (`frame`); `strings` for the shared-strings
    table when given."""
    numbers = [b"%d" % n for n in range(1, len(bounds) + 1)]
    listed = {
        name: before + b"".join(entry.replace(b"{n}", n) for n in numbers) + after
        for name, before, entry, after in (plan.book, plan.rels)
    }
    out, view = io.BytesIO(), memoryview(batch)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as book:
        for name, content in plan.others.items():
            if name in listed:
                content = listed[name]
            elif name == plan.strings and strings is not None:
                content = strings
            book.writestr(name, content)
        for n, (start, end) in zip(numbers, bounds, strict=True):
            with book.open(_part_path(plan.sheet, n.decode()), "w") as sheet:
                sheet.write(frame[0])
                sheet.write(view[start:end])
                sheet.write(frame[1])
    return out.getvalue()


def _part_path(sheet: str, n: str = "{n}") -> str:
    """Where the sheet of part `n` goes in a workbook of parts: beside the sheet it is cut from."""
    return join(dirname(sheet), f"tongxin-part{n}.xml")


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
