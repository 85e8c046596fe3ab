"""Exact pricing from a full score matrix, for runs small enough to hold one (n × m ≤ ``DENSE_LIMIT``).

At 4,221 × 3,702 the matrix is 16 M integers: scoring it once costs less than the per-block overhead of
bounded pricing over several rounds, and each round then prices every pair with one vectorised pass.
"""

from __future__ import annotations

import numpy as np

from .pricing import Keys, PricingStats
from .scoring import Scorer
from .types import SCALE

DENSE_LIMIT = 30_000_000
ROWS = 1024


class DensePricer:
    """Scores every pair once (forbidden and skipped pairs as -1), then prices against each round's duals."""

    def __init__(self, scorer: Scorer, skip: Keys, cancel=None):
        self.s = scorer
        dtype = np.int32 if scorer.w.sum() * SCALE < 2**31 - 1 else np.int64
        self.S = np.empty((scorer.n, scorer.m), dtype=dtype)
        cols = np.arange(scorer.m)
        for r in range(0, scorer.n, ROWS):
            if cancel is not None:
                cancel()
            rows = np.arange(r, min(r + ROWS, scorer.n))
            self.S[rows] = scorer.block(rows, cols)
        if skip.keys.size:
            self.S.reshape(-1)[skip.keys] = -1
        self.covered = int(scorer.need_ok.sum()) * int(scorer.offer_ok.sum())

    def candidates(self, top_k: int) -> np.ndarray:
        """Exact top-k pairs (score > 0) of every need and of every offer."""
        found = []
        S = self.S
        for axis in (1, 0):
            k = min(top_k, S.shape[axis])
            idx = np.argpartition(-S, k - 1, axis=axis)
            if axis == 1:
                rows, cols = np.repeat(np.arange(S.shape[0]), k), idx[:, :k].ravel()
            else:
                rows, cols = idx[:k, :].ravel(), np.tile(np.arange(S.shape[1]), k)
            sc = S[rows, cols].astype(np.int64)
            ok = sc > 0
            found.append(np.stack([rows[ok], cols[ok], sc[ok]]))
        allp = np.concatenate(found, axis=1)
        _, first = np.unique(allp[0] * S.shape[1] + allp[1], return_index=True)
        return allp[:, first]

    def price(self, u, v, per_node: int, graph: Keys, cancel=None) -> PricingStats:
        """Every pair with score above u_i + v_j, except those already in the graph."""
        stats = PricingStats(self.s.n, self.s.m, per_node, pairs_covered=self.covered)
        for r in range(0, self.s.n, ROWS):
            if cancel is not None:
                cancel()
            block = self.S[r : r + ROWS].astype(np.int64)
            excess = block - u[r : r + ROWS, None] - v[None, :]
            excess[block < 0] = 0
            rows, cols = np.nonzero(excess > 0)
            if not rows.size:
                continue
            gi, gj = rows + r, cols
            ok = ~graph.contains(gi, gj)
            if not ok.any():
                continue
            gi, gj = gi[ok], gj[ok]
            ex = excess[rows[ok], cols[ok]]
            stats.add(np.stack([gi, gj, block[rows[ok], cols[ok]], ex]))
        stats.pairs_scored = 0
        return stats
