"""What a figure counts, and which organization and region it is about, from the words around it.

Word boundaries and parts of speech come from jieba's dictionary (segmentation without the HMM,
tags looked up, not inferred), applied only to the clause around each figure to stay fast.
"""

import logging
import re
from bisect import bisect_left
from functools import lru_cache
from math import log

from . import regions

_QUOTED = re.compile(r"“[^“”]{1,30}”|「[^「」]{1,30}」|《[^《》]{1,40}》|‘[^‘’]{1,30}’|『[^『』]{1,30}』")
_NOUNISH = ("n", "vn", "an", "j", "b", "x", "nz", "nt", "ns", "nr", "ng", "l", "eng", "s", "zg")
_JOINERS = {"、", "等", "和", "与", "及"}
_LINKS = {
    "达",
    "为",
    "是",
    "有",
    "共",
    "计",
    "共计",
    "累计",
    "合计",
    "总计",
    "约",
    "近",
    "超",
    "超过",
    "逾",
    "达到",
    "预计",
    "分别",
    "分别为",
    "已",
    "已达",
    "均",
    "仅",
    "就",
    "又",
    "还",
    "再",
    "突破",
    "全年",
    "总数",
    "数",
    "合",
    "总",
    "了",
    "的",
    "等",
    "年产",
    "年",
    "各",
    "其中",
    "更",
    "也",
    "都",
    "占",
    "同比",
    "比",
    "较",
    "人民币",
    "多达",
    "高达",
    "共有",
    "约有",
    "达到了",
    "超过了",
    "不足",
    "不到",
}
CHANGE_ONLY = re.compile(
    r"(?:同比|环比|比上年|较上年)?(?:增长|增加|提高|提升|上升|下降|减少|降低|增幅|降幅|涨幅|增速)?"
)
_DIGIT = re.compile(r"[0-9零〇一二两三四五六七八九十百千万亿]")
_TIME_WORDS = {
    "年",
    "月",
    "日",
    "年底",
    "年初",
    "年末",
    "月底",
    "以来",
    "期间",
    "上午",
    "下午",
    "当天",
    "全年",
    "今年",
    "去年",
}
_CLAUSE_END = re.compile(r"[,;。!?:()]")
_ORG_STOP = set("vpcudrmfwqyzt")
_PROPER = {"nt", "ns", "nz", "nr", "nrt", "nrfg", "j", "x", "eng"}
_ORG = re.compile(
    r"(?:统战部|宣传部|组织部|办公厅|委员会|工商联|基金会|研究院|研究所|研究会|促进会|联合会|合作社|公司|集团|大学|"
    r"学院|医院|协会|商会|学社|政府|党委|中央|委会|中心|学校|小学|中学|银行|总局|管理局|妇联|侨联|科协|残联|红十字会|"
    r"团委|法院|检察院|事务所|办事处|联盟)"
)


@lru_cache(maxsize=1)
def _jieba():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba, jieba.posseg.dt.word_tag_tab


@lru_cache(maxsize=65536)
def tag(word: str) -> str:
    """Part of speech from jieba's dictionary; ``nz`` for a quoted name, ``w`` for punctuation."""
    if word[:1] in "“「《‘『" and _QUOTED.fullmatch(word):
        return "nz"
    t = _jieba()[1].get(word)
    if t:
        return t
    if len(word) == 1 and not "\u4e00" <= word <= "\u9fff":
        return "w"
    return "x"


_BLOCK = re.compile(r"[\u4e00-\u9fd5]+|[a-zA-Z0-9+#&._%\-]+|\s+|.")


@lru_cache(maxsize=8192)
def _cut(sentence: str) -> tuple[str, ...]:
    """jieba's dictionary segmentation without its HMM (same DAG, same route, ties to the longer
    word), minus the per-call overhead that dominates on the short windows used here."""
    freq, cache, logtotal = _dictionary()
    n = len(sentence)
    score = [0.0] * (n + 1)
    end = list(range(n + 1))
    for k in range(n - 1, -1, -1):
        w = sentence[k]
        lp = cache.get(w)
        if lp is None:
            lp = cache[w] = log(freq.get(w) or 1) - logtotal
        best, best_end = lp + score[k + 1], k
        i = k + 1
        frag = sentence[k : k + 2]
        while i < n and frag in freq:
            if freq[frag]:
                lp = cache.get(frag)
                if lp is None:
                    lp = cache[frag] = log(freq[frag]) - logtotal
                sc = lp + score[i + 1]
                if sc >= best:
                    best, best_end = sc, i
            i += 1
            frag = sentence[k : i + 1]
        score[k], end[k] = best, best_end
    out, x = [], 0
    while x < n:
        y = end[x] + 1
        out.append(sentence[x:y])
        x = y
    return tuple(out)


@lru_cache(maxsize=1)
def _dictionary() -> tuple[dict, dict, float]:
    dt = _jieba()[0].dt
    return dt.FREQ, {}, log(dt.total)


def _segment(text: str) -> list[str]:
    out: list[str] = []
    for b in _BLOCK.findall(text):
        if "\u4e00" <= b[0] <= "\u9fd5":
            out.extend(_cut(b))
        elif not b.isspace():
            out.append(b)
    return out


_OPENING_QUOTES = frozenset("“「《‘『")


@lru_cache(maxsize=8192)
def words(text: str) -> tuple[str, ...]:
    """Segment, keeping each quoted name (``“暖企行动”``) as one word."""
    if _OPENING_QUOTES.isdisjoint(text):
        return tuple(_segment(text))
    out: list[str] = []
    pos = 0
    for m in _QUOTED.finditer(text):
        out.extend(_segment(text[pos : m.start()]))
        out.append(m.group())
        pos = m.end()
    out.extend(_segment(text[pos:]))
    return tuple(out)


def clear_caches() -> None:
    """Forget cached segmentations (benchmarks use it so that no work carries across articles)."""
    words.cache_clear()
    _cut.cache_clear()


def _nounish(word: str) -> bool:
    return tag(word).startswith(_NOUNISH) or tag(word) in ("a", "vn")


_QUOTE_MARKS = re.compile(r"[“”「」『』‘’《》\"']")
_LEADING_FIGURES = re.compile(r"^[\d.\-、,]+")


def clean_what(s: str) -> str:
    return _LEADING_FIGURES.sub("", _QUOTE_MARKS.sub("", s)).strip("、 ")


def what_after(text: str) -> tuple[str, str]:
    """Noun phrase right after a classifier (``10余家优质企业``): the words up to the next boundary
    when that is near, else the leading nouns; returns (phrase, first word)."""
    ws = list(words(text[:12]))
    if ws and ws[0] == "的":
        ws = ws[1:]
    run: list[str] = []
    for w in ws:
        if (
            (tag(w)[:1] in ("w", "p", "c", "u", "d", "r", "m", "q", "f", "y") and not _QUOTED.fullmatch(w))
            or w in _LINKS
            or (_DIGIT.search(w) and not _QUOTED.fullmatch(w))
        ):
            break
        run.append(w)
    nouns: list[str] = []
    for w in run:
        if not _nounish(w):
            break
        nouns.append(w)
    lead_verb_ok = len(run) == 2 and len(run[0]) >= 2 and _nounish(run[1]) and len(run[1]) >= 2
    if nouns or len(clean_what("".join(run))) > 8 or (run and tag(run[0]) == "v" and not lead_verb_ok):
        run = nouns
    while len(run) > 1 and tag(run[-1]) == "v":
        run.pop()
    return clean_what("".join(run)), (run[0] if run else "")


def what_before(text: str) -> tuple[str, str]:
    """The words ending just before a figure (``投入资金4.67亿元``, ``收到图书捐赠500册``), trimmed of
    linking words (达, 约, 共计 …) and capped at a short phrase; returns (phrase, last word)."""
    ws = list(words(text[-20:]))
    while ws and (ws[-1] in _LINKS or tag(ws[-1])[:1] in ("d", "p", "u", "c", "m", "w", "f", "q", "r", "y")):
        ws.pop()
    got: list[str] = []
    size = 0
    while ws:
        w = ws[-1]
        t = tag(w)
        if t == "w" and not _QUOTED.fullmatch(w) and w != "、":
            break
        size += len(w) - 2 if w[:1] in "“「《‘『" else len(w)
        if got and size > 16:
            break
        got.insert(0, ws.pop())
    while got and (
        got[0] in _JOINERS
        or tag(got[0])[:1] in ("p", "c", "u", "w", "d", "m", "q", "t")
        or _DIGIT.match(got[0])
        or got[0] in _TIME_WORDS
    ):
        got.pop(0)
    return clean_what("".join(got)), (got[-1] if got else "")


def on_word_boundaries(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` is not part of a longer word (``阿里`` in ``阿里巴巴``)."""
    lo = max(0, start - 4)
    cuts, pos = {lo}, lo
    for w in words(text[lo : end + 4]):
        pos = text.find(w, pos) + len(w) if not w.startswith(("“", "「", "《", "‘", "『")) else pos + len(w)
        cuts.add(pos)
    return start in cuts and end in cuts


@lru_cache(maxsize=256)
def _delimiters(text: str) -> list[int]:
    return [m.start() for m in _CLAUSE_END.finditer(text)]


def clause_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The clause (between commas, semicolons, full stops) around ``[start, end)``."""
    cuts = _delimiters(text)
    k = bisect_left(cuts, start)
    a = cuts[k - 1] + 1 if k else 0
    j = bisect_left(cuts, end)
    b = cuts[j] if j < len(cuts) else len(text)
    return a, b


def organizations(text: str, until: int | None = None) -> list[tuple[int, int, str]]:
    """Organization names ``(start, end, name)``: nouns ending in an institutional word (委员会, 基金会,
    公司 …) and holding at least one proper name (民盟, 中国, 雅戈尔), so ``当地学校`` is not one.

    ``until``: only the names ending by then are wanted (each name depends only on the text before
    its end and on the names before it, so the ones found are the same)."""
    out: list[tuple[int, int, str]] = []
    for m in _ORG.finditer(text):
        if until is not None and m.end() > until:
            break
        if out and m.end() <= out[-1][1]:
            continue
        ws = list(words(text[max(0, m.start() - 12) : m.end()]))
        got: list[str] = []
        while ws and len("".join(got)) < len(m.group()):
            got.insert(0, ws.pop())
        while (
            ws and tag(ws[-1])[:1] not in _ORG_STOP and ws[-1] not in _LINKS and not _QUOTED.fullmatch(ws[-1])
        ):
            got.insert(0, ws.pop())
        name = "".join(got)
        if len(name) >= len(m.group()) + 2 and any(tag(w) in _PROPER for w in got):
            out.append((m.end() - len(name), m.end(), name))
    return out


def nearest(items: list[tuple[int, int, object]], pos: int, lo: int, hi: int):
    """The item closest before ``pos`` within ``[lo, hi)``, else the first after it."""
    found = None
    for it in items:
        if lo <= it[0] and it[1] <= pos:
            found = it
    if found is not None:
        return found
    for it in items:
        if it[0] >= pos and it[1] <= hi:
            return it
    return None


def region_mentions(text: str) -> tuple[list[tuple[int, int, list]], set[str]]:
    found = regions.find_regions(text)
    codes = {r.code for _, _, cands in found if len(cands) == 1 for r in cands}
    return found, codes
