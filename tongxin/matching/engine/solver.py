"""Column generation: solve on the candidate graph, price every other pair, add violators, repeat.

The loop stops when a full pricing pass finds no pair with score above u_i + v_j. The duals then are
feasible for the LP over all pairs, and as their objective equals the matching's (gap 0, in integer
score units), the matching is optimal over all n × m pairs, not only over the candidates.
"""

from __future__ import annotations

import time

import numpy as np

from . import flow
from .dense import DENSE_LIMIT, DensePricer
from .explain import shared_words
from .pricing import Keys, Pricer, local_candidates, select
from .scoring import Scorer, check_capacities
from .types import SCALE, Cancelled, Item, Pair, Result, Settings


class Engine:
    """Scorer plus id lookups for one set of needs and offers; also answers interactive queries."""

    def __init__(self, needs: list[Item], offers: list[Item], settings: Settings | None = None):
        self.needs, self.offers = list(needs), list(offers)
        self.settings = settings or Settings()
        self.cap_n = check_capacities(self.needs, "need")
        self.cap_o = check_capacities(self.offers, "offer")
        self.need_pos = {it.id: k for k, it in enumerate(self.needs)}
        self.offer_pos = {it.id: k for k, it in enumerate(self.offers)}
        self.scorer = Scorer(self.needs, self.offers, self.settings) if self.needs and self.offers else None

    def index_pairs(self, pairs, what: str, strict: bool) -> np.ndarray:
        """(need_id, offer_id) pairs as a 2 × k index array; unknown ids are an error only if strict."""
        out = []
        for need_id, offer_id in pairs:
            i, j = self.need_pos.get(need_id), self.offer_pos.get(offer_id)
            if i is None or j is None:
                if strict:
                    raise ValueError(f"{what} pair ({need_id!r}, {offer_id!r}) names an unknown need/offer")
                continue
            out.append((i, j))
        return np.array(out, dtype=np.int64).reshape(-1, 2).T

    def best_partners(self, need_index: int, k: int = 10, explain: bool = True) -> list[Pair]:
        """The k best allowed offers for one need, best first, with score parts (and shared words)."""
        s = self.scorer
        if s is None:
            return []
        row = s.block(np.array([need_index]), np.arange(s.m))[0]
        excluded = self.index_pairs(self.settings.excluded, "excluded", strict=True)
        row[excluded[1][excluded[0] == need_index]] = -1
        top = np.argsort(-row, kind="stable")[:k]
        top = top[row[top] >= 0]
        return self._pairs(np.full(top.size, need_index), top, row[top], explain=explain)

    def _pairs(self, ii, jj, scores, explain: bool, fixed=None) -> list[Pair]:
        parts = self.scorer.pair_parts(ii, jj) if len(ii) else []
        fixed = np.zeros(len(ii), bool) if fixed is None else fixed
        out = [
            Pair(self.needs[i].id, self.offers[j].id, sc / SCALE, p, [], bool(f))
            for i, j, sc, p, f in zip(
                ii.tolist(), jj.tolist(), scores.tolist(), parts, fixed.tolist(), strict=True
            )
        ]
        if explain:
            explain_pairs(out, self)
        return out


def explain_pairs(pairs: list[Pair], engine: Engine) -> list[Pair]:
    """Fill ``phrases`` of each pair with the words both texts share."""
    cache: dict = {}
    for p in pairs:
        need = engine.needs[engine.need_pos[p.need_id]]
        offer = engine.offers[engine.offer_pos[p.offer_id]]
        p.phrases = shared_words(need.text, offer.text, cache)
    return pairs


def explain(result: Result, needs: list[Item] | None = None, offers: list[Item] | None = None) -> Result:
    """Fill the shared words of every chosen pair of ``result`` (in place) and return it."""
    engine = result.engine if result.engine is not None else Engine(needs or [], offers or [])
    explain_pairs(result.pairs, engine)
    return result


def _empty(status: str, message: str, t0: float, engine=None) -> Result:
    cert = {
        "rounds": 0,
        "pairs_priced": 0,
        "pairs_scored": 0,
        "pairs_added": 0,
        "gap": 0.0,
        "max_violation": 0.0,
    }
    total = time.perf_counter() - t0
    timings = {"candidate_optimum_s": total, "certified_s": total, "explain_s": 0.0, "total_s": total}
    return Result(status, [], 0.0, cert, timings, message, engine)


def _residual_capacities(engine: Engine, fixed: np.ndarray):
    cap_n = engine.cap_n - np.bincount(fixed[0], minlength=len(engine.needs))
    cap_o = engine.cap_o - np.bincount(fixed[1], minlength=len(engine.offers))
    for caps, items, side in ((cap_n, engine.needs, "need"), (cap_o, engine.offers, "offer")):
        for k in np.flatnonzero(caps < 0)[:1]:
            item = items[k]
            raise ValueError(f"fixed pairs use {side} {item.id!r} more than its capacity {item.capacity}")
    return cap_n, cap_o


class _Run:
    """State of one solve: the growing candidate graph and what the certificate reports."""

    def __init__(self, engine: Engine, progress, cancel):
        self.e, self.s = engine, engine.scorer
        self.progress = progress or (lambda fraction, message: None)
        self.cancel_check = cancel
        self.rounds, self.priced, self.scored, self.added, self.sweeps = 0, 0, 0, 0, 0
        self.per_round: list[dict] = []

    def check(self) -> None:
        if self.cancel_check is not None and self.cancel_check():
            raise Cancelled("matching run cancelled")

    def prepare(self):
        st = self.e.settings
        fixed = self.e.index_pairs(st.fixed, "fixed", strict=True)
        excluded = self.e.index_pairs(st.excluded, "excluded", strict=True)
        m = self.s.m
        clash = np.intersect1d(fixed[0] * m + fixed[1], excluded[0] * m + excluded[1])
        if clash.size:
            i, j = divmod(int(clash[0]), m)
            pair = (self.e.needs[i].id, self.e.offers[j].id)
            raise ValueError(f"pair {pair!r} is both fixed and excluded")
        self.fixed = fixed[:, np.unique(fixed[0] * m + fixed[1], return_index=True)[1]]
        self.cap_n, self.cap_o = _residual_capacities(self.e, self.fixed)
        keys = [self.fixed[0] * m + self.fixed[1], excluded[0] * m + excluded[1]]
        self.skip = Keys(m, np.concatenate(keys))

    def candidates(self, dense_limit: int):
        self.progress(0.02, "candidate pairs")
        if self.s.n * self.s.m <= dense_limit:
            self.pricer = DensePricer(self.s, self.skip, cancel=self.check)
            self.scored += self.s.n * self.s.m
            cand = self.pricer.candidates(self.e.settings.top_k)
        else:
            self.pricer = Pricer(self.s, self.skip)
            cand = local_candidates(self.s, self.e.settings.top_k, self.skip, cancel=self.check)
        live = (self.cap_n[cand[0]] > 0) & (self.cap_o[cand[1]] > 0)
        self.ei, self.ej, self.w = cand[0][live], cand[1][live], cand[2][live]

    def loop(self, t0: float, timings: dict):
        d = None
        per_node = max(1, self.e.settings.add_per_node)
        while True:
            self.check()
            sol, d = flow.solve(self.cap_n, self.cap_o, self.ei, self.ej, self.w, d)
            self.sweeps += sol.bf_sweeps
            timings.setdefault("candidate_optimum_s", time.perf_counter() - t0)
            self.rounds += 1
            self.progress(min(0.9, 0.2 + 0.7 * (1 - 0.6**self.rounds)), f"pricing round {self.rounds}")
            graph = Keys(self.s.m, self.ei * self.s.m + self.ej)
            stats = self.pricer.price(sol.u, sol.v, per_node, graph, cancel=self.check)
            elapsed = round(time.perf_counter() - t0, 2)
            self.per_round.append(
                {
                    "violations": stats.violations,
                    "pairs_scored": stats.pairs_scored,
                    "graph_arcs": int(self.ei.size),
                    "elapsed_s": elapsed,
                }
            )
            self.priced += stats.pairs_covered
            self.scored += stats.pairs_scored
            if not stats.violations:
                return sol
            new = select(stats.found, self.s.n, self.s.m, per_node)
            self.added += new.shape[1]
            self.ei = np.concatenate([self.ei, new[0]])
            self.ej = np.concatenate([self.ej, new[1]])
            self.w = np.concatenate([self.w, new[2]])


def solve(
    needs: list[Item],
    offers: list[Item],
    settings: Settings | None = None,
    progress=None,
    cancel=None,
    explain: bool = True,
    dense_limit: int = DENSE_LIMIT,
) -> Result:
    """Optimal b-matching of needs with offers over all pairs, with its certificate and explanations.

    Up to ``dense_limit`` pairs the full score matrix is held and priced exactly each round; beyond it,
    pricing is blockwise with bounds. Both certify optimality over all pairs.
    """
    t0 = time.perf_counter()
    engine = Engine(needs, offers, settings)
    if engine.scorer is None:
        return _empty("nothing to match", "no needs or no offers were given", t0, engine)
    run = _Run(engine, progress, cancel)
    run.check()
    run.prepare()
    run.candidates(dense_limit)
    timings: dict = {}
    sol = run.loop(t0, timings)
    on = sol.x == 1
    ii = np.concatenate([run.fixed[0], run.ei[on]])
    jj = np.concatenate([run.fixed[1], run.ej[on]])
    fixed_scores = np.array([engine.scorer.score_of(i, j) for i, j in run.fixed.T.tolist()], dtype=np.int64)
    scores = np.concatenate([fixed_scores, run.w[on]])
    if not ii.size:
        return _empty(
            "no feasible pair", "the program's rules, exclusions and minimum score leave no pair", t0, engine
        )
    timings["certified_s"] = time.perf_counter() - t0
    run.progress(0.92, "explanations")
    t1 = time.perf_counter()
    pairs = engine._pairs(ii, jj, scores, explain=explain, fixed=np.arange(ii.size) < run.fixed.shape[1])
    timings["explain_s"] = time.perf_counter() - t1
    timings["total_s"] = time.perf_counter() - t0
    certificate = {
        "rounds": run.rounds,
        "pairs_priced": run.priced,
        "pairs_scored": run.scored,
        "pairs_added": run.added,
        "graph_arcs": int(run.ei.size),
        "bellman_ford_sweeps": run.sweeps,
        "objective_units": sol.objective + int(fixed_scores.sum()),
        "dual_units": sol.dual_objective + int(fixed_scores.sum()),
        "scale": SCALE,
        "gap": (sol.dual_objective - sol.objective) / SCALE,
        "max_violation": 0.0,
        "per_round": run.per_round,
    }
    run.progress(1.0, "done")
    objective = (int(scores.sum())) / SCALE
    return Result("optimal", pairs, objective, certificate, timings, "", engine)
