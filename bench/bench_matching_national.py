"""National benchmark of the matching engine: 140,000 needs × 130,000 offers with capacities.

Needs take 1–2 partners, offers 1–3; default weights, no geographic hard rule, so all 1.82·10^10 pairs
are allowed and priced. Prints progress and figures, and as its last line one JSON object.
Usage: .venv/bin/python bench/bench_matching_national.py [n_needs n_offers]
"""

from __future__ import annotations

import json
import resource
import sys
import time

from tongxin.matching.engine import Settings, explain, solve, synth


def main() -> None:
    n, m = (int(a) for a in sys.argv[1:3]) if len(sys.argv) > 2 else (140_000, 130_000)
    t = time.perf_counter()
    needs, offers = synth.generate(n, m, seed=2024, need_capacity=(1, 2), offer_capacity=(1, 3))
    print(f"generated {n:,} needs and {m:,} offers in {time.perf_counter() - t:.1f} s", flush=True)
    start = time.perf_counter()

    def progress(fraction: float, message: str) -> None:
        print(f"{time.perf_counter() - start:8.1f} s  {fraction:4.0%}  {message}", flush=True)

    result = solve(needs, offers, Settings(), progress=progress, explain=False)
    t = time.perf_counter()
    explain(result)
    explain_s = time.perf_counter() - t
    cert, timings = result.certificate, result.timings
    figures = {
        "needs": n,
        "offers": m,
        "pairs": len(result.pairs),
        "objective": result.objective,
        "status": result.status,
        "candidate_optimum_s": round(timings["candidate_optimum_s"], 2),
        "certified_s": round(timings["certified_s"], 2),
        "explain_s": round(explain_s, 2),
        "total_s": round(timings["certified_s"] + explain_s, 2),
        "pricing_rounds": cert["rounds"],
        "pairs_priced": cert["pairs_priced"],
        "pairs_scored": cert["pairs_scored"],
        "pairs_added": cert["pairs_added"],
        "graph_arcs": cert["graph_arcs"],
        "gap": cert["gap"],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }
    for key, value in figures.items():
        print(f"{key:>20}: {value}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
