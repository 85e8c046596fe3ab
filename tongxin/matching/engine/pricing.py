"""Candidate generation and pricing of every pair outside the candidate graph.

Pricing looks for pairs whose score exceeds u_i + v_j (a negative reduced cost). Offers are cut into
blocks of one domain and one prefecture (for needs of the same province) or one province (for needs of
neighbouring and other provinces), sorted by dual within. For a block the domain and rule parts are
exact, distance is bounded by the counties and prefectures present, and text by the dot product with the
block's per-feature maximum. Only needs whose bound beats their threshold get exact scores, so nearly all
of the n × m pairs are settled by bounds (at 140k × 130k about 0.4 % per pass get scored).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np

from . import geo
from .scoring import Scorer
from .types import SCALE

ROW_CHUNK = 4096


COMPACT_AT = 4_000_000


@dataclass
class PricingStats:
    """What one pricing pass did; ``found`` holds violations as rows (need, offer, score, excess)."""

    n: int
    m: int
    per_node: int
    pairs_covered: int = 0
    pairs_scored: int = 0
    violations: int = 0
    max_violation: int = 0
    blocks: int = 0
    blocks_skipped: int = 0
    found: list = field(default_factory=list)
    held: int = 0
    scored_by_phase: list = field(default_factory=lambda: [0, 0, 0])

    def add(self, viol: np.ndarray) -> None:
        """Record violations; past ``COMPACT_AT`` held, keep only what ``select`` could still pick."""
        self.violations += viol.shape[1]
        self.max_violation = max(self.max_violation, int(viol[3].max()))
        self.found.append(viol)
        self.held += viol.shape[1]
        if self.held > COMPACT_AT:
            self.found = [select(self.found, self.n, self.m, self.per_node)]
            self.held = self.found[0].shape[1]


class Keys:
    """A sorted set of pair keys i * m + j, for fast membership of many pairs at once."""

    def __init__(self, m: int, keys: np.ndarray | None = None):
        self.m = m
        self.keys = np.unique(keys) if keys is not None else np.empty(0, np.int64)

    def contains(self, i: np.ndarray, j: np.ndarray) -> np.ndarray:
        k = i.astype(np.int64) * self.m + j
        if not self.keys.size:
            return np.zeros(k.shape, dtype=bool)
        pos = np.minimum(np.searchsorted(self.keys, k), self.keys.size - 1)
        return self.keys[pos] == k


class Blocks:
    """Offer blocks of one domain and one region (province, or prefecture where distance is bounded by
    county), sorted by dual v within so that a block's smallest dual is close to its others."""

    def __init__(self, scorer: Scorer, v: np.ndarray, size: int, region: np.ndarray):
        live = np.flatnonzero(scorer.offer_ok & (v < np.iinfo(np.int64).max // 8))
        order = live[np.lexsort((-v[live], region[live], scorer.do[live]))]
        key = scorer.do[order] * 10_000 + region[order]
        cuts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        bounds = np.r_[cuts, order.size]
        self.members = []
        for a, b in itertools.pairwise(bounds):
            self.members.extend(order[s : min(s + size, b)] for s in range(a, b, size))
        self.vmin = np.array([v[J].min() for J in self.members], dtype=np.int64)
        self.domain = np.array([scorer.do[J[0]] for J in self.members], dtype=np.int64)
        self.province = np.array([scorer.po[J[0]] for J in self.members], dtype=np.int64)
        self._y, self._ymax = scorer.Y, {}

    def ymax(self, b: int) -> np.ndarray:
        """Per-feature maximum TF-IDF weight over the block's offers (the text bound's vector)."""
        if b not in self._ymax:
            self._ymax[b] = np.asarray(self._y[self.members[b]].max(axis=0).todense()).ravel()
        return self._ymax[b]


class Pricer:
    """Prices all pairs against duals (u, v); keeps per need the ``per_node`` most violated pairs."""

    def __init__(self, scorer: Scorer, skip: Keys, block_size: int = 512):
        self.s = scorer
        self.skip = skip
        self.block_size = block_size
        self.county_ids = np.unique(scorer.co, return_inverse=True)
        self.pref_ids = np.unique(scorer.co // 100, return_inverse=True)
        self.need_county = _lookup(self.county_ids[0], scorer.cn)
        self.need_pref = _lookup(self.pref_ids[0], scorer.cn // 100)
        self.reference = None
        by_prov = np.argsort(scorer.pn, kind="stable")
        cuts = np.searchsorted(scorer.pn[by_prov], np.arange(101))
        self.needs_in = [by_prov[cuts[p] : cuts[p + 1]] for p in range(100)]

    def price(self, u, v, per_node: int, graph: Keys, cancel=None) -> PricingStats:
        """One full pass; returns the violations found (need, offer, score, excess) and counts.

        After the first pass, a pair can only violate if E_i + (u0_i - u_i) + (v0_j - v_j) > 0, where
        (u0, v0) are the previous pass's duals and E_i the largest excess that pass left at need i (0 if
        none): each pass bounds every pair's excess exactly, so this filter is as rigorous as the bounds.
        """
        s, stats = self.s, PricingStats(self.s.n, self.s.m, per_node)
        self.graph = graph
        if self.reference is None:
            self.slack, self.dv = np.ones(s.n, np.int64), np.zeros(s.m, np.int64)
        else:
            u0, v0, largest = self.reference
            self.slack, self.dv = largest + (u0 - u), v0 - v
        live_needs = s.need_ok & (u < np.iinfo(np.int64).max // 8)
        local = Blocks(s, v, self.block_size, s.co // 100)
        wide = Blocks(s, v, self.block_size, s.po)
        kth = np.zeros(s.n, np.int64)
        best = np.full((s.n, per_node), 0, np.int64)
        all_needs = np.flatnonzero(live_needs)
        for phase, blocks in ((0, local), (1, wide), (2, wide)):
            for b, J in enumerate(blocks.members):
                if cancel is not None and b % 64 == 0:
                    cancel()
                ni = self._phase_needs(phase, blocks.province[b], all_needs, live_needs)
                if ni.size:
                    self._price_block(ni, J, b, blocks, u, v, kth, best, stats, phase)
                stats.blocks += 1
        stats.pairs_covered = int(live_needs.sum()) * int(sum(J.size for J in wide.members))
        self.reference = (u.copy(), v.copy(), best[:, 0].copy())
        return stats

    def _phase_needs(self, phase, prov, all_needs, live_needs):
        """Needs of the block's province, then of its neighbours, then all the others."""
        if phase == 0:
            ni = self.needs_in[prov]
        elif self.s.settings.same_province:
            return all_needs[:0]
        elif phase == 1:
            ni = np.concatenate([self.needs_in[p] for p in np.flatnonzero(geo.NEIGHBOURS[prov])] or [[]])
            ni = ni.astype(np.int64)
        else:
            far = ~geo.NEIGHBOURS[prov][self.s.pn[all_needs]] & (self.s.pn[all_needs] != prov)
            return all_needs[far]
        return ni[live_needs[ni]]

    def _bound(self, ni, J, b, blocks, phase):
        """Upper bound of the non-text parts, per need of ni against block J, as floats."""
        s = self.s
        pj = blocks.province[b]
        dom = s.D[s.dn[ni], blocks.domain[b]]
        rule = s.R[pj, s.pn[ni]].astype(float)
        if phase == 0:
            cty = np.zeros(self.county_ids[0].size + 1, bool)
            cty[self.county_ids[1][J]] = True
            pref = np.zeros(self.pref_ids[0].size + 1, bool)
            pref[self.pref_ids[1][J]] = True
            in_pref = np.where(pref[self.need_pref[ni]], geo.GEO_SAME_PREFECTURE, geo.GEO_SAME_PROVINCE)
            dist = np.where(cty[self.need_county[ni]], geo.GEO_SAME_COUNTY, in_pref)
        elif phase == 1:
            dist = np.full(ni.size, geo.GEO_NEIGHBOUR)
        else:
            dist = np.full(ni.size, geo.GEO_OTHER)
        w = s.w
        return w[1] * dom + w[2] * dist + w[3] * rule

    def _price_block(self, ni, J, b, blocks, u, v, kth, best, stats, phase):
        s, w = self.s, self.s.w
        threshold = u[ni] + blocks.vmin[b] + kth[ni]
        threshold = np.maximum(threshold, s.min_score - 1)
        nontext = self._bound(ni, J, b, blocks, phase)
        keep = (_scaled_ceiling(nontext + w[0]) > threshold) & (self.slack[ni] + self.dv[J].max() > 0)
        if not keep.any():
            stats.blocks_skipped += 1
            return
        ni, nontext, threshold = ni[keep], nontext[keep], threshold[keep]
        if w[0] > 0:
            ymax = blocks.ymax(b)
            text = (s.X @ ymax)[ni] if ni.size * 8 > s.n else s.X[ni] @ ymax
            text = np.minimum(text, 1.0)
            keep = _scaled_ceiling(nontext + w[0] * text) > threshold
            ni = ni[keep]
        if not ni.size:
            stats.blocks_skipped += 1
            return
        stats.scored_by_phase[phase] += ni.size * J.size
        for r in range(0, ni.size, ROW_CHUNK):
            self._exact(ni[r : r + ROW_CHUNK], J, u, v, kth, best, stats)

    def _exact(self, ni, J, u, v, kth, best, stats):
        scores = self.s.block(ni, J)
        stats.pairs_scored += scores.size
        excess = scores - u[ni][:, None] - v[J][None, :]
        excess[scores < 0] = 0
        rows, cols = np.nonzero(excess > kth[ni][:, None])
        if not rows.size:
            return
        gi, gj = ni[rows], J[cols]
        ok = ~self.skip.contains(gi, gj) & ~self.graph.contains(gi, gj)
        gi, gj, ex, sc = gi[ok], gj[ok], excess[rows[ok], cols[ok]], scores[rows[ok], cols[ok]]
        if not gi.size:
            return
        stats.add(np.stack([gi, gj, sc, ex]))
        _update_best(gi, ex, kth, best)


def _update_best(gi, ex, kth, best):
    """Raise the per-need admission threshold to the r-th largest excess found so far."""
    r = best.shape[1]
    order = np.lexsort((-ex, gi))
    gi, ex = gi[order], ex[order]
    first = np.r_[True, gi[1:] != gi[:-1]]
    rank = np.arange(gi.size) - np.maximum.accumulate(np.where(first, np.arange(gi.size), 0))
    gi, ex = gi[rank < r], ex[rank < r]
    rows = np.unique(gi)
    merged = np.concatenate([best[rows], np.zeros((rows.size, r), np.int64)], axis=1)
    pos = np.searchsorted(rows, gi)
    rank = rank[rank < r]
    merged[pos, r + rank] = ex
    merged = -np.sort(-merged, axis=1)[:, :r]
    best[rows] = merged
    kth[rows] = merged[:, -1]


def select(found: list, n: int, m: int, per_node: int) -> np.ndarray:
    """The union of the ``per_node`` most violated pairs of every need and of every offer."""
    if not found:
        return np.empty((4, 0), np.int64)
    allv = np.concatenate(found, axis=1) if len(found) > 1 else found[0]
    keep = np.zeros(allv.shape[1], bool)
    worst = np.int64(2**31 - 1)
    for side in (0, 1):
        order = np.argsort(allv[side] * (worst + 1) + (worst - np.minimum(allv[3], worst)))
        ids = allv[side][order]
        first = np.r_[True, ids[1:] != ids[:-1]]
        start = np.maximum.accumulate(np.where(first, np.arange(ids.size), 0))
        keep[order[np.arange(ids.size) - start < per_node]] = True
    return allv[:, keep]


def local_candidates(scorer: Scorer, top_k: int, skip: Keys, cancel=None) -> np.ndarray:
    """Top-k pairs per need and per offer among nearby offers: same prefecture, or for 东西部协作 the
    paired provinces. A heuristic start only; pricing makes the result optimal over all pairs."""
    s, found = scorer, []
    for ni, J in _local_groups(s):
        if cancel is not None:
            cancel()
        for r in range(0, ni.size, max(1, 4_000_000 // max(J.size, 1))):
            Ir = ni[r : r + max(1, 4_000_000 // max(J.size, 1))]
            scores = s.block(Ir, J)
            if skip.keys.size:
                ii, jj = np.meshgrid(Ir, J, indexing="ij")
                scores[skip.contains(ii, jj)] = -1
            found.extend(_top_pairs(scores, Ir, J, top_k))
    if not found:
        return np.empty((3, 0), np.int64)
    allp = np.concatenate(found, axis=1)
    _, first = np.unique(allp[0] * s.m + allp[1], return_index=True)
    return allp[:, first]


def _local_groups(s: Scorer):
    need_live, offer_live = np.flatnonzero(s.need_ok), np.flatnonzero(s.offer_ok)
    if s.settings.east_west:
        inverse: dict[int, list[int]] = {}
        for op in range(100):
            for np_ in np.flatnonzero(s.R[op]):
                inverse.setdefault(int(np_), []).append(op)
        for p in np.unique(s.pn[need_live]):
            provs = inverse.get(int(p)) or list(geo.EAST)
            yield need_live[s.pn[need_live] == p], offer_live[np.isin(s.po[offer_live], provs)]
        return
    kn, ko = s.cn[need_live] // 100, s.co[offer_live] // 100
    on = np.argsort(ko, kind="stable")
    starts = np.searchsorted(ko[on], kn, side="left")
    ends = np.searchsorted(ko[on], kn, side="right")
    for key in np.unique(kn):
        k = np.flatnonzero(kn == key)[0]
        if ends[k] > starts[k]:
            yield need_live[kn == key], offer_live[on[starts[k] : ends[k]]]


def _top_pairs(scores, ni, J, k):
    out = []
    for axis in (1, 0):
        kk = min(k, scores.shape[axis])
        idx = (
            np.argpartition(-scores, kk - 1, axis=axis)[:, :kk]
            if axis == 1
            else np.argpartition(-scores, kk - 1, axis=0)[:kk, :]
        )
        if axis == 1:
            rows = np.repeat(np.arange(scores.shape[0]), kk)
            cols = idx.ravel()
        else:
            rows = idx.ravel()
            cols = np.tile(np.arange(scores.shape[1]), kk)
        sc = scores[rows, cols]
        ok = sc > 0
        out.append(np.stack([ni[rows[ok]], J[cols[ok]], sc[ok]]))
    return out


def _scaled_ceiling(x):
    return np.ceil(x * SCALE).astype(np.int64) + 1


def _lookup(sorted_keys, values):
    pos = np.searchsorted(sorted_keys, values)
    pos = np.minimum(pos, sorted_keys.size - 1)
    return np.where(sorted_keys[pos] == values, pos, sorted_keys.size)
