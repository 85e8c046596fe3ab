"""Maximum-weight b-matching on a candidate graph as a min-cost flow, and its dual certificate.

Network: source S → need i (capacity m_i), need i → offer j (capacity 1, cost -score), offer j → sink T
(capacity k_j), and a bypass S → T that carries whatever is left unpaired, so pairing stays optional.
The bypass is sized to always carry at least one unit, so both of its residual arcs exist and the
potentials of S and T coincide. OR-Tools does not expose duals, so potentials come from a vectorised
Bellman-Ford on the residual network of the optimal flow; they are checked, not trusted.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

INF = np.iinfo(np.int64).max // 4


@dataclass
class FlowSolution:
    """Optimal flow on the candidate arcs, with LP duals u (needs) and v (offers)."""

    x: np.ndarray
    u: np.ndarray
    v: np.ndarray
    objective: int
    dual_objective: int
    bf_sweeps: int


def solve(
    cap_n: np.ndarray,
    cap_o: np.ndarray,
    ei: np.ndarray,
    ej: np.ndarray,
    w: np.ndarray,
    d0: np.ndarray | None = None,
) -> tuple[FlowSolution, np.ndarray]:
    """Optimal b-matching over arcs (ei, ej, w); returns it and the node potentials for a warm start."""
    n, m = len(cap_n), len(cap_o)
    flow_units = int(min(cap_n.sum(), cap_o.sum())) + 1
    need_nodes, offer_nodes = 2 + np.arange(n), 2 + n + np.arange(m)
    tails = np.concatenate([np.zeros(n, np.int64), 2 + ei, offer_nodes, [0]])
    heads = np.concatenate([need_nodes, 2 + n + ej, np.ones(m, np.int64), [1]])
    caps = np.concatenate([cap_n, np.ones(len(ei), np.int64), cap_o, [flow_units + 1]])
    costs = np.concatenate([np.zeros(n, np.int64), -w, np.zeros(m, np.int64), [0]])
    mcf = min_cost_flow.SimpleMinCostFlow()
    mcf.add_arcs_with_capacity_and_unit_cost(tails, heads, caps, costs)
    supplies = np.zeros(n + m + 2, np.int64)
    supplies[0], supplies[1] = flow_units, -flow_units
    mcf.set_nodes_supplies(np.arange(n + m + 2), supplies)
    status = mcf.solve()
    if status != mcf.OPTIMAL:
        raise RuntimeError(f"min-cost flow failed with status {status}")
    x = mcf.flows(np.arange(n, n + len(ei))).astype(np.int64)
    del mcf
    return _certify(cap_n, cap_o, ei, ej, w, x, d0)


def _residual(cap_n, cap_o, ei, ej, w, x):
    n, m = len(cap_n), len(cap_o)
    fn = np.bincount(ei, weights=x, minlength=n).astype(np.int64)
    fo = np.bincount(ej, weights=x, minlength=m).astype(np.int64)
    need_nodes, offer_nodes = 2 + np.arange(n), 2 + n + np.arange(m)
    on = x == 1
    parts = [
        (2 + ei[~on], 2 + n + ej[~on], -w[~on]),
        (2 + n + ej[on], 2 + ei[on], w[on]),
        (np.zeros((fn < cap_n).sum(), np.int64), need_nodes[fn < cap_n], 0),
        (need_nodes[fn > 0], np.zeros((fn > 0).sum(), np.int64), 0),
        (offer_nodes[fo < cap_o], np.ones((fo < cap_o).sum(), np.int64), 0),
        (np.ones((fo > 0).sum(), np.int64), offer_nodes[fo > 0], 0),
        (np.array([0, 1]), np.array([1, 0]), 0),
    ]
    tail = np.concatenate([p[0] for p in parts])
    head = np.concatenate([p[1] for p in parts])
    cost = np.concatenate([np.broadcast_to(np.asarray(p[2], np.int64), p[0].shape) for p in parts])
    return tail, head, cost, fn, fo


def potentials(n_nodes: int, tail, head, cost, d0=None) -> tuple[np.ndarray, int]:
    """Feasible potentials d (d[head] ≤ d[tail] + cost on every arc) by Jacobi Bellman-Ford sweeps.

    Starting from any finite d0 this converges, as the residual network of an optimal flow has no
    negative cycle; a warm start from the previous round's potentials keeps the sweeps few.
    """
    d = np.zeros(n_nodes, np.int64) if d0 is None else d0.copy()
    order = np.argsort(head, kind="stable")
    tail, head, cost = tail[order], head[order], cost[order]
    starts = np.flatnonzero(np.r_[True, head[1:] != head[:-1]])
    targets = head[starts]
    for sweep in range(1, n_nodes + 2):
        best = np.minimum.reduceat(d[tail] + cost, starts)
        better = best < d[targets]
        if not better.any():
            return d, sweep
        d[targets[better]] = best[better]
    raise RuntimeError("negative cycle in the residual network: the flow is not optimal")


def _certify(cap_n, cap_o, ei, ej, w, x, d0):
    n, m = len(cap_n), len(cap_o)
    tail, head, cost, fn, fo = _residual(cap_n, cap_o, ei, ej, w, x)
    d, sweeps = potentials(n + m + 2, tail, head, cost, d0)
    if d[0] != d[1]:
        raise RuntimeError("source and sink potentials differ although the bypass is two-way")
    u = d[2 : 2 + n] - d[0]
    v = d[0] - d[2 + n :]
    u[fn == 0] = np.maximum(u[fn == 0], 0)
    v[fo == 0] = np.maximum(v[fo == 0], 0)
    u[cap_n == 0] = INF
    v[cap_o == 0] = INF
    _check_duals(cap_n, cap_o, ei, ej, w, x, u, v, fn, fo)
    on = x == 1
    objective = int(w[on].sum())
    slack = w[on] - u[ei[on]] - v[ej[on]]
    live_n, live_o = cap_n > 0, cap_o > 0
    dual = int((cap_n[live_n] * u[live_n]).sum() + (cap_o[live_o] * v[live_o]).sum() + slack.sum())
    return FlowSolution(x, u, v, objective, dual, sweeps), d


def _check_duals(cap_n, cap_o, ei, ej, w, x, u, v, fn, fo) -> None:
    """LP dual feasibility and complementary slackness on the candidate graph, or an error."""
    on = x == 1
    red = u[ei] + v[ej] - w
    problems = []
    if (red[~on] < 0).any():
        problems.append("an unused arc prices below its score")
    if (red[on] > 0).any():
        problems.append("a used arc prices above its score")
    live_n, live_o = cap_n > 0, cap_o > 0
    if (u[live_n] < 0).any() or (v[live_o] < 0).any():
        problems.append("a negative dual")
    if (u[live_n & (fn < cap_n)] != 0).any() or (v[live_o & (fo < cap_o)] != 0).any():
        problems.append("an unsaturated node with a nonzero dual")
    if problems:
        raise RuntimeError("dual certificate failed: " + "; ".join(problems))
