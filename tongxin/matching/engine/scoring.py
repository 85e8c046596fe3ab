"""Pair scores as sums of named parts, computed blockwise so that no full need × offer matrix is built.

Every score the engine ever compares comes from ``Scorer.block``; a pair therefore gets the same integer
score whether it is a candidate, priced, checked by a test's dense solver or explained.
"""

from __future__ import annotations

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from . import geo
from .types import SCALE, Item, Settings

PARTS = ("text", "domain", "distance", "rule")


def _codes(items: list[Item]) -> np.ndarray:
    try:
        codes = np.array([int(str(it.region_code)[:6]) for it in items], dtype=np.int64)
    except ValueError as exc:
        raise ValueError(f"region code is not a 6-digit county code: {exc}") from None
    bad = np.flatnonzero((codes < 110000) | (codes > 829999))
    if bad.size:
        raise ValueError(f"region code of {items[bad[0]].id!r} is not a 6-digit county code")
    return codes


def check_capacities(items: list[Item], side: str) -> np.ndarray:
    """Capacities as an array; a capacity ≤ 0 is a ValueError naming the item."""
    caps = np.array([it.capacity for it in items], dtype=np.int64)
    for k in np.flatnonzero(caps <= 0)[:1]:
        raise ValueError(f"{side} {items[k].id!r} has capacity {items[k].capacity}; it must be at least 1")
    return caps


class Scorer:
    """Holds the TF-IDF vectors, codes and rule tables of one run."""

    def __init__(self, needs: list[Item], offers: list[Item], settings: Settings):
        self.settings = settings
        w = {**settings.weights}
        self.w = np.array([float(w.get(p, 0.0)) for p in PARTS])
        if (self.w < 0).any():
            raise ValueError("score weights must not be negative")
        self.n, self.m = len(needs), len(offers)
        vec = TfidfVectorizer(analyzer="char", ngram_range=settings.ngram_range, sublinear_tf=True)
        tfidf = vec.fit_transform([it.text for it in needs] + [it.text for it in offers]).tocsr()
        self.X, self.Y = tfidf[: self.n], tfidf[self.n :]
        self.X.sort_indices()
        self.Y.sort_indices()
        self._domains(needs, offers)
        self.cn, self.co = _codes(needs), _codes(offers)
        self.pn, self.po = geo.province_of(self.cn), geo.province_of(self.co)
        partners = settings.partners
        if partners is None and settings.east_west:
            partners = geo.EAST_WEST_PARTNERS
        self.R = geo.partner_table(partners)
        self.need_ok = np.ones(self.n, dtype=bool)
        self.offer_ok = np.ones(self.m, dtype=bool)
        if settings.east_west:
            self.need_ok &= np.isin(self.pn, list(geo.WEST))
            self.offer_ok &= np.isin(self.po, list(geo.EAST))
        self.min_score = round(settings.min_score * SCALE)

    def _domains(self, needs: list[Item], offers: list[Item]) -> None:
        names = sorted({it.domain for it in needs} | {it.domain for it in offers})
        index = {d: k for k, d in enumerate(names)}
        self.domain_names = names
        self.dn = np.array([index[it.domain] for it in needs], dtype=np.int64)
        self.do = np.array([index[it.domain] for it in offers], dtype=np.int64)
        table = np.eye(len(names))
        for pair in self.settings.related_domains:
            a, b = (tuple(pair) * 2)[:2]
            if a in index and b in index and a != b:
                table[index[a], index[b]] = table[index[b], index[a]] = 0.5
        self.D = table

    def allowed(self, need_idx: np.ndarray, offer_idx: np.ndarray) -> np.ndarray:
        """Hard rules of the program (not exclusions or the minimum score) for a block."""
        ok = self.need_ok[need_idx][:, None] & self.offer_ok[offer_idx][None, :]
        if self.settings.same_province:
            ok &= self.pn[need_idx][:, None] == self.po[offer_idx][None, :]
        return ok

    def raw_parts(self, need_idx: np.ndarray, offer_idx: np.ndarray) -> list[np.ndarray]:
        """Unweighted parts (each in [0, 1]) of a block, in ``PARTS`` order."""
        text = (self.X[need_idx] @ self.Y[offer_idx].T).toarray()
        domain = self.D[self.dn[need_idx][:, None], self.do[offer_idx][None, :]]
        distance = geo.closeness(self.cn[need_idx][:, None], self.co[offer_idx][None, :])
        rule = self.R[self.po[offer_idx][None, :], self.pn[need_idx][:, None]].astype(float)
        return [text, domain, distance, rule]

    def unmasked(self, need_idx, offer_idx) -> np.ndarray:
        """Integer scores ``round(SCALE * score)`` of a block, whatever the rules say."""
        raw = self.raw_parts(np.asarray(need_idx), np.asarray(offer_idx))
        s = self.w[0] * raw[0] + self.w[1] * raw[1] + self.w[2] * raw[2] + self.w[3] * raw[3]
        return np.rint(s * SCALE).astype(np.int64)

    def block(self, need_idx, offer_idx) -> np.ndarray:
        """Integer scores of a block; -1 where the program's rules or its minimum score forbid the pair."""
        need_idx, offer_idx = np.asarray(need_idx), np.asarray(offer_idx)
        scores = self.unmasked(need_idx, offer_idx)
        ok = self.allowed(need_idx, offer_idx) & (scores >= self.min_score)
        return np.where(ok, scores, -1)

    def pair_parts(self, need_idx, offer_idx) -> list[dict]:
        """Weighted parts of many single pairs (they sum to the score) plus readable details."""
        i, j = np.asarray(need_idx, dtype=np.int64), np.asarray(offer_idx, dtype=np.int64)
        text = np.asarray(self.X[i].multiply(self.Y[j]).sum(axis=1)).ravel()
        raw = np.stack(
            [
                text,
                self.D[self.dn[i], self.do[j]],
                geo.closeness(self.cn[i], self.co[j]),
                self.R[self.po[j], self.pn[i]].astype(float),
            ],
            axis=1,
        )
        weighted = np.round(raw * self.w, 6)
        out = []
        for row, wrow in zip(raw.tolist(), weighted.tolist(), strict=True):
            parts = dict(zip(PARTS, wrow, strict=True))
            parts["detail"] = {
                "text_similarity": round(row[0], 4),
                "domain": "同领域" if row[1] == 1 else ("相关领域" if row[1] > 0 else "不同领域"),
                "distance": geo.closeness_class_name(row[2]),
                "rule": "结对省份" if row[3] else "无",
            }
            out.append(parts)
        return out

    def score_of(self, i: int, j: int) -> int:
        """Integer score of one pair regardless of rules (fixed pairs may break them)."""
        return int(self.unmasked(np.array([i]), np.array([j]))[0, 0])
