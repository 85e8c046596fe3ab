"""Benchmark of the matching engine on two program sizes, each in a fresh process.

1. 412 × 412: a provincial program (贵州), same province only, one partner each.
2. 4,221 × 3,702: 东西部协作, needs in the western provinces, offers in the eastern ones, east → west
   only, needs take 1–2 partners and offers 1–3.

Each case runs in its own Python process, so its first run is a true cold start: ``total_s`` is that
first end-to-end run (scoring, solving, certifying over all pairs, explaining, incl. loading jieba's
prefix dictionary). ``warm_total_s`` is a repeat in the same process, as in a long-running server.
``import_s`` (loading numpy, scipy, scikit-learn, OR-Tools, jieba) is paid once per process and
reported apart. ``jieba_cache`` says whether the prefix dictionary came from its cache under
var/cache ("hit") or had to be built first ("built", ~1 s more, once per checkout).
One JSON line per case is printed; the last line is the larger case.
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time

CASES = ("provincial", "east_west")


def case(name: str):
    from tongxin.matching.engine import EAST, WEST, Settings

    if name == "provincial":
        return 412, 412, dict(need_provinces={52}, offer_provinces={52}), Settings(same_province=True)
    return (
        4221, 3702,
        dict(need_provinces=WEST, offer_provinces=EAST, need_capacity=(1, 2), offer_capacity=(1, 3)),
        Settings(east_west=True),
    )  # fmt: skip


def run(name: str) -> dict:
    t = time.perf_counter()
    import importlib

    from tongxin.matching.engine import solve, synth

    explain_module = importlib.import_module("tongxin.matching.engine.explain")
    import_s = time.perf_counter() - t
    cache = "hit" if explain_module.cache_path().exists() else "built"
    n, m, gen, settings = case(name)
    needs, offers = synth.generate(n, m, seed=7, **gen)
    t = time.perf_counter()
    cold = solve(needs, offers, settings)
    cold_s = time.perf_counter() - t
    t = time.perf_counter()
    warm = solve(needs, offers, settings)
    warm_s = time.perf_counter() - t
    assert warm.objective == cold.objective and len(warm.pairs) == len(cold.pairs)
    cert, timings = cold.certificate, cold.timings
    return {
        "case": name, "needs": n, "offers": m, "pairs": len(cold.pairs), "objective": cold.objective,
        "status": cold.status, "total_s": round(cold_s, 3), "cold_total_s": round(cold_s, 3),
        "warm_total_s": round(warm_s, 3), "candidate_optimum_s": round(timings["candidate_optimum_s"], 3),
        "certified_s": round(timings["certified_s"], 3), "explain_s": round(timings["explain_s"], 3),
        "warm_explain_s": round(warm.timings["explain_s"], 3), "import_s": round(import_s, 3),
        "jieba_cache": cache, "pricing_rounds": cert["rounds"], "pairs_priced": cert["pairs_priced"],
        "pairs_added": cert["pairs_added"], "gap": cert["gap"],
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
    }  # fmt: skip


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--case":
        print(json.dumps(run(sys.argv[2])), flush=True)
        return
    for name in CASES:
        child = subprocess.run(
            [sys.executable, __file__, "--case", name], capture_output=True, text=True, check=True
        )
        figures = json.loads(child.stdout.strip().splitlines()[-1])
        print("  ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
        print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
