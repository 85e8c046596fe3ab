"""Reads over the region table: subtrees by code prefix, and name lookup that never guesses."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from tongxin.core import permissions
from tongxin.core.text import normalize

from .models import LEVEL_ORDER, Level, Region, short_name


def region_get(*, code: str) -> Region | None:
    return Region.objects.filter(code=code).select_related("parent__parent__parent").first()


def subtree_q(path: str, region: Region) -> Q:
    return permissions.prefix_q(path, region.prefix)


def region_subtree(region: Region) -> QuerySet[Region]:
    return Region.objects.filter(subtree_q("code", region))


def ancestors(region: Region) -> list[Region]:
    """Province first; at most four queries, usually served by select_related."""
    chain, node = [], region.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain[::-1]


def region_list(*, q: str = "", level: str = "", parent: str = "") -> QuerySet[Region]:
    qs = Region.objects.all()
    if level:
        qs = qs.filter(level=level)
    if parent:
        qs = qs.filter(parent_id=parent)
    if q:
        term = normalize(q)
        qs = qs.filter(Q(code__startswith=term) | Q(name__contains=term) | Q(short_name=term))
    return qs.order_by("code")


@dataclass
class Candidate:
    region: Region
    path: list[Region]

    @property
    def label(self) -> str:
        return " ".join(r.name for r in [*self.path, self.region])


def region_lookup(name: str, *, within: Region | None = None) -> list[Candidate]:
    """Every region the name can mean: a code, a full name, or a short name (毕节, 畢節 → 毕节市).

    Full-name matches win over short-name matches; among those, all candidates are returned so an
    ambiguous name (大洋镇) is never silently resolved to one of them.
    """
    term = normalize(name).replace(" ", "")
    if not term:
        return []
    found = _lookup(term, within, depth=3)
    found.sort(key=lambda r: (LEVEL_ORDER.index(r.level), r.code))
    return [Candidate(r, ancestors(r)) for r in found]


def _lookup(term: str, within: Region | None, depth: int) -> list[Region]:
    """A name, or a path of names written together as sheets do (织金县金凤街道, 贵州毕节)."""
    qs = Region.objects.select_related("parent__parent__parent")
    if within is not None:
        qs = qs.filter(subtree_q("code", within))
    if term.isdigit():
        return list(qs.filter(code=term))
    found = list(qs.filter(name=term)) or list(qs.filter(short_name__in={term, short_name(term)}))
    if found or depth == 0:
        return found
    results: dict[str, Region] = {}
    for cut in range(len(term) - 2, 1, -1):
        head, tail = term[:cut], term[cut:]
        heads = list(qs.filter(name=head)) or list(qs.filter(short_name=head))
        for parent in heads:
            if parent.level in (Level.TOWNSHIP, Level.VILLAGE):
                continue
            for region in _lookup(tail, parent, depth - 1):
                if region.code != parent.code:
                    results[region.code] = region
        if results:
            break
    return list(results.values())


class RegionNotFound(LookupError):
    def __init__(self, name: str, candidates: list[Candidate]):
        self.name, self.candidates = name, candidates
        if candidates:
            listed = "; ".join(f"{c.region.code} {c.label}" for c in candidates[:10])
            message = f"“{name}”有{len(candidates)}个同名区划,请用代码指定:{listed}"
        else:
            message = f"未找到行政区划“{name}”"
        super().__init__(message)


def region_resolve(name: str, *, within: Region | None = None) -> Region:
    """Exactly one region, or RegionNotFound naming every candidate."""
    candidates = region_lookup(name, within=within)
    if len(candidates) != 1:
        raise RegionNotFound(name, candidates)
    return candidates[0].region
