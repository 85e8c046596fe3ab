"""Benchmark of the project ledger at national scale, on SQLite and on PostgreSQL.

A generator writes 1,000,000 synthetic projects (real county and township codes of the national
table, the twelve domains, random kinds, states and money) into a database of its own
(var/bench-ledger/ for SQLite, `tongxin_bench` on PostgreSQL), once; later runs reuse it. Then,
through the real pages as an administrator (Django test client, DEBUG off):

* ``first_page_ms_median``: /ledgers/projects/?region=<province>&domain=<domain>, i.e. the filtered
  first page with its totals row over the whole selection, rendered (goal ≤ 150 ms);
* ``first_page_ms_median_prefecture``: the same for a prefecture;
* ``province_pivot_ms``: /ledgers/projects/pivot/?region=<province>&rows=region&cols=domain, summing
  committed money, the median over several provinces (goal ≤ 1 s);
* ``first_page_ms_median_region_staff``: the prefecture page as 毕节's region staff (scoped reads);
* ``api_page_ms_median``: /api/projects with the same filters.

One JSON line per backend; PostgreSQL's is the last line when it answers. Run: ``make bench-ledger``.
"""

from __future__ import annotations

import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECTS = int(os.environ.get("BENCH_LEDGER_PROJECTS", "1000000"))
PG_URL = os.environ.get("PG_URL", "postgresql://postgres@127.0.0.1:5432/tongxin")
PG_BENCH = PG_URL.rsplit("/", 1)[0] + "/tongxin_bench"
PROVINCES = ["520000", "340000", "370000", "440000", "510000", "130000", "410000", "320000", "530000"]
DOMAINS = ["education", "industry", "health", "rural", "infrastructure"]
CHUNK = 100_000


def setup_django(backend: str) -> None:
    if backend == "postgresql":
        os.environ["DATABASE_URL"] = PG_BENCH
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["TONGXIN_VAR_DIR"] = str(ROOT / "var" / "bench-ledger")
    os.environ["TONGXIN_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tongxin.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def prepare() -> int:
    """Schema, regions, demo programs and users, then the synthetic projects up to PROJECTS."""
    from django.core.management import call_command

    from tongxin.core import audit
    from tongxin.core.models import AuditEntry
    from tongxin.demo import foundation
    from tongxin.projects.models import Project
    from tongxin.regions.loader import load_regions
    from tongxin.regions.models import Region

    call_command("migrate", verbosity=0)
    with audit.context(source=AuditEntry.Source.COMMAND):
        if not Region.objects.filter(level="township").exists():
            load_regions()
        foundation.load()
    have = Project.objects.count()
    if have < PROJECTS:
        generate(PROJECTS - have, seed=have)
    return Project.objects.count()


def generate(n: int, seed: int) -> None:
    """Synthetic rows straight into the table (no audit entries: they are benchmark data)."""
    import datetime as dt
    from decimal import Decimal

    from django.db import connection, transaction
    from django.utils import timezone

    from tongxin.core.ledger import bulk
    from tongxin.domains.models import Domain
    from tongxin.programs.models import Program
    from tongxin.projects.models import Kind, Project, Status
    from tongxin.regions.models import Region

    rng = random.Random(seed)
    codes = list(Region.objects.filter(level__in=["county", "township"]).values_list("code", flat=True))
    domains = list(Domain.objects.values_list("pk", flat=True))
    programs = list(Program.objects.values_list("pk", flat=True))
    kinds, statuses = list(Kind.values), list(Status.values)
    fields = ("id", "program_id", "code", "title", "kind", "status", "status_on", "region_id", "domain_id",
              "start_date", "end_date", "committed", "disbursed", "in_kind", "beneficiaries",
              "beneficiary_times", "description", "is_demo", "version", "created_at", "updated_at")  # fmt: skip
    now, base = timezone.now(), dt.date(2020, 1, 1)
    started = time.perf_counter()
    for offset in range(0, n, CHUNK):
        size = min(CHUNK, n - offset)
        with transaction.atomic():
            ids = bulk.allocate_ids(Project, size)
            rows = []
            for pk in ids:
                status = rng.choice(statuses)
                start = base + dt.timedelta(days=rng.randrange(0, 1800))
                committed = Decimal(rng.randrange(100, 50_000_000)) / 100
                rows.append(
                    (pk, rng.choice(programs), f"SYN-{pk:08d}", f"合成项目{pk}", rng.choice(kinds), status, start,
                     rng.choice(codes), rng.choice(domains), start,
                     start + dt.timedelta(days=200) if status == "completed" else None,
                     committed, committed if status == "completed" else Decimal("0.00"), Decimal("0.00"),
                     rng.randrange(0, 2000), rng.randrange(0, 5000), "", False, 1, now, now)
                )  # fmt: skip
            bulk.insert(Project, fields, rows)
        print(
            f"  generated {offset + size:,}/{n:,} projects ({time.perf_counter() - started:.0f} s)",
            flush=True,
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def timed(client, url: str, repeat: int) -> list[float]:
    out = []
    for _ in range(repeat):
        start = time.perf_counter()
        response = client.get(url)
        out.append((time.perf_counter() - start) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
    return out


def measure(backend: str) -> dict:
    from django.test import Client

    from tongxin.accounts.services import user_ensure

    count = prepare()
    admin = user_ensure(
        username="bench", password="bench-only-2026", display_name="基准测试", is_superuser=True
    )
    client = Client()
    client.force_login(admin)
    cases = [(p, d) for p in PROVINCES[:5] for d in DOMAINS[:3]]
    for p, d in cases[:3]:
        timed(client, f"/ledgers/projects/?region={p}&domain={d}", 1)  # warm the caches
    page = [t for p, d in cases for t in timed(client, f"/ledgers/projects/?region={p}&domain={d}", 2)]
    prefecture = [
        t for d in DOMAINS for t in timed(client, f"/ledgers/projects/?region=520500&domain={d}", 2)
    ]
    api = [t for p, d in cases for t in timed(client, f"/api/projects?region={p}&domain={d}", 1)]
    pivots = [
        min(
            timed(client, f"/ledgers/projects/pivot/?region={p}&rows=region&cols=domain&measure=committed", 2)
        )
        for p in PROVINCES
    ]
    from tongxin.accounts.models import User

    staff = Client()  # 毕节市 region staff: the permission scope is a subquery on every read
    staff.force_login(User.objects.get(username="bijie"))
    scoped = [t for d in DOMAINS for t in timed(staff, f"/ledgers/projects/?region=520500&domain={d}", 2)]
    check = client.get(f"/api/projects?region={PROVINCES[0]}&domain={DOMAINS[0]}&limit=1").json()
    return {
        "backend": backend,
        "projects": count,
        "first_page_ms_median": round(statistics.median(page), 1),
        "first_page_ms_p90": round(sorted(page)[int(len(page) * 0.9)], 1),
        "first_page_ms_median_prefecture": round(statistics.median(prefecture), 1),
        "first_page_ms_median_region_staff": round(statistics.median(scoped), 1),
        "api_page_ms_median": round(statistics.median(api), 1),
        "province_pivot_ms": round(statistics.median(pivots), 1),
        "province_pivot_ms_max": round(max(pivots), 1),
        "filtered_rows_example": check["count"],
    }


def pg_ready() -> bool:
    try:
        import psycopg

        with psycopg.connect(
            PG_URL.rsplit("/", 1)[0] + "/postgres", connect_timeout=3, autocommit=True
        ) as conn:
            if not conn.execute("SELECT 1 FROM pg_database WHERE datname = 'tongxin_bench'").fetchone():
                conn.execute("CREATE DATABASE tongxin_bench")
        return True
    except Exception as exc:
        print(f"PostgreSQL at {PG_URL} does not answer ({exc}); SQLite only", flush=True)
        return False


def main() -> None:
    if len(sys.argv) == 3 and sys.argv[1] == "--backend":
        setup_django(sys.argv[2])
        figures = measure(sys.argv[2])
        print("  ".join(f"{k}={v}" for k, v in figures.items()), flush=True)
        print(json.dumps(figures), flush=True)
        return
    backends = ["sqlite"] + (["postgresql"] if pg_ready() else [])
    lines = []
    for backend in backends:
        print(f"== {backend}: {PROJECTS:,} projects ==", flush=True)
        proc = subprocess.run(
            [sys.executable, __file__, "--backend", backend], capture_output=True, text=True
        )
        output = proc.stdout.strip().splitlines()
        for line in output[:-1]:
            print(line, flush=True)
        if proc.returncode != 0:
            print(proc.stderr[-3000:], flush=True)
            raise SystemExit(proc.returncode)
        lines.append(output[-1])
    for line in lines:
        print(line, flush=True)


if __name__ == "__main__":
    main()
