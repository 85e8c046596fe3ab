"""Throughput of the figure extractor (normalization + body finding + extraction) on one core.

Builds at least 5 MB of article text from the dev corpus (Simplified and Traditional copies, digits
shuffled per copy), runs the extractor over it one article at a time, clearing the segmentation cache
between articles so repeated text is not free, and prints the figures; the last line is a JSON
object with ``mb_per_s``.

    .venv/bin/python bench/bench_extract.py [--mb 5]
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tongxin.ingest.engine import extract_text, normalize
from tongxin.ingest.engine.context import clear_caches

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "articles"
FALLBACK = (
    "全市共建成新阶层服务站132处,开展政策宣讲等活动200余场次,培训企业家1400余人次。\n"
    "投入资金4.67亿元,签约产业项目113个,履约率达96.46%,同比增长11.82%。\n"
)


def articles() -> list[str]:
    texts = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.txt"))] if CORPUS.is_dir() else []
    if not texts:
        texts = [FALLBACK * 40]
    import opencc

    s2t = opencc.OpenCC("s2t")
    return texts + [s2t.convert(t) for t in texts]


def build(target_bytes: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    base = articles()
    docs, size = [], 0
    while size < target_bytes:
        for text in base:
            table = str.maketrans("0123456789", "".join(rng.sample("0123456789", 10)))
            doc = text.translate(table)
            docs.append(doc)
            size += len(doc.encode("utf-8"))
    return docs


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=5.0, help="megabytes of text to process (default 5)")
    args = parser.parse_args(argv)
    t0 = time.perf_counter()
    extract_text(articles()[0])
    warmup = time.perf_counter() - t0
    docs = build(int(args.mb * 1_000_000))
    total = sum(len(d.encode("utf-8")) for d in docs)

    t0 = time.perf_counter()
    for d in docs:
        normalize(d)
    t_norm = time.perf_counter() - t0

    t0 = time.perf_counter()
    facts = 0
    for d in docs:
        clear_caches()
        facts += len(extract_text(d))
    t_all = time.perf_counter() - t0

    mb = total / 1_000_000
    print(f"documents {len(docs)}, {mb:.2f} MB (UTF-8), facts {facts}")
    print(f"start-up (imports, dictionaries, first article): {warmup:.2f} s")
    print(f"normalization alone: {t_norm:.2f} s = {mb / t_norm:.2f} MB/s")
    print(f"normalization + body + extraction: {t_all:.2f} s = {mb / t_all:.2f} MB/s")
    print(
        json.dumps(
            {
                "mb_per_s": round(mb / t_all, 3),
                "normalize_mb_per_s": round(mb / t_norm, 3),
                "megabytes": round(mb, 3),
                "documents": len(docs),
                "facts": facts,
                "seconds": round(t_all, 3),
                "startup_seconds": round(warmup, 3),
            }
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
