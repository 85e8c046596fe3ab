"""One text normalization for every input path (forms, API, imports).

Traditional Chinese is folded to Simplified with OpenCC's character-level `t2s` config (never the
`*p` phrase configs, which rewrite vocabulary), full-width ASCII to half-width, and whitespace is
collapsed, so each name is spelled one way.
"""

import functools
import unicodedata
from functools import lru_cache

import opencc


@lru_cache(maxsize=1)
def _converter() -> opencc.OpenCC:
    return opencc.OpenCC("t2s")


def to_simplified(value: str) -> str:
    return _converter().convert(value)


def normalize(value: str | None) -> str:
    if not value:
        return ""
    value = unicodedata.normalize("NFKC", value)
    return " ".join(to_simplified(value).split())


_CHUNK = 20_000


def normalize_many(values: list[str | None]) -> list[str]:
    """`normalize` of each value, with one OpenCC pass per 20,000 non-ASCII values instead of one
    call each (a 100,000-row import has a column of titles). The values are joined by newlines,
    which no value holds any more once its whitespace is collapsed, and OpenCC never matches a
    phrase across them."""
    nfkc = functools.partial(unicodedata.normalize, "NFKC")
    out = list(map(" ".join, map(str.split, map(nfkc, [v or "" for v in values]))))
    todo = [i for i, v in enumerate(out) if not v.isascii()]
    for start in range(0, len(todo), _CHUNK):
        part = todo[start : start + _CHUNK]
        converted = to_simplified("\n".join([out[i] for i in part])).split("\n")
        if len(converted) != len(part):  # never expected; stay exact rather than fast
            converted = [to_simplified(out[i]) for i in part]
        for i, value in zip(part, map(" ".join, map(str.split, converted)), strict=True):
            out[i] = value
    return out
