"""``extract FILE... --out DIR``: write ``NAME.pred.jsonl`` per input in the corpus format."""

import argparse
import json
import sys
from pathlib import Path

from .extract import extract_file
from .normalize import UnsupportedInput

FIELDS = (
    "quote",
    "value",
    "unit",
    "approx",
    "what",
    "change",
    "optional",
    "start",
    "end",
    "place",
    "organization",
)


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="extract", description="Extract numeric facts from articles (.txt, .docx)."
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--out", required=True, metavar="DIR", help="directory for NAME.pred.jsonl files")
    p.add_argument(
        "--with-optional",
        action="store_true",
        help="also write facts the spec leaves optional (single items, magnitudes, restatements)",
    )
    return p


def write_predictions(path: Path, out_dir: Path, with_optional: bool = False) -> tuple[Path, int]:
    facts = [f for f in extract_file(path) if with_optional or not f.optional]
    target = out_dir / f"{path.stem}.pred.jsonl"
    with target.open("w", encoding="utf-8") as fh:
        for f in facts:
            row = f.to_json()
            fh.write(json.dumps({k: row[k] for k in FIELDS}, ensure_ascii=False) + "\n")
    return target, len(facts)


def refusal(path: Path, exc: Exception) -> str:
    """The stderr line for a file that was not read: the file, the reason, and that nothing was written."""
    reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
    return f"{path}: refused, {reason}; no prediction file written"


def main(argv: list[str] | None = None, stdout=None, stderr=None, describe=refusal) -> int:
    """Exit status 1 when any file was refused (empty, binary, unreadable); the others are still done.
    ``describe(path, exc)`` words the refusal (the management command passes a translated one)."""
    stdout = stdout or sys.stdout
    stderr = stderr or sys.stderr
    args = build_parser().parse_args(argv)
    out_dir = Path(args.out)
    out_dir.mkdir(parents=True, exist_ok=True)
    status = 0
    for name in args.files:
        path = Path(name)
        try:
            target, n = write_predictions(path, out_dir, args.with_optional)
        except (OSError, UnsupportedInput) as e:
            stderr.write(describe(path, e) + "\n")
            status = 1
            continue
        stdout.write(f"{path}: {n} facts -> {target}\n")
    return status


if __name__ == "__main__":
    sys.exit(main())
