"""Shared words of a pair, found by jieba word segmentation of both texts.

Character n-grams explain nothing to a reviewer ("售和冷" straddles 和); words do. Only content words
of two or more characters that occur as words in both texts are reported. Segmentation is cached per
punctuation-delimited clause, which gives exactly jieba's result (jieba itself cuts at punctuation),
and repeated clauses ("本公司从事…") are segmented once.
"""

from __future__ import annotations

import hashlib
import logging
import marshal
import os
import re
import tempfile
from functools import lru_cache
from pathlib import Path

import jieba

jieba.setLogLevel(logging.WARNING)
log = logging.getLogger(__name__)

# Program words jieba's dictionary lacks; added to a private tokenizer so other users of jieba are unaffected.
PROGRAM_WORDS = [
    "冷链",
    "直播带货",
    "帮扶车间",
    "订单农业",
    "乡村旅游",
    "电商服务站",
    "消费帮扶",
    "劳务输出",
    "支教",
    "义诊",
    "远程医疗",
    "光伏",
    "民宿",
    "研学",
    "农产品",
    "深加工",
    "垃圾分类",
]


def cache_path() -> Path:
    """Where the prefix dictionary (jieba's words and our program words) is cached between processes:
    ``$TONGXIN_VAR_DIR/cache`` (default ``var/cache`` of the checkout), named by what it was built from."""
    dictionary = Path(jieba.__file__).with_name(jieba.DEFAULT_DICT_NAME)
    stat = dictionary.stat()
    key = f"{jieba.__version__}|{stat.st_size}|{stat.st_mtime_ns}|{'|'.join(PROGRAM_WORDS)}"
    var = os.environ.get("TONGXIN_VAR_DIR") or Path(__file__).resolve().parents[3] / "var"
    return Path(var) / "cache" / f"jieba-{hashlib.sha1(key.encode()).hexdigest()[:12]}.marshal"


def _read(path: Path):
    try:
        # One read, then loads: jieba's own marshal.load(file) of the same data takes ~3 times as long.
        freq, total = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None
    return (freq, total) if isinstance(freq, dict) and isinstance(total, int) else None


def _write(path: Path, data) -> None:
    """Atomically, so concurrent processes never read half a file; a read-only var/ is not an error."""
    for folder in (path.parent, Path(tempfile.gettempdir())):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, prefix=".jieba-")
            with os.fdopen(fd, "wb") as out:
                out.write(marshal.dumps(data))
            os.replace(tmp, folder / path.name)
            return
        except OSError:
            log.warning("cannot write the jieba cache in %s", folder)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    """A private jieba tokenizer with the program words, initialised once per process and lazily.

    Building the prefix dictionary from jieba's dict.txt takes ~1 s; it is then cached (with the
    program words) under var/cache, and later processes load it in ~0.25 s.
    """
    tok = jieba.Tokenizer()
    path = cache_path()
    cached = _read(path) or _read(Path(tempfile.gettempdir()) / path.name)
    if cached is None:
        plain = _read(Path(tempfile.gettempdir()) / "jieba.cache")  # jieba's own cache, same format
        if plain is not None:
            tok.FREQ, tok.total = plain
            tok.initialized = True
        for word in PROGRAM_WORDS:
            tok.add_word(word, freq=100_000)  # initialises the tokenizer first if needed
        _write(path, (tok.FREQ, tok.total))
        return tok
    tok.FREQ, tok.total = cached
    tok.initialized = True
    return tok


STOP_WORDS = frozenset(
    [
        "希望",
        "我们",
        "我村",
        "本村",
        "村里",
        "当地",
        "可以",
        "能够",
        "愿意",
        "需要",
        "急需",
        "盼望",
        "帮助",
        "提供",
        "开展",
        "从事",
        "主营",
        "本公司",
        "公司",
        "企业",
        "本企业",
        "我单位",
        "单位",
        "一家",
        "长期",
        "进行",
        "相关",
        "以及",
        "或者",
        "还有",
        "没有",
        "其他",
        "目前",
        "现在",
        "问题",
        "情况",
        "方面",
        "工作",
        "支持",
        "建设",
        "发展",
    ]
)
_CLAUSE = re.compile(r"[^\u4e00-\u9fffA-Za-z0-9]+")


@lru_cache(maxsize=200_000)
def _clause_words(clause: str) -> tuple[str, ...]:
    return tuple(tokenizer().lcut(clause))


def content_words(text: str) -> list[str]:
    """Content words of a text in order of first appearance, without stop words or single characters."""
    seen, out = set(), []
    for clause in _CLAUSE.split(text):
        if not clause:
            continue
        for word in _clause_words(clause):
            if len(word) >= 2 and word not in STOP_WORDS and word not in seen:
                seen.add(word)
                out.append(word)
    return out


def shared_words(need_text: str, offer_text: str, cache: dict | None = None) -> list[str]:
    """Words of the need text that are also words of the offer text, in the need text's order."""
    if cache is None:
        cache = {}
    a = cache.get(need_text)
    if a is None:
        a = cache[need_text] = content_words(need_text)
    b = cache.get(offer_text)
    if b is None:
        b = cache[offer_text] = set(content_words(offer_text))
    elif not isinstance(b, set):
        b = set(b)
    return [w for w in a if w in b]
