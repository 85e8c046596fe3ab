"""Benchmark of the project ledger's Excel import and export.

1. A 100,000-row xlsx in the import template's layout (real county codes, the demo programs and
   organizations) is written with XlsxWriter, streamed: its strings inline, as our export writes.
2. ``calamine_read_s``: python-calamine merely reading it (best of 3).
3. ``import_s``: the whole import into a fresh SQLite database (read, validate every row, write the
   projects, their participants and their audit entries, in one transaction), best of 3 as the
   read is, each into a fresh database (``import_runs_s`` lists all three: this 2-core virtual
   machine's speed varies by a third from minute to minute); ``import_ratio`` is import_s /
   calamine_read_s (goal ≤ 2). ``reimport_s``: the same file again (all rows unchanged).
4. Export of 10,000 and of 100,000 rows, each in a fresh process: peak RSS of the process, so a
   flat figure means memory does not grow with the row count.
5. The same rows saved with a shared-strings table, as Excel and WPS save (``…_shared_strings``):
   read in parts too, each batch of parts (one workbook; the batches double) parsing the table
   again up to the last entry its rows use.
6. When PostgreSQL answers: the same import into a fresh database there (``import_s_postgresql``).

``import_phases_s`` (and ``…_postgresql``) split an import into reading the first part of the sheet,
then checking and writing (one part is parsed while the one before is checked and the one before
that written), and the audit entries, permission check and commit. ``import_cpu_s`` (and
``…_shared_strings``, ``…_postgresql``) are the CPU seconds of the import's threads (``main``: a
sheet read whole, the checks, the rows built; ``reader``: a sheet read in parts; ``writer``: the
inserts, SQLite's own work included, PostgreSQL's server not): on this 2-core machine an import on
SQLite cannot take less than half their sum. The last line is one JSON object
with every figure.
Run: ``make bench-import``; ``BENCH_IMPORT_ROWS=20000 BENCH_IMPORT_SKIP_EXPORT=1`` for a quick
iteration (fewer rows, no export part).
"""

from __future__ import annotations

import io
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

ROWS = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
SKIP_EXPORT = os.environ.get("BENCH_IMPORT_SKIP_EXPORT") == "1"
ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("BENCH_VAR_DIR", ROOT / "var" / "bench-import"))


PG_URL = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/tongxin")
PG_BENCH = PG_URL.rsplit("/", 1)[0] + "/tongxin_bench_import"


def setup_django(backend: str = "sqlite") -> None:
    if backend == "postgresql":
        os.environ["DATABASE_URL"] = PG_BENCH
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ["TONGXIN_VAR_DIR"] = str(VAR)
    os.environ.setdefault("TONGXIN_DEBUG", "0")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def fresh_database() -> None:
    from django.core.management import call_command
    from django.db import connection

    from tongxin.core import audit
    from tongxin.core.models import AuditEntry
    from tongxin.demo import foundation
    from tongxin.regions.loader import load_regions

    if connection.vendor == "sqlite":
        connection.close()  # else the next migrate would run on the file just removed
        db = VAR / "tongxin.sqlite3"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
    call_command("migrate", verbosity=0)
    with audit.context(source=AuditEntry.Source.COMMAND):
        load_regions()
        foundation.load()


def write_sheet(path: Path, *, shared_strings: bool = False) -> None:
    """The rows as XlsxWriter streams them (inline strings, as our own export writes), or with a
    shared-strings table, as Excel and WPS save a sheet."""
    import xlsxwriter

    from tongxin.programs.models import Program
    from tongxin.regions.models import Region

    rng = random.Random(7)
    program = Program.objects.get(short_name="组团式帮扶毕节").name
    counties = list(Region.objects.filter(level="county").values_list("code", flat=True))
    domains = ["产业发展", "教育", "医疗卫生", "乡村振兴", "人才与培训", "科技", "基础设施"]
    kinds = ["捐赠", "投资", "服务", "培训", "咨询", "基础设施"]
    orgs = ["民建中央", "民盟中央", "全国工商联", "光彩会", "九三学社中央", ""]
    header = ["编号", "项目名称", "项目群", "类型", "状态", "区划代码", "领域", "开始日期", "完成日期",
              "计划投入(万元)", "资金到位(元)", "物资折价(元)", "受益人数", "受益人次", "实施单位"]  # fmt: skip
    book = xlsxwriter.Workbook(str(path), {} if shared_strings else {"constant_memory": True})
    sheet = book.add_worksheet("项目")
    sheet.write_row(0, 0, header)
    for n in range(1, ROWS + 1):
        done = rng.random() < 0.6
        row = [
            f"BENCH-{n:07d}", f"帮扶项目{n}号", program, rng.choice(kinds), "已完成" if done else "实施中",
            rng.choice(counties), rng.choice(domains), "2024-03-01", "2024-10-31" if done else "",
            rng.randrange(1, 90000) / 100, rng.randrange(100, 9_000_000) / 100, 0,
            rng.randrange(1, 900), rng.randrange(1, 3000), rng.choice(orgs),
        ]  # fmt: skip
        sheet.write_row(n, 0, row)
    book.close()


def calamine_read(data: bytes) -> float:
    from python_calamine import CalamineWorkbook

    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        CalamineWorkbook.from_filelike(io.BytesIO(data)).get_sheet_by_index(0).to_python(
            skip_empty_area=False
        )
        best = min(best, time.perf_counter() - start)
    return best


# Where the importer's phases end, as fractions of its progress: reading the sheet's first part;
# checking the rows part by part while the next part is parsed and the previous one written (on
# two more threads), up to the last write; the rest is the audit entries, the permission check and
# the commit.
PHASE_ENDS = [(0.1, "read"), (0.95, "check_and_write")]


def run_import(data: bytes):
    """The import's seconds, its result, the seconds of each phase (from its progress calls) and
    the CPU seconds of each of its threads."""
    from tongxin.core.ledger import REGISTRY, importer
    from tongxin.core.permissions import SYSTEM

    marks = []
    with thread_cpu() as cpu:
        start = time.perf_counter()
        result = importer.run(
            REGISTRY["projects"],
            actor=SYSTEM,
            name="bench.xlsx",
            data=data,
            progress=lambda fraction, _phase: marks.append((fraction, time.perf_counter())),
        )
        end = time.perf_counter()
    if not result.ok:
        raise SystemExit(f"import failed: {[str(e) for e in result.errors[:5]]}")
    phases, at = {}, start
    for upto, name in PHASE_ENDS:
        until = next((t for f, t in marks if f >= upto - 1e-6 and t >= at), at)
        phases[name] = round(until - at, 2)
        at = until
    phases["commit"] = round(end - at, 2)
    return end - start, result, phases, cpu


@contextmanager
def thread_cpu():
    """CPU seconds of the import's threads: the caller's, the sheet reader's and the writer's.
    Half their sum (two cores) bounds the import's time from below, however well they overlap."""
    from tongxin.core.ledger import bulk, reader

    cpu = {"main": 0.0, "reader": 0.0, "writer": 0.0}
    patched = [(reader.Parts, "_read", "reader"), (bulk.Writer, "_work", "writer")]
    originals = [getattr(cls, name) for cls, name, _key in patched]

    def timed(original, key):
        def run(self):
            try:
                return original(self)
            finally:
                cpu[key] += time.thread_time()

        return run

    for (cls, name, key), original in zip(patched, originals, strict=True):
        setattr(cls, name, timed(original, key))
    start = time.thread_time()
    try:
        yield cpu
    finally:
        cpu["main"] = time.thread_time() - start
        for (cls, name, _key), original in zip(patched, originals, strict=True):
            setattr(cls, name, original)
        for key in cpu:
            cpu[key] = round(cpu[key], 2)


def best_import(data: bytes, *, fresh_first: bool) -> list:
    """Three imports, each into a fresh database (the first into the current one unless
    `fresh_first`): best of 3, as the read is."""
    runs = []
    for attempt in range(3):
        if attempt or fresh_first:
            fresh_database()
        runs.append(run_import(data))
    return runs


def peak_rss_mb() -> float:
    """VmHWM, the high-water mark of this process's own memory. (getrusage's ru_maxrss would carry
    over the parent's peak across fork and exec.)"""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def export_child(limit: int) -> None:
    """In its own process: export `limit` rows through the ledger's export, report peak RSS."""
    from tongxin.core.ledger import REGISTRY, query, xlsx
    from tongxin.core.permissions import SYSTEM

    ledger = REGISTRY["projects"]
    selection = query.parse(ledger, {})
    qs = query.rows(selection, SYSTEM)
    ids = list(qs.order_by("pk").values_list("pk", flat=True)[:limit])
    qs = qs.filter(pk__lte=ids[-1])
    before = peak_rss_mb()
    start = time.perf_counter()
    totals = query.totals(selection, qs)
    out = xlsx.export(ledger, query.batches(ledger, query.ordered(selection, qs)), totals)  # as the view does
    size = out.seek(0, 2)
    peak = peak_rss_mb()
    print(json.dumps({"rows": totals["count"], "rss_before_mb": round(before, 1), "peak_rss_mb": round(peak, 1),
                      "export_s": round(time.perf_counter() - start, 2), "bytes": size}))  # fmt: skip


def export_peak(limit: int) -> dict:
    out = subprocess.run(
        [sys.executable, __file__, "--export", str(limit)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def pg_child(path: str) -> None:
    """In its own process, on a fresh PostgreSQL database: the same import (COPY instead of executemany)."""
    fresh_database()
    data = Path(path).read_bytes()
    import_s, _result, phases, cpu = run_import(data)
    reimport_s, _again, _phases, _cpu = run_import(data)
    print(json.dumps({"import_s": round(import_s, 2), "reimport_s": round(reimport_s, 2), "phases": phases,
                      "cpu": cpu}))  # fmt: skip


def pg_import(path: Path) -> dict | None:
    try:
        import psycopg

        with psycopg.connect(
            PG_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3, autocommit=True
        ) as conn:
            conn.execute("DROP DATABASE IF EXISTS tongxin_bench_import")
            conn.execute("CREATE DATABASE tongxin_bench_import")
    except Exception as exc:
        print(f"PostgreSQL at {PG_URL} does not answer ({exc}): import measured on SQLite only", flush=True)
        return None
    out = subprocess.run(
        [sys.executable, __file__, "--pg-import", str(path)], capture_output=True, text=True, check=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main() -> None:
    VAR.mkdir(parents=True, exist_ok=True)
    if len(sys.argv) == 3 and sys.argv[1] == "--pg-import":
        setup_django("postgresql")
        pg_child(sys.argv[2])
        return
    setup_django()
    if len(sys.argv) == 3 and sys.argv[1] == "--export":
        export_child(int(sys.argv[2]))
        return
    fresh_database()
    tmp = tempfile.TemporaryDirectory()
    path = Path(tmp.name) / "bench.xlsx"
    write_sheet(path)
    data = path.read_bytes()
    read_s = calamine_read(data)
    runs = best_import(data, fresh_first=False)
    import_s, result, phases, cpu = min(runs, key=lambda run: run[0])
    print(f"import of {ROWS:,} rows: {import_s:.2f} s; calamine read {read_s:.2f} s; ratio {import_s / read_s:.2f} "
          f"(best of {[round(run[0], 2) for run in runs]})",
          flush=True)  # fmt: skip
    print(
        f"phases (s): {phases}; CPU seconds of its threads {cpu}, {sum(cpu.values()):.2f} in all", flush=True
    )
    reimport_s, again, _phases, _cpu = run_import(data)
    from django.db import connection

    with connection.cursor() as cursor:  # a fresh process then reads the table, not a 1 GB WAL
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    print(f"re-import (unchanged {again.unchanged:,}): {reimport_s:.2f} s", flush=True)
    if SKIP_EXPORT:
        small = large = {"peak_rss_mb": None, "export_s": None}
    else:
        small, large = export_peak(ROWS // 10), export_peak(ROWS)
        print(f"export {small['rows']:,} rows: peak RSS {small['peak_rss_mb']} MB ({small['export_s']} s); "
              f"{large['rows']:,} rows: peak RSS {large['peak_rss_mb']} MB ({large['export_s']} s)", flush=True)  # fmt: skip
    shared_path = Path(tmp.name) / "shared.xlsx"
    write_sheet(shared_path, shared_strings=True)
    shared = shared_path.read_bytes()
    shared_read_s = calamine_read(shared)
    shared_s, _result, _phases, shared_cpu = min(
        best_import(shared, fresh_first=True), key=lambda run: run[0]
    )
    print(f"with a shared-strings table (as Excel saves): import {shared_s:.2f} s; calamine read "
          f"{shared_read_s:.2f} s; ratio {shared_s / shared_read_s:.2f}", flush=True)  # fmt: skip
    pg = pg_import(path)
    tmp.cleanup()
    if pg:
        print(f"PostgreSQL: import {pg['import_s']} s (ratio {pg['import_s'] / read_s:.2f}); "
              f"re-import {pg['reimport_s']} s; phases (s): {pg['phases']}", flush=True)  # fmt: skip
    figures = {
        "backend": "sqlite",
        "rows": ROWS,
        "file_mb": round(len(data) / 1024 / 1024, 2),
        "import_s": round(import_s, 2),
        "calamine_read_s": round(read_s, 2),
        "import_ratio": round(import_s / read_s, 2),
        "import_runs_s": [round(run[0], 2) for run in runs],
        "import_s_shared_strings": round(shared_s, 2),
        "calamine_read_s_shared_strings": round(shared_read_s, 2),
        "import_ratio_shared_strings": round(shared_s / shared_read_s, 2),
        "created": result.created,
        "import_phases_s": phases,
        "import_cpu_s": cpu,
        "import_cpu_s_shared_strings": shared_cpu,
        "reimport_s": round(reimport_s, 2),
        "export_peak_rss_mb_10k": small["peak_rss_mb"],
        "export_peak_rss_mb_100k": large["peak_rss_mb"],
        "export_s_10k": small["export_s"],
        "export_s_100k": large["export_s"],
    }
    if pg:
        figures.update(
            import_s_postgresql=pg["import_s"],
            import_ratio_postgresql=round(pg["import_s"] / read_s, 2),
            reimport_s_postgresql=pg["reimport_s"],
            import_phases_s_postgresql=pg["phases"],
            import_cpu_s_postgresql=pg["cpu"],
        )
    print(json.dumps(figures), flush=True)


if __name__ == "__main__":
    main()
