"""Turn scraped article text into one clean Simplified, half-width string that still knows where
every character came from, so that a fact found in the clean text can be quoted exactly from the
original (Traditional stays Traditional, pinyin glosses inside the quote stay in it).
"""

import re
import unicodedata
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache

from .pinyin import GLOSS_CHARS, TONE_MARKS, is_romanized_paragraph, is_syllable


class UnsupportedInput(ValueError):
    """The bytes are not text in an encoding we can read with confidence (binary, UTF-16, …).

    ``kind`` names the reason (``empty``, ``binary``, ``control``, ``encoding``, ``docx``) so that the
    app can say it in the user's language; the message itself is for the command line.
    """

    def __init__(self, kind: str, message: str):
        super().__init__(message)
        self.kind = kind


def _fullwidth_table() -> dict[int, str]:
    table = {c: chr(c - 0xFEE0) for c in range(0xFF01, 0xFF5F)}
    table.update({0x3000: " ", 0xA0: " ", 0x2212: "-", 0x2014: "—", 0xFF5E: "~", 0x301C: "~"})
    for c in range(0xFE50, 0xFE6C):
        folded = unicodedata.normalize("NFKC", chr(c))
        if len(folded) == 1:
            table[c] = folded
    table.update({0x2002: " ", 0x2003: " ", 0x2009: " ", 0x200A: " ", 0x2027: "·"})
    return table


FULLWIDTH = _fullwidth_table()
# str.translate looks every character up in the table; a regex finds the few that change far faster.
_FULLWIDTH_CHARS = {chr(c): v for c, v in FULLWIDTH.items()}
_FULLWIDTH_RX = re.compile("[" + re.escape("".join(sorted(_FULLWIDTH_CHARS))) + "]")


def fold_width(text: str) -> str:
    """Full-width digits, letters and punctuation (and odd spaces) to their half-width forms."""
    return _FULLWIDTH_RX.sub(lambda m: _FULLWIDTH_CHARS[m.group()], text)


_GLOSS_PAREN = re.compile(rf"\((?:(?P<syl>[{GLOSS_CHARS}]{{1,7}}[1-5]?)|(?P<sym>[^\s\u3400-\u9fff]))\)")
_INVISIBLE = re.compile(r"[\u200b-\u200d\u2060\ufeff\u00ad]+")
_MOJIBAKE = [
    ("replacement-char", re.compile(r"\ufffd+")),
    ("gbk-replacement", re.compile(r"(?:锟斤拷|烫烫烫|屯屯屯)+")),
    (
        "latin1-as-utf8",
        re.compile(
            r"(?:[\u00c2-\u00ef][\u0080-\u00bf\u0152-\u0178\u02c6\u02dc\u2013-\u203a\u20ac\u2122]{1,2}){2,}"
        ),
    ),
    ("control-or-private", re.compile(r"[\u0080-\u009f\ue000-\uf8ff]+")),
]
# Characters without which each pattern above cannot match: most texts skip most scans.
_MOJIBAKE_NEEDS = {
    "replacement-char": re.compile("\ufffd"),
    "gbk-replacement": re.compile("[锟烫屯]"),
    "latin1-as-utf8": re.compile("[\u00c2-\u00ef]"),
}


@dataclass(frozen=True)
class TextWarning:
    """A span of the original text that looks damaged; reported, never repaired by guessing."""

    start: int
    end: int
    kind: str
    text: str


@dataclass
class Normalized:
    """Clean text plus a piecewise map back to the original: segments of
    ``(out_start, orig_start, out_len, orig_len)``, linear when both lengths agree."""

    original: str
    text: str
    segments: list[tuple[int, int, int, int]]
    warnings: list[TextWarning] = field(default_factory=list)

    def __post_init__(self):
        self._starts = [s[0] for s in self.segments]

    def _seg(self, i: int) -> tuple[int, int, int, int]:
        k = bisect_right(self._starts, i) - 1
        return self.segments[max(k, 0)]

    def orig_index(self, i: int) -> int:
        os_, or_, ol, rl = self._seg(i)
        return or_ + (i - os_) if ol == rl else or_

    def orig_span(self, start: int, end: int) -> tuple[int, int]:
        """Original ``[start, end)`` covering the clean ``[start, end)``, glosses inside included."""
        if end <= start:
            i = self.orig_index(start) if start < len(self.text) else len(self.original)
            return i, i
        os_, or_, ol, rl = self._seg(end - 1)
        last = or_ + (end - 1 - os_) + 1 if ol == rl else or_ + rl
        return self.orig_index(start), last

    def quote(self, start: int, end: int) -> str:
        a, b = self.orig_span(start, end)
        return self.original[a:b]


def _gloss_deletions(text: str) -> list[tuple[int, int]]:
    """Spans ``(…)`` of flattened reading aids: runs of two or more, or any carrying a tone mark."""
    out: list[tuple[int, int]] = []
    run: list[tuple[int, int, str]] = []

    def flush():
        if len(run) >= 2 or any(TONE_MARKS.intersection(syl) for _, _, syl in run):
            out.extend((a, b) for a, b, _ in run)
        run.clear()

    for m in _GLOSS_PAREN.finditer(text):
        a = m.start()
        prev = text[a - 1] if a else ""
        syl, sym = m.group("syl"), m.group("sym")
        if not ((syl and "\u3400" <= prev <= "\u9fff" and is_syllable(syl)) or (sym and prev == sym)):
            flush()
            continue
        if run and run[-1][1] != a - 1:
            flush()
        run.append((a, m.end(), syl or ""))
    flush()
    return out


def _line_deletions(text: str) -> list[tuple[int, int]]:
    out = []
    pos = 0
    for line in text.split("\n"):
        if len(line) >= 20 and is_romanized_paragraph(line):  # fewer characters, fewer than 20 letters
            out.append((pos, pos + len(line)))
        pos += len(line) + 1
    return out


_QUESTIONS = re.compile(r"\?{2,}")
_CJK_CHAR = re.compile(r"[\u4e00-\u9fff]")
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f，。、；：“”（）！？《》\ufffd]{3,}")


def _gbk_lead_chars() -> str:
    """Hanzi whose GBK code starts with a UTF-8 lead byte of Hanzi or full-width forms (E4-E9, EF): a
    third of any UTF-8 Chinese text read as GBK, rare elsewhere."""
    out = []
    for cp in range(0x4E00, 0x9FA6):
        try:
            b = chr(cp).encode("gbk")
        except UnicodeEncodeError:
            continue
        if 0xE4 <= b[0] <= 0xE9 or b[0] == 0xEF:
            out.append(chr(cp))
    return "".join(out)


_SUSPECT = re.compile(f"(?:[{_gbk_lead_chars()}][^\\x00-\\x7f]{{0,4}}){{3,}}")


def _utf8_read_as_gbk(text: str) -> list[TextWarning]:
    """Runs that become fluent Chinese when their GBK bytes are read as UTF-8 (``鍙戝竷`` → ``发布``):
    genuine Chinese almost never survives that round trip. Only dense suspect stretches are tried."""
    out = []
    for s in _SUSPECT.finditer(text):
        for m in _NON_ASCII_RUN.finditer(text, max(0, s.start() - 3), s.end() + 3):
            try:
                back = m.group().encode("gbk").decode("utf-8", errors="replace")
            except UnicodeEncodeError:
                continue
            if back.count("\ufffd") * 3 > len(back):
                continue
            cjk = len(_CJK_CHAR.findall(back))
            if cjk >= 2 and cjk >= 0.6 * len(back):
                out.append(TextWarning(m.start(), m.end(), "utf8-as-gbk", m.group()))
    return out


def _lost_characters(text: str) -> list[TextWarning]:
    return [
        TextWarning(m.start(), m.end(), "lost-characters", m.group())
        for m in _QUESTIONS.finditer(text)
        if _CJK_CHAR.match(text, m.end()) or (m.start() and _CJK_CHAR.match(text, m.start() - 1))
    ]


def find_mojibake(text: str) -> list[TextWarning]:
    """Runs that look like text decoded with the wrong codec or with lost characters."""
    found = [
        TextWarning(m.start(), m.end(), kind, m.group())
        for kind, rx in _MOJIBAKE
        if kind not in _MOJIBAKE_NEEDS or _MOJIBAKE_NEEDS[kind].search(text)
        for m in rx.finditer(text)
    ]
    merged: list[TextWarning] = []
    found += _utf8_read_as_gbk(text) + _lost_characters(text)
    for w in sorted(found, key=lambda w: (w.start, w.end)):
        if merged and w.start <= merged[-1].end + 1:
            last = merged.pop()
            kinds = last.kind if w.kind in last.kind.split("+") else f"{last.kind}+{w.kind}"
            end = max(last.end, w.end)
            merged.append(TextWarning(last.start, end, kinds, text[last.start : end]))
        else:
            merged.append(w)
    return merged


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> tuple[str, list[int] | None]:
    """OpenCC t2s; when a line changes length, that line is converted character by character and
    the returned index list maps every output character to its input character."""
    cc = _converter()
    conv = cc.convert(text)
    if len(conv) == len(text):
        return conv, None
    pieces: list[str] = []
    index: list[int] = []
    pos = 0
    for line in text.split("\n"):
        out = cc.convert(line)
        if len(out) == len(line):
            pieces.append(out)
            index.extend(range(pos, pos + len(line)))
        else:
            for i, ch in enumerate(line):
                c = cc.convert(ch) or ch
                pieces.append(c)
                index.extend([pos + i] * len(c))
        pieces.append("\n")
        index.append(pos + len(line))
        pos += len(line) + 1
    return "".join(pieces)[:-1], index[:-1]


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        elif b > a:
            merged.append([a, b])
    return [(a, b) for a, b in merged]


def _compress(orig_of_out: list[int], orig_len: int) -> list[tuple[int, int, int, int]]:
    segs: list[list[int]] = []
    for i, o in enumerate(orig_of_out):
        if segs and segs[-1][2] == segs[-1][3] and o == segs[-1][1] + segs[-1][3]:
            segs[-1][2] += 1
            segs[-1][3] += 1
        elif segs and o == segs[-1][1] and segs[-1][3] == 1:
            segs[-1][2] += 1
        else:
            segs.append([i, o, 1, 1])
    return [tuple(s) for s in segs] or [(0, 0, 0, orig_len)]


def normalize(original: str) -> Normalized:
    """Remove pinyin glosses and romanized paragraphs, fold full-width forms, convert to Simplified."""
    text = original.replace("\r", "\n") if "\r" in original else original
    deletions = _merge(
        _gloss_deletions(text) + _line_deletions(text) + [m.span() for m in _INVISIBLE.finditer(text)]
    )
    kept: list[tuple[int, int]] = []
    pos = 0
    for a, b in deletions:
        if a > pos:
            kept.append((pos, a))
        pos = b
    if pos < len(text) or not kept:
        kept.append((pos, len(text)))
    segments = []
    out_pos = 0
    for a, b in kept:
        segments.append((out_pos, a, b - a, b - a))
        out_pos += b - a
    clean = fold_width("".join(text[a:b] for a, b in kept))
    simple, index = to_simplified(clean)
    if index is not None:
        first = Normalized(original, clean, segments)
        segments = _compress([first.orig_index(i) for i in index], len(original))
    return Normalized(original, simple, segments, find_mojibake(original))


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Decode article bytes as UTF-8 or GBK (GB18030), refusing anything that is not plain text."""
    if data.startswith(b"\xef\xbb\xbf"):
        data, bom = data[3:], True
    else:
        bom = False
    if not data or data.isspace():
        raise UnsupportedInput("empty", "empty file: no text to read")
    if data[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in data[:4096]:
        raise UnsupportedInput("binary", "binary data or UTF-16/32 text: only UTF-8 and GBK text can be read")
    for encoding in ("utf-8", "gb18030"):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for ch in text[:20000] if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
        if controls > max(2, len(text[:20000]) // 200):
            raise UnsupportedInput("control", "binary data: too many control characters for a text file")
        if encoding == "gb18030":
            if not _plausible_chinese(text):
                raise UnsupportedInput(
                    "encoding", "unknown encoding: neither valid UTF-8 nor plausible GBK text"
                )
            encoding = "gbk" if _is_gbk(data) else "gb18030"
        return text, ("utf-8-sig" if bom else encoding)
    raise UnsupportedInput("encoding", "unknown encoding: neither valid UTF-8 nor GBK/GB18030")


def _is_gbk(data: bytes) -> bool:
    try:
        data.decode("gbk")
    except UnicodeDecodeError:
        return False
    return True


def _plausible_chinese(text: str) -> bool:
    """GB18030 decodes most byte soup; real GBK text is mostly common Hanzi, ASCII and punctuation."""
    sample = text[:20000]
    common = sum(
        1
        for ch in sample
        if ch < "\u0080"
        or "\u3400" <= ch <= "\u9fff"
        or "\u3000" <= ch <= "\u303f"
        or "\uff00" <= ch <= "\uffef"
        or ch >= "\U00020000"
        or ch in "“”‘’…—·"
    )
    return common >= 0.97 * len(sample)
