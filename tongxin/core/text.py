"""One text normalization for every input path (forms, API, imports).

Traditional Chinese is folded to Simplified with OpenCC's character-level `t2s` config (never the
`*p` phrase configs, which rewrite vocabulary), full-width ASCII to half-width, and whitespace is
collapsed, so each name is spelled one way.
"""

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
