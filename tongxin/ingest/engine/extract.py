"""Extract the numeric facts of an article (spec: shared/corpus/README.md).

The pipeline is: normalize (keeping offsets) → find the body → scan each line for figures →
describe each figure (what, organization, region) → quote it from the original text.
"""

import re
from dataclasses import asdict, dataclass
from pathlib import Path

from . import context, regions
from .body import BodyLine, find_body
from .normalize import UnsupportedInput, decode_bytes, normalize
from .numerals import to_number
from .scan import Candidate, scan_line
from .units import CHANGE_IN_CLAUSE, ENUMERATION_HEADS


@dataclass
class Fact:
    """One numeric statement; ``quote`` is copied from the original text at ``[start, end)``."""

    quote: str
    value: int | float
    unit: str
    approx: str
    what: str
    change: bool
    optional: bool
    start: int
    end: int
    place: dict | None = None
    organization: str | None = None

    def to_json(self) -> dict:
        return asdict(self)


_RESTATED = re.compile(r"中|里|当中|之中")


def _describe(line: str, off: int, cands: list[Candidate]) -> None:
    """Fill ``what``: the noun right after the classifier if there is one (``10余家优质企业``), else the
    words before the figure in its clause (``投入资金4.67亿元``), else a neighbour's."""
    prev_end = {}
    prev_what = ""
    for c in cands:
        s, e = c.start - off, c.end - off
        a, b = context.clause_bounds(line, s, e)
        after, first = context.what_after(line[e:b])
        lo = max(a, prev_end.get(a, a))
        c.change = c.change or bool(CHANGE_IN_CLAUSE.search(line, lo, s))
        prev_end[a] = e
        if len(after) >= 2:
            c.what, c.what_word, c.what_side = after, first, "after"
        else:  # the words before are read only when those after do not name the thing
            before, last = context.what_before(line[lo:s])
            if before:
                c.what, c.what_word, c.what_side = before, last, "before"
            elif after:
                c.what, c.what_word, c.what_side = after, first, "after"
        if c.change and prev_what and context.CHANGE_ONLY.fullmatch(c.what):
            c.what = prev_what + c.what
        prev_what = c.what
    for i, c in enumerate(cands):
        if not c.what:
            near = [d for d in cands[:i][::-1] + cands[i + 1 :] if d.what]
            c.what = near[0].what if near else ""


def _mark_restatements(line: str, off: int, cands: list[Candidate]) -> None:
    """A figure repeated in the same paragraph, referring back to the first, is optional (spec)."""
    for j, c in enumerate(cands):
        for p in cands[:j]:
            if (
                p.optional
                or p.unit != c.unit
                or p.value != c.value
                or p.approx != c.approx
                or c.kind == "percent"
                or not c.what_side
            ):
                continue
            tail = line[c.end - off : c.end - off + len(c.what) + 3] if c.what_side == "after" else ""
            if _RESTATED.match(tail[len(c.what) :] if tail.startswith(c.what) else "") or (
                c.what and (c.what in p.what or p.what in c.what)
            ):
                c.optional = True
                break
        if c.unit in ("项", "条", "个", "种") and ENUMERATION_HEADS.search(c.what):
            c.optional = True
        clause_end = context.clause_bounds(line, c.start - off, c.end - off)[1]
        if "之一" in line[c.end - off : clause_end]:
            c.optional = True


def _quote_span(line: str, off: int, c: Candidate) -> tuple[int, int]:
    s, e = c.start, c.end
    for w in (c.what, c.what_word):
        if c.what_side == "after" and w and len(w) <= 6 and line.startswith(w, e - off):
            return s, e + len(w)
        if c.what_side == "before" and w and len(w) <= 4 and line.endswith(w, 0, s - off):
            return s - len(w), e
    return s, e


class _Places:
    """Regions named in the article, resolved with the whole article as context."""

    def __init__(self, text: str, lines: list[BodyLine]):
        """``lines``: the title and the lines holding figures; other lines cannot be "nearby"."""
        self.text = text
        self.by_line = {
            bl.start: [
                (bl.start + a, bl.start + b, cands)
                for a, b, cands in regions.find_regions(text[bl.start : bl.end])
            ]
            for bl in lines
        }
        self.codes: set[str] = set()
        for mentions in self.by_line.values():
            for a, b, cands in mentions:
                if len(cands) == 1 and (cands[0].name == text[a:b] or cands[0].level <= 2):
                    self.codes.add(cands[0].code)
                    self.codes.update(regions.ancestors(cands[0]))

    def in_line(self, bl: BodyLine, until: int) -> list:
        """The places named in one line and ending by ``until``: the only ones ``near`` can pick for a
        figure of that line (resolved here, so mentions no figure can use cost nothing more)."""
        text = self.text
        return [
            (a, b, r)
            for a, b, cands in self.by_line[bl.start]
            if b <= until
            if (r := regions.resolve(text[a:b], cands, self.codes)) is not None
            and (r.name == text[a:b] or context.on_word_boundaries(text, a, b))
        ]

    @staticmethod
    def near(found: list, pos: int, lo: int, hi: int, para_lo: int) -> dict | None:
        hit = context.nearest(found, pos, lo, hi) or context.nearest(found, pos, para_lo, pos)
        return {"code": hit[2].code, "name": hit[2].name} if hit else None


def extract_normalized(norm, *, body: bool = True) -> list[Fact]:
    """Facts of normalized text; ``body=False`` takes every line as article text (Word documents)."""
    text = norm.text
    if body:
        lines = find_body(text)
    else:
        lines, pos = [], 0
        for raw in text.split("\n"):
            lines.append(BodyLine(pos, pos + len(raw), "para"))
            pos += len(raw) + 1
    scanned = []
    for i, bl in enumerate(lines):
        line = text[bl.start : bl.end]
        cands = scan_line(line, bl.start, i)
        if cands:
            _describe(line, bl.start, cands)
            _mark_restatements(line, bl.start, cands)
            scanned.append((bl, line, cands))
    if not scanned:
        return []
    places = _Places(text, [lines[0]] + [bl for bl, _, _ in scanned if bl is not lines[0]])
    facts: list[Fact] = []
    for bl, line, cands in scanned:
        ends = [context.clause_bounds(line, c.start - bl.start, c.end - bl.start)[1] for c in cands]
        # an organization or place is picked only within a figure's clause, or before the figure
        until = max(max(ends), cands[-1].start - bl.start)
        orgs = [(bl.start + a, bl.start + b, name) for a, b, name in context.organizations(line, until=until)]
        line_places = places.in_line(bl, bl.start + until)
        for c, b in zip(cands, ends, strict=True):
            s, e = _quote_span(line, bl.start, c)
            os_, oe = norm.orig_span(s, e)
            sent_lo = bl.start + _sentence_start(line, c.start - bl.start)
            org = context.nearest(orgs, c.start, sent_lo, bl.start + b) or context.nearest(
                orgs, c.start, bl.start, c.start
            )
            facts.append(
                Fact(
                    quote=norm.original[os_:oe],
                    value=to_number(c.value),
                    unit=c.unit,
                    approx=c.approx,
                    what=c.what,
                    change=c.change,
                    optional=c.optional,
                    start=os_,
                    end=oe,
                    place=places.near(line_places, c.start, sent_lo, bl.start + b, bl.start),
                    organization=org[2] if org else None,
                )
            )
    return facts


def _sentence_start(line: str, pos: int) -> int:
    find = line.rfind
    return max(find("。", 0, pos), find("!", 0, pos), find("?", 0, pos), find(";", 0, pos)) + 1


def extract_text(text: str, *, body: bool = True) -> list[Fact]:
    """Facts of an article given as text (Simplified or Traditional, scraped or clean)."""
    return extract_normalized(normalize(text), body=body)


def read_document(path: str | Path) -> str:
    """Text of a .docx (paragraphs and table cells in document order) or of a UTF-8/GBK text file;
    ``UnsupportedInput`` when there is no text to read (empty, binary, not a Word document)."""
    path = Path(path)
    if path.suffix.lower() != ".docx":
        return decode_bytes(path.read_bytes())[0]
    if path.stat().st_size == 0:
        raise UnsupportedInput("empty", "empty file: no text to read")
    try:
        text = _docx_text(path)
    except Exception:  # python-docx raises several types (BadZipFile, KeyError, …) for non-Word files
        raise UnsupportedInput("docx", "not a readable Word (.docx) document") from None
    if not text.strip():
        raise UnsupportedInput("empty", "the Word document holds no text")
    return text


def _docx_text(path: Path) -> str:
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    doc = docx.Document(str(path))
    out: list[str] = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(Paragraph(block, doc).text)
        elif tag == "tbl":
            for row in Table(block, doc).rows:
                cells: list[str] = []
                for cell in row.cells:
                    t = cell.text.strip()
                    if t and (not cells or cells[-1] != t):
                        cells.append(t)
                out.append("\t".join(cells))
    return "\n".join(out)


def extract_file(path: str | Path) -> list[Fact]:
    """Facts of a .docx or .txt (UTF-8 or GBK) file; quotes and offsets refer to the decoded text.
    A Word document is taken as written (no page furniture to strip, tables count)."""
    return extract_text(read_document(path), body=Path(path).suffix.lower() != ".docx")
