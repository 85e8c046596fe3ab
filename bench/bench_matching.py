"""Benchmark of the matching engine on two program sizes.

1. 412 × 412: a provincial program (贵州), same province only, one partner each.
2. 4,221 × 3,702: 东西部协作, needs in the western provinces, offers in the eastern ones, east → west
   only, needs take 1–2 partners and offers 1–3.
Each run is end to end (scoring, solving, certifying over all pairs, explaining). ``cold_s`` is the first
run in the process, which also loads jieba's dictionary (~0.7 s); ``total_s`` is a repeat, as in a
server process. One JSON line per case is printed; the last line is the larger case.
"""

from __future__ import annotations

import json
import resource
import time

from tongxin.matching.engine import EAST, WEST, Settings, solve, synth

CASES = [
    ("provincial", 412, 412, dict(need_provinces={52}, offer_provinces={52}), Settings(same_province=True)),
    ("east_west", 4221, 3702,
     dict(need_provinces=WEST, offer_provinces=EAST, need_capacity=(1, 2), offer_capacity=(1, 3)),
     Settings(east_west=True)),
]


def run(name, n, m, gen, settings) -> dict:
    needs, offers = synth.generate(n, m, seed=7, **gen)
    t = time.perf_counter()
    solve(needs, offers, settings)
    cold = time.perf_counter() - t
    result = solve(needs, offers, settings)
    cert, timings = result.certificate, result.timings
    return {
        "case": name, "needs": n, "offers": m, "pairs": len(result.pairs), "objective": result.objective,
        "status": result.status, "cold_s": round(cold, 3), "total_s": round(timings["total_s"], 3),
        "candidate_optimum_s": round(timings["candidate_optimum_s"], 3),
        "certified_s": round(timings["certified_s"], 3), "explain_s": round(timings["explain_s"], 3),
        "pricing_rounds": cert["rounds"], "pairs_priced": cert["pairs_priced"],
        "pairs_added": cert["pairs_added"], "gap": cert["gap"],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }


def main() -> None:
    for case in CASES:
        figures = run(*case)
        print("  ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
