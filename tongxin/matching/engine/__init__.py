"""Matching engine: optimal pairing of needs (所需) with offers (所长), certified over all pairs.

Pure Python + numpy/scipy/scikit-learn/OR-Tools/jieba; no Django, so the models and review UI built on
top of it pass plain lists in and store what comes back.

Public API
----------
``Item(id, text, domain, region_code, capacity=1)``
    A need or an offer. ``region_code`` is a 6-digit county code (民政部); ``capacity`` is how many
    partners it takes (1..m for a need, 1..k for an offer). A capacity ≤ 0 raises ValueError naming it.
``Settings(weights, same_province, east_west, excluded, fixed, top_k, min_score, partners, ...)``
    ``weights`` of the parts "text", "domain", "distance", "rule" (default 0.4/0.25/0.25/0.1).
    Hard rules: ``same_province``; ``east_west`` (东西部协作: offer in ``geo.EAST``, need in ``geo.WEST``);
    ``excluded`` (need_id, offer_id) pairs never proposed; ``fixed`` pairs forced into the solution;
    ``min_score`` below which a pair is not allowed. ``top_k`` candidates per need and per offer start
    the candidate graph; ``add_per_node`` violators per node are added per pricing round.
``solve(needs, offers, settings=None, progress=None, cancel=None, explain=True) -> Result``
    ``progress(fraction, message)`` is called as work advances; ``cancel()`` returning True aborts with
    ``Cancelled`` and no result. ``Result.status`` is "optimal", "no feasible pair" or
    "nothing to match". ``Result.pairs`` are ``Pair(need_id, offer_id, score, parts, phrases, fixed)``;
    ``parts`` holds the weighted parts (summing to ``score``) and a readable ``detail``; ``phrases`` the
    words both texts share. ``Result.objective`` is the sum of scores; ``Result.certificate`` has
    ``rounds``, ``pairs_priced`` (every allowed pair, settled by a bound or scored), ``pairs_scored``,
    ``pairs_added``, ``gap`` (dual minus primal objective, 0 when optimal) and ``max_violation``;
    ``Result.timings`` has ``candidate_optimum_s``, ``certified_s``, ``explain_s``, ``total_s``.
``explain(result, needs=None, offers=None)``
    Fills ``phrases`` of every chosen pair (used when ``solve`` ran with ``explain=False``).
``Engine(needs, offers, settings).best_partners(need_index, k)``
    Interactive query: the k best allowed offers for one need, with parts and shared words.
    ``Result.engine`` is the engine of a run, so queries need no rebuilding.

Exactness: a score is ``round(score * 10**6)`` as an integer (``SCALE``). The flow, the duals, pricing
and the gap all work on these integers, so "gap 0" is exact for the integer objective; the reported
float objective is that integer divided by ``SCALE``.
"""

from .geo import EAST, EAST_WEST_PARTNERS, WEST
from .solver import Engine, explain, solve
from .types import SCALE, Cancelled, Item, Pair, Result, Settings

__all__ = [
    "EAST",
    "EAST_WEST_PARTNERS",
    "SCALE",
    "WEST",
    "Cancelled",
    "Engine",
    "Item",
    "Pair",
    "Result",
    "Settings",
    "explain",
    "solve",
]
