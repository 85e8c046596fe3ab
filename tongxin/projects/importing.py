"""How sheet rows become projects.

Rows whose 编号 matches a live project are compared field by field: unchanged rows are only
counted, changed rows go through `project_update` (version, transitions, audit) one by one. New rows
are checked here by the same rules as `Project.clean` and the services, column by column, then
written in bulk (a chunk while the importer checks the next) with one 'created' audit entry per
program and run of ids, found in each row's history; the permission module then confirms the user
may add every one of them, or the whole import is rolled back. So re-importing an exported file is
fast and changes nothing, and a 100,000-row first import is a few hundred multi-row INSERTs.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import timezone

from tongxin.core import audit, permissions
from tongxin.core.errors import TongxinError
from tongxin.core.ledger import SaveReport, bulk
from tongxin.core.ledger.importer import Rows

from . import services
from .models import Participation, Project, Status

ROLE_COLUMNS = {"funders": "funding", "implementers": "implementing", "beneficiary_orgs": "beneficiary"}
PLAIN = (
    "title",
    "kind",
    "start_date",
    "end_date",
    "committed",
    "disbursed",
    "in_kind",
    "beneficiaries",
    "beneficiary_times",
    "description",
)
ZERO = Decimal("0.00")

TOO_MUCH = Decimal("1e14")
MONEY = ("committed", "disbursed", "in_kind")
COMPLETED = Status.COMPLETED.value
PLANNED = Status.PLANNED.value


def find(row: dict):
    return Project.objects.filter(code=row["code"]).first() if row.get("code") else None


def _participants(row: dict) -> list[tuple]:
    return [(org, role) for key, role in ROLE_COLUMNS.items() for org in (row.get(key) or [])]


def _region(row: dict, cache: dict):
    """区划代码 wins; else the place name, read within the program's target regions first."""
    if row.get("region") is not None:
        return row["region"]
    name = row.get("region_name")
    if not name:
        raise ValueError("请填写区划代码或地点")
    key = (row["program"].pk, name)
    if key not in cache:
        from tongxin.programs.selectors import program_region_resolve
        from tongxin.regions.selectors import RegionNotFound

        try:
            cache[key] = (True, program_region_resolve(row["program"], name))
        except RegionNotFound as exc:
            cache[key] = (False, str(exc))
    ok, value = cache[key]
    if not ok:
        raise ValueError(value)
    return value


def _data(row: dict, region) -> dict:
    data = {k: row[k] for k in PLAIN if k in row}
    if row.get("reporting_org"):
        data["reporting_org"] = row["reporting_org"]
    for key in ("committed", "disbursed", "in_kind"):
        if key in data and data[key] is None:
            data[key] = ZERO
    if "description" in data and data["description"] is None:
        data["description"] = ""
    data.update(program=row["program"], region=region, domain=row["domain"])
    if "places" in row:
        data["places"] = row["places"] or []
    if "domains" in row:
        data["domains"] = row["domains"] or []
    return data


def save(*, actor, row: dict, existing):
    """One row through the services (used by small imports and by changed rows of large ones)."""
    try:
        region = _region(row, {})
    except ValueError as exc:
        from tongxin.core.errors import Invalid

        raise Invalid(str(exc), fields={"region": [str(exc)]}) from None
    data = _data(row, region)
    status, status_on = row.get("status"), row.get("status_on")
    participants = _participants(row)
    if existing is None:
        return services.project_create(
            actor=actor,
            code=row.get("code") or "",
            status=status or Status.PLANNED,
            status_on=status_on,
            participants=participants,
            **data,
        )
    if any(k in row for k in ROLE_COLUMNS):
        data["participants"] = participants
    if status:
        data["status"] = status
        data["status_on"] = status_on
    return services.project_update(actor=actor, project=existing, data=data)


def check_rows(rows) -> list[tuple[int, str, str]]:
    """Per row, before anything is written: Project.clean's and the services' rules, column by
    column, naming the column; reported row by row in the order the rules are listed."""
    rows = Rows.of(rows)
    cols, numbers, n = rows.columns, rows.numbers, len(rows)
    today, found = timezone.localdate(), []

    def col(key):
        return cols.get(key) or [None] * n

    def add(rule: int, key: str, message: str, where) -> None:
        found.extend((numbers[i], rule, key, message) for i in where)

    status = [s or PLANNED for s in col("status")]
    start, end, on = col("start_date"), col("end_date"), col("status_on")
    add(
        0,
        "end_date",
        "完成日期不能早于开始日期",
        (i for i in range(n) if start[i] and end[i] and end[i] < start[i]),
    )
    done = [i for i, s in enumerate(status) if s == COMPLETED]
    add(1, "end_date", "已完成的项目,完成日期不能晚于今天", (i for i in done if end[i] and end[i] > today))
    add(2, "status_on", "已完成的项目,状态日期不能晚于今天", (i for i in done if on[i] and on[i] > today))
    if "pairing" in cols:
        programs, pairings = cols["program"], cols["pairing"]
        for i in range(n):
            if pairings[i] is not None and (problem := services.pairing_problem(programs[i], pairings[i])):
                found.append((numbers[i], 3, "pairing", problem))
    for rule, key, limit, message in (
        (4, "title", 200, "项目名称不能超过200字"),
        (5, "code", 64, "编号不能超过64字"),
    ):
        if key in cols:
            add(rule, key, message, (i for i, v in enumerate(cols[key]) if v and len(v) > limit))
    for rule, key in enumerate(MONEY, start=6):
        if key in cols:
            add(
                rule, key, "金额过大", (i for i, v in enumerate(cols[key]) if v is not None and v >= TOO_MUCH)
            )
    found.sort(key=lambda f: f[:2])
    return [(row_no, key, message) for row_no, _rule, key, message in found]


def _unchanged(project, row: dict, region, parts: dict, m2m: dict) -> bool:
    """`project` is a row of COMPARED; a row's empty cells compare as `_data` would save them."""
    for key in PLAIN:
        if key in row:
            value = row[key]
            if value is None:
                value = ZERO if key in MONEY else ("" if key == "description" else None)
            if getattr(project, key) != value:
                return False
    if (project.program_id, project.region_id, project.domain_id) != (
        row["program"].pk,
        region.pk,
        row["domain"].pk,
    ):
        return False
    if row.get("status") and row["status"] != project.status:
        return False
    if row.get("reporting_org") and row["reporting_org"].pk != project.reporting_org_id:
        return False
    if any(k in row for k in ROLE_COLUMNS) and sorted((o.pk, r) for o, r in _participants(row)) != parts.get(
        project.pk, []
    ):
        return False
    for key in ("places", "domains"):
        if key in row and sorted(x.pk for x in row[key] or []) != m2m[key].get(project.pk, []):
            return False
    return True


# What a re-import compares, read as named tuples (100,000 model instances took seconds); a changed
# row then loads its project to go through project_update.
COMPARED = (
    "pk",
    "code",
    *PLAIN,
    "program_id",
    "region_id",
    "domain_id",
    "status",
    "reporting_org_id",
    "pairing_id",
)


def _existing(codes: list[str]) -> tuple[dict, dict, dict]:
    found, parts, m2m = {}, {}, {"places": {}, "domains": {}}
    if not codes:
        return found, parts, m2m
    # Naming the unique index's condition lets the database use it instead of a scan.
    live = bulk.among(Project.objects.exclude(code=""), "code", codes)
    for p in live.values_list(*COMPARED, named=True):
        found[p.code] = p
    ids = [p.pk for p in found.values()]
    if not ids:
        return found, parts, m2m
    of_ids = bulk.among(Participation.objects.all(), "project_id", ids)
    for pid, org, role in of_ids.values_list("project_id", "organization_id", "role"):
        parts.setdefault(pid, []).append((org, role))
    for key, col in (("places", "region_id"), ("domains", "domain_id")):
        through = getattr(Project, key).through
        for pid, other in bulk.among(through.objects.all(), "project_id", ids).values_list("project_id", col):
            m2m[key].setdefault(pid, []).append(other)
    for table in (parts, m2m["places"], m2m["domains"]):
        for values in table.values():
            values.sort()
    return found, parts, m2m


def save_many(*, actor, rows, progress=None) -> SaveReport:
    """`rows`: one Rows, or an iterable of Rows chunks that the importer checks while the previous
    chunk is written. Rows with the 编号 of a live project are compared or updated one by one; the
    others are written in bulk."""
    report, made = SaveReport(), []
    with bulk.Writer() as writer:
        for chunk in [rows] if isinstance(rows, Rows) else rows:
            writer.drain()  # what follows reads and writes through the connection itself
            new, regions = _save_existing(actor, Rows.of(chunk), report, progress)
            if len(new) and not report.errors:
                made.append(_write_new(writer, new, regions))
    refused = _finish(actor, made)
    report.errors.extend((row_no, "program", "无权在此范围内新增项目") for row_no in refused)
    report.created = sum(len(ids) for ids, _programs, _numbers in made)
    return report


def _save_existing(actor, rows: Rows, report: SaveReport, progress) -> tuple[Rows, list]:
    """Rows whose 编号 names a live project: counted if unchanged, else updated through the services.
    Returns the other rows, to be created, and their places."""
    cols, n = rows.columns, len(rows)
    codes = cols.get("code") or [None] * n
    found, parts, m2m = _existing([c for c in codes if c])
    regions, bad = _regions(rows)
    report.errors.extend(bad.values())
    for i in range(n) if found else ():
        existing = found.get(codes[i]) if codes[i] else None
        if existing is None or i in bad:
            continue
        row, region = rows.row(i), regions[i]
        if _unchanged(existing, row, region, parts, m2m):
            report.unchanged += 1
            continue
        try:
            save(actor=actor, row=row, existing=Project.objects.get(pk=existing.pk))
        except TongxinError as exc:
            for key, messages in (exc.fields or {"title": [exc.message]}).items():
                report.errors.append((rows.numbers[i], key, " ".join(messages)))
            continue
        report.updated += 1
        if progress and i % 200 == 0:
            progress(0.5 * i / n)
    new = [i for i in range(n) if i not in bad and not (codes[i] and codes[i] in found)]
    if len(new) == n:
        return rows, regions
    return rows.only(new), [regions[i] for i in new]


def _regions(rows: Rows) -> tuple[list, dict[int, tuple]]:
    """Each row's primary place: 区划代码 wins; else the place name, read within the program's
    target regions first. Returns the regions and, by row index, the errors."""
    n, cols = len(rows), rows.columns
    regions = list(cols.get("region") or [None] * n)
    names, cache, bad = cols.get("region_name"), {}, {}
    for i in [i for i, r in enumerate(regions) if r is None]:
        try:
            regions[i] = _region({"program": cols["program"][i], "region_name": names and names[i]}, cache)
        except ValueError as exc:
            bad[i] = (rows.numbers[i], "region_name", str(exc))
    return regions, bad


PROJECT_FIELDS = (
    "id", "program_id", "code", "title", "kind", "status", "status_on", "region_id", "domain_id",
    "start_date", "end_date", "committed", "disbursed", "in_kind", "beneficiaries", "beneficiary_times",
    "description", "reporting_org_id",
)  # fmt: skip


def _create_all(actor, rows: Rows, regions: list) -> list[int]:
    """Bulk-write validated new rows; return the numbers of rows the actor may not add (the caller
    then rolls everything back)."""
    with bulk.Writer() as writer:
        made = [_write_new(writer, rows, regions)]
    return _finish(actor, made)


def _write_new(writer: bulk.Writer, rows: Rows, regions: list) -> tuple[list[int], list[int], list[int]]:
    """Queue the inserts of new rows, built column by column, with their participants, further
    places and domains; returns their ids, programs and row numbers."""
    cols, n = rows.columns, len(rows)
    programs = [p.pk for p in cols["program"]]
    if len(set(programs)) > 1:  # each program's rows get consecutive ids: one audit run each
        order = sorted(range(n), key=programs.__getitem__)
        rows, regions = rows.only(order), [regions[i] for i in order]
        cols, programs = rows.columns, [programs[i] for i in order]
    ids = bulk.allocate_ids(Project, n)
    today = timezone.localdate()

    def col(key, default=None):
        values = cols.get(key)
        if values is None:
            return [default] * n
        return values if default is None else [default if v is None else v for v in values]

    status = [s or PLANNED for s in col("status")]
    end = col("end_date")
    status_on = [
        on or (e if s == COMPLETED else None) or today
        for on, e, s in zip(col("status_on"), end, status, strict=True)
    ]
    funders, implementers = col("funders"), col("implementers")
    reporting = [
        r or (imp[0] if imp else (fund[0] if fund else None))
        for r, imp, fund in zip(col("reporting_org"), implementers, funders, strict=True)
    ]
    stamp = bulk.db_value(Project, "created_at", timezone.now())
    # The same for every new row: sent once per statement, not once per row.
    constants = {
        "version": 1,
        "created_at": stamp,
        "updated_at": stamp,
        "deleted_at": None,
        "deleted_by_id": None,
    }
    fields, optional = list(PROJECT_FIELDS), []
    if "is_demo" in cols:
        fields.append("is_demo")
        optional.append([bool(v) for v in cols["is_demo"]])
    else:
        constants["is_demo"] = False
    if "pairing" in cols:
        fields.append("pairing_id")
        optional.append(_pks(cols["pairing"]))
    else:
        constants["pairing_id"] = None
    projects = zip(
        ids, programs, col("code", ""), cols["title"], cols["kind"], status, bulk.dates(status_on),
        _pks(regions), _pks(cols["domain"]), bulk.dates(col("start_date")), bulk.dates(end),
        col("committed", ZERO), col("disbursed", ZERO), col("in_kind", ZERO), col("beneficiaries"),
        col("beneficiary_times"), col("description", ""), _pks(reporting), *optional, strict=True,
    )  # fmt: skip
    writer.insert(Project, fields, list(projects), constants=constants)
    writer.insert(Participation, ("project_id", "organization_id", "role"), _participations(ids, cols))
    writer.insert(Project.places.through, ("project_id", "region_id"), _links(ids, cols.get("places")))
    writer.insert(Project.domains.through, ("project_id", "domain_id"), _links(ids, cols.get("domains")))
    return ids, programs, rows.numbers


def _finish(actor, made: list[tuple[list[int], list[int], list[int]]]) -> list[int]:
    """After the writes: one audit entry per program and run of ids (`audit.record_runs`), then
    the permission check; returns the numbers of the rows the actor may not add."""
    by_program: dict[int, list[int]] = {}
    for ids, programs, _numbers in made:
        for pk, program in zip(ids, programs, strict=True):
            by_program.setdefault(program, []).append(pk)
    for program, pks in by_program.items():
        audit.record_runs(
            actor=actor, action="created", model=Project, pks=pks, changes={}, program_id=program
        )
    return _refused(
        actor,
        [pk for ids, _p, _n in made for pk in ids],
        [number for _i, _p, numbers in made for number in numbers],
    )


def _pks(objs: list) -> list:
    """Primary keys of a column of objects (None stays None), read per distinct object: `.pk` is a
    property, and a column repeats the same few programs, regions and domains."""
    keys = {id(o): o for o in objs if o is not None}
    pk_of = {i: o.pk for i, o in keys.items()}
    pk_of[id(None)] = None
    return [pk_of[id(o)] for o in objs]


def _participations(ids: list[int], cols: dict) -> list[tuple]:
    out, pk_of = [], {}
    for key, role in ROLE_COLUMNS.items():
        for pk, orgs in zip(ids, cols.get(key) or (), strict=False):
            for org in orgs or ():
                if (org_pk := pk_of.get(id(org))) is None:
                    org_pk = pk_of[id(org)] = org.pk
                out.append((pk, org_pk, role))
    return list(dict.fromkeys(out))


def _links(ids: list[int], column) -> list[tuple]:
    if not column:
        return []
    return list(
        dict.fromkeys((pk, obj.pk) for pk, objs in zip(ids, column, strict=True) if objs for obj in objs)
    )


def _refused(actor, ids: list[int], numbers: list[int]) -> list[int]:
    """The permission module decides, over the written rows, as crud.create does for one row."""
    if actor is permissions.SYSTEM or permissions.is_admin(actor):
        return []
    allowed = set()
    for i in range(0, len(ids), 5000):
        chunk = ids[i : i + 5000]
        allowed.update(
            permissions.scoped(actor, permissions.ADD, Project.objects.filter(pk__in=chunk)).values_list(
                "pk", flat=True
            )
        )
    return [row_no for pk, row_no in zip(ids, numbers, strict=True) if pk not in allowed]


def project_create_many(*, actor, rows: list[dict]) -> int:
    """Many new projects at once (loaders, generators), checked by the import's row rules and
    written by its bulk path: same audit entries, same permission check, all or nothing."""
    from django.db import transaction

    from tongxin.core.errors import Invalid

    checked = Rows.of(enumerate(rows, start=1))
    problems = [f"第{n}条 {key}:{message}" for n, key, message in check_rows(checked)]
    if problems:
        raise Invalid(";".join(problems[:20]))
    with transaction.atomic():
        refused = _create_all(actor, checked, checked.columns["region"])
        if refused:
            raise Invalid(f"无权新增第{refused[0]}条等{len(refused)}个项目。")
    return len(rows)
