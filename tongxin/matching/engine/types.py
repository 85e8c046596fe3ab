"""Plain value types of the engine; no Django, so runs, tests and benchmarks need no database."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

SCALE = 1_000_000
"""Scores are compared as ``round(score * SCALE)`` integers, so optimality and the gap are exact."""

DEFAULT_WEIGHTS = {"text": 0.4, "domain": 0.25, "distance": 0.25, "rule": 0.1}

DEFAULT_RELATED_DOMAINS = frozenset(
    frozenset(p)
    for p in [
        ("农业产业", "电商销售"),
        ("农业产业", "就业务工"),
        ("电商销售", "就业务工"),
        ("文化旅游", "生态环保"),
        ("文化旅游", "电商销售"),
        ("教育培训", "就业务工"),
        ("教育培训", "医疗卫生"),
        ("基础设施", "生态环保"),
    ]
)

Progress = Callable[[float, str], None]
CancelCheck = Callable[[], bool]


class Cancelled(Exception):
    """Raised when the cancel check returns True; no partial result is returned."""


@dataclass(slots=True, frozen=True)
class Item:
    """One need (所需) or offer (所长): ``capacity`` is how many partners it takes (m_i or k_j)."""

    id: object
    text: str
    domain: str
    region_code: str | int
    capacity: int = 1


@dataclass(slots=True)
class Settings:
    """Program settings: part weights, hard rules and the candidate graph size.

    ``excluded`` holds (need_id, offer_id) pairs never to propose (already paired, rejected, forbidden);
    ``fixed`` pairs are forced into the solution, whatever the rules say, and use up capacity.
    ``partners`` maps an offer province (2 digits) to need provinces the program prefers; the rule part is
    1 for such pairs. With ``east_west`` and no ``partners`` the official 东西部协作 结对 is used.
    Pairs scoring below ``min_score`` are not allowed.
    """

    weights: dict = field(default_factory=lambda: dict(DEFAULT_WEIGHTS))
    same_province: bool = False
    east_west: bool = False
    excluded: set = field(default_factory=set)
    fixed: set = field(default_factory=set)
    top_k: int = 6
    min_score: float = 0.0
    partners: dict | None = None
    related_domains: frozenset = DEFAULT_RELATED_DOMAINS
    ngram_range: tuple[int, int] = (2, 3)
    add_per_node: int = 4


@dataclass(slots=True)
class Pair:
    """One chosen pair with its score parts (weighted, summing to ``score``) and shared words."""

    need_id: object
    offer_id: object
    score: float
    parts: dict
    phrases: list = field(default_factory=list)
    fixed: bool = False


@dataclass(slots=True)
class Result:
    """Outcome of ``solve``; ``status`` is "optimal", "no feasible pair" or "nothing to match"."""

    status: str
    pairs: list
    objective: float
    certificate: dict
    timings: dict
    message: str = ""
    engine: object = None
