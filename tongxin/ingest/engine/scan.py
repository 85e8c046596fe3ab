"""Find figure candidates in one line of clean text and decide, from the characters around each,
whether it states a quantity (and how), is merely optional, or is not a fact at all.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from . import regions
from .numerals import (
    NUMERAL_START,
    TOKEN,
    is_bare_magnitude,
    is_vague,
    multiplier,
    parse_chinese,
    parse_chinese_decimal,
    vague_value,
)
from .units import (
    CHANGE_BEFORE,
    LEXICAL,
    MID_APPROX,
    NOT_A_COUNT_AFTER,
    POST_APPROX,
    PREFIX_APPROX,
    PREFIX_FALSE,
    TAIL,
    UNITS,
)

_NAME_QUOTES = re.compile(
    r"“([^“”\n]*)”|「([^「」\n]*)」|『([^『』\n]*)』|‘([^‘’\n]*)’|\"([^\"\n]*)\"|【([^【】\n]*)】"
)
_TITLES = re.compile(r"《[^《》\n]*》|〈[^〈〉\n]*〉")
_SENTENCE = re.compile(r"[,。;!?:]")
_RANGE = re.compile(r"\s?(?:~|-|—|–|至|到)\s?")
_RANK_BEFORE = re.compile(r"(?:全[省市国区县州球]|世界|行业|排名|位居|位列|跻身|进入|名列|榜单|综合)前$")
_RANK_AFTER = {"名", "位", "甲"}
_BIG_FALSE = set("学会型概约量幅力多部分都家众楼厦街道桥院寨山河湖海洋陆")
_COMPOSITE = re.compile(r"(\d{1,4}(?:,\d{3})?)([万千百])?(?![\d.])")
_CN_FOLLOW = frozenset({u[0] for u in UNITS} | set("余多来万亿大"))
_SMALL_CN = frozenset("两三四五六七八九十")
_PAIR = re.compile(r"\s?[和与及、或至到~-]\s?")
_STREAK = re.compile(r"连续$|连$")
_STREAK_RANK_LAST = frozenset("连续前")  # the character either pattern must end with
_YEAR = re.compile(r"(?:19|20)\d\d")
# Heads of nouns that are counted without a classifier (与30村, 3万群众, 16省).
_BARE_HEADS = set("村镇乡县市省区国州校企人群农居户")


@dataclass
class Candidate:
    """A figure in clean-text coordinates; ``start``/``end`` cover approx words, number and unit."""

    line: int
    start: int
    end: int
    num_start: int
    unit_end: int
    value: Decimal
    unit: str
    kind: str
    approx: str
    optional: bool
    change: bool
    prefix_approx: bool = False
    what: str = ""
    what_word: str = ""
    what_side: str = ""


_MASK_OPENERS = re.compile('[《〈“「『‘"【]')  # every span of masked_spans starts with one


def masked_spans(line: str) -> list[tuple[int, int]]:
    """Spans whose numerals belong to names: short quoted names and slogans, book and document titles."""
    if not _MASK_OPENERS.search(line):
        return []
    spans = [m.span() for m in _TITLES.finditer(line)]
    for m in _NAME_QUOTES.finditer(line):
        content = next(g for g in m.groups() if g is not None)
        if len(content) <= 24 and not _SENTENCE.search(content):
            spans.append(m.span())
    return spans


def _lexical(line: str, s: int, e: int) -> bool:
    for m in LEXICAL.finditer(line, max(0, s - 4), min(len(line), e + 4)):
        if m.start() < e and m.end() > s:
            return True
    from .context import tag

    for a in range(max(0, s - 3), s + 1):
        for k in (4, 3):
            w = line[a : a + k]
            if (
                len(w) == k
                and a + k > s
                and tag(w) in ("i", "l", "nr", "ns", "nt", "nz")
                and NUMERAL_START.match(w)
            ):
                return True
    return False


# The last characters of the approximation words (each pattern is ``(?:w1|w2|…)$``): the patterns are
# tried only before a figure preceded by one of them.
_APPROX_LAST = frozenset(
    w[-1] for rx, _ in PREFIX_APPROX for w in rx.pattern.removeprefix("(?:").removesuffix(")$").split("|")
)


def _prefix_approx(line: str, s: int, bare: bool) -> tuple[str, int]:
    before = line[max(0, s - 4) : s]
    if before[-1:] in _APPROX_LAST:
        for rx, approx in PREFIX_APPROX:
            m = rx.search(before)
            if m and not PREFIX_FALSE.search(line[max(0, s - 5) : s]):
                return approx, s - len(m.group())
    if bare and before.endswith("过") and not re.search(r"[不经通超度越错难]过$", before):
        return "over", s - 1
    return "exact", s


def _value(m: re.Match) -> tuple[Decimal | None, str, bool, bool]:
    """(value, raw numeral, vague, bare magnitude)."""
    if m.group("ar"):
        return (
            Decimal(m.group("ar").replace(",", "")) * multiplier(m.group("armul")),
            m.group("ar"),
            False,
            False,
        )
    if m.group("pct"):
        p = m.group("pct")
        return (Decimal(p) if p[0].isdigit() else parse_chinese_decimal(p)), p, False, False
    cn = m.group("cn")
    if is_vague(cn):
        v = vague_value(cn)
        return (Decimal(v) if v else None), cn, True, False
    v = parse_chinese(cn)
    return (Decimal(v) if v is not None else None), cn, False, is_bare_magnitude(cn)


def _bare_noun(line: str, e: int) -> str | None:
    """``与30村`` → 村, ``3万流动人口`` → 人: the head of a noun that follows a figure directly."""
    from .context import tag, words

    ws = words(line[e : e + 8])
    if not ws or not (tag(ws[0]) == "n" or ws[0] in _BARE_HEADS):
        return None
    head = ws[0][-2] if len(ws[0]) >= 3 else ws[0][0]
    return head if head in _BARE_HEADS else None


def _verb_before(line: str, pos: int) -> bool:
    from .context import tag, words

    ws = words(line[max(0, pos - 4) : pos])
    return bool(ws) and tag(ws[-1]).startswith("v")


def _slogan_after(line: str, pos: int) -> bool:
    """``做到两个维护,``: a count followed by a verb or adjective that closes the phrase is a slogan."""
    from .context import tag, words

    ws = words(line[pos : pos + 8])
    if not ws or tag(ws[0])[:1] not in ("v", "a", "d", "i") or tag(ws[0]) in ("vn", "an"):
        return False
    rest = line[pos + len(ws[0]) : pos + len(ws[0]) + 1]
    return rest in ("", ",", "。", "、", ";", "”", "和", "与", "的", ")", "!", "?")


def scan_line(line: str, offset: int, index: int) -> list[Candidate]:
    """All figure candidates of one body line; excluded ones are dropped, ambiguous ones flagged optional."""
    masks = None  # found on the first figure: most lines have none
    out: list[Candidate] = []
    consumed = 0
    for m in TOKEN.finditer(line):
        s, e = m.span()
        if s < consumed or (m.group("cn") and line[e : e + 1] not in _CN_FOLLOW):
            continue
        if masks is None:
            masks = masked_spans(line)
        if masks and any(a <= s < b for a, b in masks):
            continue
        prev = line[s - 1] if s else ""
        if (
            prev
            and ((prev.isascii() and (prev.isalnum() or prev in "+#@_/\\&.:-")) or prev in "第每·")
            and not (prev == "-" and s >= 2 and line[s - 2].isdigit() and m.group("ar"))
        ):
            continue
        if prev in _STREAK_RANK_LAST and (
            _STREAK.search(line[max(0, s - 2) : s]) or _RANK_BEFORE.search(line[max(0, s - 4) : s])
        ):
            continue
        value, raw, vague, bare = _value(m)
        if value is None or raw in ("零", "〇") or len(raw) > 18:
            continue
        if m.group("armul") in ("万", "亿") and (rest := _COMPOSITE.match(line, e)):
            low = Decimal(rest.group(1).replace(",", "")) * multiplier(rest.group(2) or "")
            end = rest.end()
            if m.group("armul") == "亿" and rest.group(2) in ("千", "百") and line[end : end + 1] == "万":
                low, end = low * 10**4, end + 1
            if low < multiplier(m.group("armul")) and (rest.group(2) or m.group("armul") == "万"):
                value, e = value + low, end
        optional = vague
        tail = TAIL.match(line, e)
        unit = kind = None
        mid = post = ""
        if m.group("pct"):
            unit, kind, unit_end = "%", "percent", e
        elif tail:
            unit, kind = UNITS[tail.group("unit")]
            if tail.group("mul"):
                value *= multiplier(tail.group("mul"))
            mid = tail.group("mid") or tail.group("mid2") or ""
            post = tail.group("post") or ""
            unit_end = tail.end("unit")
        else:
            unit_end = e
            nxt = line[e : e + 2]
            rng = _RANGE.match(line, e)
            if (
                rng
                and (m2 := TOKEN.match(line, rng.end()))
                and (t2 := TAIL.match(line, m2.end()))
                and not m2.group("pct")
                and not t2.group("mul")
                and not m.group("armul")
            ):
                unit, kind = UNITS[t2.group("unit")]
                if m2.group("armul"):
                    value *= multiplier(m2.group("armul"))
            elif (
                nxt[:1] == "大"
                and len(nxt) == 2
                and "\u4e00" <= nxt[1] <= "\u9fff"
                and nxt[1] not in _BIG_FALSE
                and raw in _SMALL_CN
            ):
                unit, kind, optional, unit_end = "个", "count", True, e + 1
            elif (
                m.group("ar")
                and not (_YEAR.fullmatch(raw) and not m.group("armul"))
                and len(raw) < 5
                and (head := _bare_noun(line, e + (line[e : e + 1] in ("余", "多"))))
            ):
                unit, kind = head, "count"
                if line[e : e + 1] in ("余", "多"):
                    mid, unit_end = line[e], e + 1
            else:
                continue
        if line[s : s + 2] == "一大" or (raw == "一" and (line[e : e + 1] == "些" or unit == "批")):
            continue
        after = line[unit_end : unit_end + 4]
        rule = NOT_A_COUNT_AFTER.get(unit)
        if kind == "count" and rule and rule.match(after):
            continue
        if unit == "届" and (m.group("cn") or _YEAR.fullmatch(raw)):
            continue
        if unit in ("届", "级", "期", "款", "版") and _YEAR.fullmatch(raw):
            continue
        if unit == "头" and m.group("cn") and value <= 10:
            continue
        if unit in _RANK_AFTER and prev == "前":
            continue
        if unit == "期" and m.group("cn") and not _verb_before(line, s):
            continue
        if m.group("cn") and unit in ("个", "项") and _slogan_after(line, unit_end):
            continue
        if (
            unit == "次"
            and m.group("cn")
            and prev in "届大委"
            and line.startswith(("会议", "全会", "全体"), unit_end)
        ):
            continue
        if raw == "一" and after[:1] and (after[:1] == unit[-1] or after[:1] == "又"):
            continue
        if kind == "count" and m.group("cn") and after[:1] and after[:1] in "零〇一二两三四五六七八九十百千":
            continue
        if m.group("cn") and (regions.in_numeral_name(line, s, e) or _lexical(line, s, e)):
            continue
        if unit == "级" or (kind == "count" and value == 1):
            optional = True
        approx, start = _prefix_approx(
            line, s, bare or bool(m.group("cn") and m.group("cn")[0] in "百千万亿")
        )
        prefix_approx = approx != "exact"
        if approx == "exact" and (mid or post):
            approx = MID_APPROX.get(mid) or POST_APPROX.get(post, "exact")
        if vague:
            approx = "over"
        elif bare and approx == "exact":
            optional, approx = True, ("over" if prev in "上成" else "about")
        if (
            out
            and approx == "exact"
            and out[-1].prefix_approx
            and _PAIR.fullmatch(line, out[-1].end - offset, s)
        ):
            approx = out[-1].approx
        end = unit_end + len(post)
        consumed = end
        if unit == "块" and "钱" in line[unit_end : unit_end + 2]:
            unit, kind = "元", "money"
        change = bool(CHANGE_BEFORE.search(line[max(0, start - 10) : start]))
        out.append(
            Candidate(
                index,
                offset + start,
                offset + end,
                offset + s,
                offset + unit_end,
                value,
                unit,
                kind,
                approx,
                optional,
                change,
                prefix_approx,
            )
        )
    return out
