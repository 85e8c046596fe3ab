"""Recognise Hanyu Pinyin, so that reading aids flattened into scraped text can be removed.

Scrapers flatten ruby annotations into ``統(tǒng)戰(zhàn)`` or ``1(1)4(4)亿(yi)`` and some pages add a
whole paragraph of toneless romanization; both would otherwise break numbers and nouns apart.
"""

import re
from functools import lru_cache

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PLAIN = "aaaaeeeeiiiioooouuuuvvvvnnnm"
_UNTONE = str.maketrans(_TONED + "üÜ", _PLAIN + "vv")

_SYLLABLE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:iang|iong|uang|ueng|ang|eng|ing|ong|ian|iao|uai|uan|van|ai|ei|ao|ou|an|en|er|ia|ie|iu|in|ua|uo|ui|un"
    r"|ue|ve|vn|a|o|e|i|u|v)[1-5]?"
)
TONE_MARKS = frozenset(_TONED)
GLOSS_CHARS = "a-zA-Z" + _TONED + "üÜ"


def is_syllable(word: str) -> bool:
    """True for one pinyin syllable, with or without tone mark or tone digit."""
    w = word.lower().translate(_UNTONE)
    if not w or len(w) > 7:
        return False
    m = _SYLLABLE.fullmatch(w)
    return m is not None and w not in {"v", "i", "u"}


@lru_cache(maxsize=4096)
def segments_as_pinyin(run: str) -> bool:
    """True when a run of letters splits entirely into pinyin syllables (``qunianxiecheng``)."""
    w = run.lower().translate(_UNTONE)
    n = len(w)
    ok = [False] * (n + 1)
    ok[0] = True
    for i in range(1, n + 1):
        for k in range(1, min(7, i) + 1):
            if ok[i - k] and _SYLLABLE.fullmatch(w[i - k : i]) and w[i - k : i] not in {"v", "i", "u"}:
                ok[i] = True
                break
    return ok[n]


_LETTER_RUN = re.compile(rf"[{GLOSS_CHARS}]+")
_CJK = re.compile(r"[\u3400-\u9fff]")


def is_romanized_paragraph(line: str) -> bool:
    """A line of running text written only in romanized Chinese syllables, no Hanzi."""
    runs = _LETTER_RUN.findall(line)
    letters = sum(map(len, runs))
    if letters < 20 or len(_CJK.findall(line)) > letters // 20:
        return False
    good = sum(len(r) for r in runs if segments_as_pinyin(r))
    return good >= 0.9 * letters
