"""Candidate generation and pricing of every pair outside the candidate graph.

Pricing looks for pairs whose score exceeds u_i + v_j (a negative reduced cost). Offers are cut into
blocks of one domain and one province, sorted by dual; for a block the domain and rule parts are exact,
distance is bounded by the counties and prefectures present and text by the dot product with the
block's per-feature maximum. Only needs whose bound beats their threshold get exact scores, so most of
the n × m pairs are settled by the bounds without being scored.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import geo
from .scoring import Scorer
from .types import SCALE

ROW_CHUNK = 4096


@dataclass
class PricingStats:
    """What one pricing pass did."""

    pairs_covered: int = 0
    pairs_scored: int = 0
    violations: int = 0
    max_violation: int = 0
    blocks: int = 0
    blocks_skipped: int = 0
    found: list = field(default_factory=list)


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
    """Offer blocks of one (domain, province), sorted by dual v within, with their bound data."""

    def __init__(self, scorer: Scorer, v: np.ndarray, size: int):
        live = np.flatnonzero(scorer.offer_ok & (v < np.iinfo(np.int64).max // 8))
        order = live[np.lexsort((-v[live], scorer.po[live], scorer.do[live]))]
        key = scorer.do[order] * 100 + scorer.po[order]
        cuts = np.flatnonzero(np.r_[True, key[1:] != key[:-1]])
        bounds = np.r_[cuts, order.size]
        self.members = []
        for a, b in zip(bounds[:-1], bounds[1:]):
            self.members.extend(order[s : min(s + size, b)] for s in range(a, b, size))
        self.vmin = np.array([v[J].min() for J in self.members], dtype=np.int64)
        self.domain = np.array([scorer.do[J[0]] for J in self.members], dtype=np.int64)
        self.province = np.array([scorer.po[J[0]] for J in self.members], dtype=np.int64)


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
        by_prov = np.argsort(scorer.pn, kind="stable")
        cuts = np.searchsorted(scorer.pn[by_prov], np.arange(101))
        self.needs_in = [by_prov[cuts[p] : cuts[p + 1]] for p in range(100)]

    def price(self, u, v, per_node: int, graph: Keys, cancel=None) -> PricingStats:
        """One full pass; returns the violations found (need, offer, score, excess) and counts."""
        s, stats = self.s, PricingStats()
        self.graph = graph
        live_needs = s.need_ok & (u < np.iinfo(np.int64).max // 8)
        blocks = Blocks(s, v, self.block_size)
        kth = np.zeros(s.n, np.int64)
        best = np.full((s.n, per_node), 0, np.int64)
        all_needs = np.flatnonzero(live_needs)
        for phase in range(3):
            for b, J in enumerate(blocks.members):
                if cancel is not None and b % 64 == 0:
                    cancel()
                I = self._phase_needs(phase, blocks.province[b], all_needs, live_needs)
                if I.size:
                    self._price_block(I, J, b, blocks, u, v, kth, best, stats, phase)
        stats.pairs_covered = int(live_needs.sum()) * int(sum(J.size for J in blocks.members))
        stats.blocks = 3 * len(blocks.members)
        return stats

    def _phase_needs(self, phase, prov, all_needs, live_needs):
        """Needs of the block's province, then of its neighbours, then all the others."""
        if phase == 0:
            I = self.needs_in[prov]
        elif self.s.settings.same_province:
            return all_needs[:0]
        elif phase == 1:
            I = np.concatenate([self.needs_in[p] for p in np.flatnonzero(geo.NEIGHBOURS[prov])] or [[]])
            I = I.astype(np.int64)
        else:
            far = ~geo.NEIGHBOURS[prov][self.s.pn[all_needs]] & (self.s.pn[all_needs] != prov)
            return all_needs[far]
        return I[live_needs[I]]

    def _bound(self, I, J, b, blocks, phase):
        """Upper bound of the non-text parts, per need of I against block J, as floats."""
        s = self.s
        pj = blocks.province[b]
        dom = s.D[s.dn[I], blocks.domain[b]]
        rule = s.R[pj, s.pn[I]].astype(float)
        if phase == 0:
            cty = np.zeros(self.county_ids[0].size + 1, bool)
            cty[self.county_ids[1][J]] = True
            pref = np.zeros(self.pref_ids[0].size + 1, bool)
            pref[self.pref_ids[1][J]] = True
            dist = np.where(cty[self.need_county[I]], geo.GEO_SAME_COUNTY,
                            np.where(pref[self.need_pref[I]], geo.GEO_SAME_PREFECTURE, geo.GEO_SAME_PROVINCE))
        elif phase == 1:
            dist = np.full(I.size, geo.GEO_NEIGHBOUR)
        else:
            dist = np.full(I.size, geo.GEO_OTHER)
        w = s.w
        return w[1] * dom + w[2] * dist + w[3] * rule

    def _price_block(self, I, J, b, blocks, u, v, kth, best, stats, phase):
        s, w = self.s, self.s.w
        threshold = u[I] + blocks.vmin[b] + kth[I]
        threshold = np.maximum(threshold, s.min_score - 1)
        nontext = self._bound(I, J, b, blocks, phase)
        keep = _scaled_ceiling(nontext + w[0]) > threshold
        if not keep.any():
            stats.blocks_skipped += 1
            return
        I, nontext, threshold = I[keep], nontext[keep], threshold[keep]
        if w[0] > 0:
            ymax = np.asarray(s.Y[J].max(axis=0).todense()).ravel()
            text = np.minimum(s.X[I] @ ymax, 1.0)
            keep = _scaled_ceiling(nontext + w[0] * text) > threshold
            I = I[keep]
        if not I.size:
            stats.blocks_skipped += 1
            return
        for r in range(0, I.size, ROW_CHUNK):
            self._exact(I[r : r + ROW_CHUNK], J, u, v, kth, best, stats)

    def _exact(self, I, J, u, v, kth, best, stats):
        scores = self.s.block(I, J)
        stats.pairs_scored += scores.size
        excess = scores - u[I][:, None] - v[J][None, :]
        excess[scores < 0] = 0
        rows, cols = np.nonzero(excess > kth[I][:, None])
        if not rows.size:
            return
        gi, gj = I[rows], J[cols]
        ok = ~self.skip.contains(gi, gj) & ~self.graph.contains(gi, gj)
        gi, gj, ex, sc = gi[ok], gj[ok], excess[rows[ok], cols[ok]], scores[rows[ok], cols[ok]]
        if not gi.size:
            return
        stats.violations += gi.size
        stats.max_violation = max(stats.max_violation, int(ex.max()))
        stats.found.append(np.stack([gi, gj, sc, ex]))
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
    allv = np.concatenate(found, axis=1)
    keep = np.zeros(allv.shape[1], bool)
    for side in (0, 1):
        order = np.lexsort((-allv[3], allv[side]))
        ids = allv[side][order]
        first = np.r_[True, ids[1:] != ids[:-1]]
        start = np.maximum.accumulate(np.where(first, np.arange(ids.size), 0))
        keep[order[np.arange(ids.size) - start < per_node]] = True
    return allv[:, keep]


def local_candidates(scorer: Scorer, top_k: int, skip: Keys, cancel=None) -> np.ndarray:
    """Top-k pairs per need and per offer among nearby offers: same prefecture, or for 东西部协作 the
    paired provinces. A heuristic start only; pricing makes the result optimal over all pairs."""
    s, found = scorer, []
    for I, J in _local_groups(s):
        if cancel is not None:
            cancel()
        for r in range(0, I.size, max(1, 4_000_000 // max(J.size, 1))):
            Ir = I[r : r + max(1, 4_000_000 // max(J.size, 1))]
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


def _top_pairs(scores, I, J, k):
    out = []
    for axis in (1, 0):
        kk = min(k, scores.shape[axis])
        idx = np.argpartition(-scores, kk - 1, axis=axis)[:, :kk] if axis == 1 else \
            np.argpartition(-scores, kk - 1, axis=0)[:kk, :]
        if axis == 1:
            rows = np.repeat(np.arange(scores.shape[0]), kk)
            cols = idx.ravel()
        else:
            rows = idx.ravel()
            cols = np.tile(np.arange(scores.shape[1]), kk)
        sc = scores[rows, cols]
        ok = sc > 0
        out.append(np.stack([I[rows[ok]], J[cols[ok]], sc[ok]]))
    return out


def _scaled_ceiling(x):
    return np.ceil(x * SCALE).astype(np.int64) + 1


def _lookup(sorted_keys, values):
    pos = np.searchsorted(sorted_keys, values)
    pos = np.minimum(pos, sorted_keys.size - 1)
    return np.where(sorted_keys[pos] == values, pos, sorted_keys.size)
