"""How sheet rows become projects.

Rows whose 编号 matches a live project are compared field by field: unchanged rows are only
counted, changed rows go through `project_update` (version, transitions, audit) one by one. New rows
are checked here by the same rules as `Project.clean` and the services, then written in bulk with
one 'created' audit entry each; the permission module then confirms the user may add every one of
them, or the whole import is rolled back. So re-importing an exported file is fast and changes
nothing, and a 100,000-row first import is a few bulk inserts.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal
from operator import attrgetter

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tongxin.core import audit, permissions
from tongxin.core.errors import TongxinError
from tongxin.core.ledger import SaveReport, bulk
from tongxin.core.models import AuditEntry

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
_q = json.encoder.encode_basestring  # a JSON string, non-ASCII kept, as the audit's encoder writes it
TOO_MUCH = Decimal("1e14")
MONEY = ("committed", "disbursed", "in_kind")
COMPLETED = Status.COMPLETED.value


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


def check_rows(rows: list[tuple[int, dict]]) -> list[tuple[int, str, str]]:
    """Per row, before anything is written: the same rules the bulk path applies."""
    today = timezone.localdate()
    return [
        (row_no, key, message)
        for row_no, row in rows
        for key, message in _row_problems(row, row.get("status") or Status.PLANNED, today)
    ]


def _row_problems(row: dict, status: str, today) -> list[tuple[str, str]]:
    """Project.clean's rules, per row, naming the column."""
    problems, get = [], row.get
    start, end, on = get("start_date"), get("end_date"), get("status_on")
    if start and end and end < start:
        problems.append(("end_date", "完成日期不能早于开始日期"))
    if status == COMPLETED:
        if end and end > today:
            problems.append(("end_date", "已完成的项目,完成日期不能晚于今天"))
        if on and on > today:
            problems.append(("status_on", "已完成的项目,状态日期不能晚于今天"))
    if row.get("pairing") is not None and (
        problem := services.pairing_problem(row["program"], row["pairing"])
    ):
        problems.append(("pairing", problem))
    if len(get("title") or "") > 200:
        problems.append(("title", "项目名称不能超过200字"))
    if len(get("code") or "") > 64:
        problems.append(("code", "编号不能超过64字"))
    for key in MONEY:
        if (get(key) or ZERO) >= TOO_MUCH:
            problems.append((key, "金额过大"))
    return problems


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


def save_many(*, actor, rows: list[tuple[int, dict]], progress=None) -> SaveReport:
    report, today, regions = SaveReport(), timezone.localdate(), {}
    codes = [row["code"] for _, row in rows if row.get("code")]
    found, parts, m2m = _existing(codes)
    new = []
    for n, (row_no, row) in enumerate(rows, start=1):
        try:
            region = _region(row, regions)
        except ValueError as exc:
            report.errors.append((row_no, "region" if row.get("region") else "region_name", str(exc)))
            continue
        existing = found.get(row.get("code"))
        if existing is not None:
            if _unchanged(existing, row, region, parts, m2m):
                report.unchanged += 1
                continue
            try:
                save(actor=actor, row=row, existing=Project.objects.get(pk=existing.pk))
            except TongxinError as exc:
                for key, messages in (exc.fields or {"title": [exc.message]}).items():
                    report.errors.append((row_no, key, " ".join(messages)))
                continue
            report.updated += 1
            if progress and n % 200 == 0:
                progress(0.5 * n / len(rows))
            continue
        new.append((row_no, row, region, row.get("status") or Status.PLANNED))  # checked by check_rows
    if new and not report.errors:
        refused = _create_all(actor, new, today, progress)
        report.errors.extend((row_no, "program", "无权在此范围内新增项目") for row_no in refused)
        report.created = len(new)
    return report


PROJECT_FIELDS = (
    "id", "program_id", "code", "title", "kind", "status", "status_on", "region_id", "domain_id",
    "start_date", "end_date", "committed", "disbursed", "in_kind", "beneficiaries", "beneficiary_times",
    "description", "is_demo", "version", "created_at", "updated_at", "deleted_at", "deleted_by_id",
    "reporting_org_id", "pairing_id",
)  # fmt: skip
AUDIT_FIELDS = (
    "content_type_id", "object_id", "object_label", "program_id", "actor_id", "actor_label", "action",
    "changes", "source", "batch", "at",
)  # fmt: skip


def _create_all(actor, new: list, today, progress) -> list[int]:
    """Bulk-write validated new rows, their participants, further places/domains and audit entries;
    return the numbers of rows the actor may not add (the caller then rolls everything back)."""
    ids = bulk.allocate_ids(Project, len(new))
    rows = _NewRows(actor, ids, new, today)
    steps = [
        (Project, PROJECT_FIELDS, rows.projects()),
        (Participation, ("project_id", "organization_id", "role"), rows.parts),
        (Project.places.through, ("project_id", "region_id"), rows.places),
        (Project.domains.through, ("project_id", "domain_id"), rows.domains),
        (AuditEntry, AUDIT_FIELDS, rows.entries()),
    ]
    if progress:
        progress(0.5)
    for i, (model, fields, table) in enumerate(steps, start=1):
        if table:  # the lists are filled while the projects are written
            bulk.insert(model, fields, table, prepared=True)
        if progress:
            progress(0.5 + 0.5 * i / len(steps))
    return _refused(actor, ids, new)


def _pk_of(field: str):
    """The related object's primary key read directly: `.pk` is a property, read 500,000 times per
    100,000 rows."""
    return attrgetter(Project._meta.get_field(field).related_model._meta.pk.attname)


class _NewRows:
    """The rows of every table, as the database takes them. Projects and audit entries are made
    while they are written, so the database works on one batch while the next is made (COPY
    streams them); participants, places and domains are collected on the way."""

    def __init__(self, actor, ids: list[int], new: list, today):
        self.ids, self.new, self.today = ids, new, today
        now, ctx = timezone.now(), audit._context.get()
        real = actor if getattr(actor, "pk", None) else None
        self.stamp = bulk.db_value(Project, "created_at", now)
        self.content_type = ContentType.objects.get_for_model(Project).pk
        # An audit entry's columns that every row shares: actor, action; then source, batch, time.
        self.who = (real.pk if real else None, real.get_username() if real else "system", "created")
        batch = bulk.db_value(AuditEntry, "batch", ctx.batch or uuid.uuid4())
        self.how = (str(ctx.source), batch, bulk.db_value(AuditEntry, "at", now))
        self.parts, self.places, self.domains, self.created = [], [], [], []

    def projects(self):
        program_pk, region_pk, domain_pk, org_pk = (
            _pk_of(f) for f in ("program", "region", "domain", "reporting_org")
        )
        stamp, today = self.stamp, self.today
        for pk, (_row_no, row, region, status) in zip(self.ids, self.new, strict=True):
            get = row.get
            end = get("end_date")
            participants = _participants(row)
            reporting = get("reporting_org") or (
                services.reporting_org_of(participants) if participants else None
            )
            project = (
                pk, program_pk(row["program"]), get("code") or "", row["title"], row["kind"], status,
                get("status_on") or (end if status == COMPLETED else None) or today, region_pk(region),
                domain_pk(row["domain"]), get("start_date"), end, get("committed") or ZERO,
                get("disbursed") or ZERO, get("in_kind") or ZERO, get("beneficiaries"), get("beneficiary_times"),
                get("description") or "", bool(get("is_demo")), 1, stamp, stamp, None, None,
                org_pk(reporting) if reporting is not None else None,
                row["pairing"].pk if get("pairing") is not None else None,
            )  # fmt: skip
            people = places = domains = ()
            if participants:
                people = sorted({(org_pk(org), role) for org, role in participants})
                self.parts.extend([(pk, org, role) for org, role in people])
            if get("places"):
                places = sorted({region_pk(r) for r in row["places"]})
                self.places.extend([(pk, code) for code in places])
            if get("domains"):
                domains = sorted({domain_pk(d) for d in row["domains"]})
                self.domains.extend([(pk, d) for d in domains])
            self.created.append((project, people, places, domains))
            yield project

    def entries(self):
        content_type, who, how = self.content_type, self.who, self.how
        for project, people, places, domains in self.created:
            yield (content_type, str(project[0]), project[3][:300], project[1], *who,
                   _created(project, people, places, domains), *how)  # fmt: skip


def _created(project: tuple, people, places, domains) -> str:
    """The changes of a 'created' entry as audit.snapshot gives them, {field: [null, value]}, written
    as JSON text directly: encoding a dict of lists per row took longer than writing the row."""
    (_pk, program, code, title, kind, status, status_on, region, domain, start, end, committed, disbursed,
     in_kind, people_n, times_n, description, _demo, _version, _created_at, _updated_at, _deleted_at, _by,
     reporting, pairing) = project  # fmt: skip
    iso = dt.date.isoformat
    out = [
        f'{{"program":[null,{program}],"title":[null,{_q(title)}],"kind":[null,{_q(kind)}],'
        f'"status":[null,{_q(status)}],"status_on":[null,"{iso(status_on)}"],"region":[null,{_q(region)}],'
        f'"domain":[null,{domain}],"committed":[null,"{committed!s}"],"disbursed":[null,"{disbursed!s}"],'
        f'"in_kind":[null,"{in_kind!s}"]'
    ]
    if code:
        out.append(f',"code":[null,{_q(code)}]')
    if description:
        out.append(f',"description":[null,{_q(description)}]')
    for name, value in (("beneficiaries", people_n), ("beneficiary_times", times_n),
                        ("reporting_org", reporting), ("pairing", pairing)):  # fmt: skip
        if value is not None:
            out.append(f',"{name}":[null,{value}]')
    if start is not None:
        out.append(f',"start_date":[null,"{iso(start)}"]')
    if end is not None:
        out.append(f',"end_date":[null,"{iso(end)}"]')
    if people:
        out.append(f',"participants":[[],[{",".join(f"[{org},{_q(role)}]" for org, role in people)}]]')
    if places:
        out.append(f',"places":[[],[{",".join(map(_q, places))}]]')
    if domains:
        out.append(f',"domains":[[],[{",".join(map(str, domains))}]]')
    out.append("}")
    return "".join(out)


def _refused(actor, ids: list[int], new: list) -> list[int]:
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
    return [row_no for pk, (row_no, *_rest) in zip(ids, new, strict=True) if pk not in allowed]


def project_create_many(*, actor, rows: list[dict]) -> int:
    """Many new projects at once (loaders, generators), checked by the import's row rules and
    written by its bulk path: same audit entries, same permission check, all or nothing."""
    from django.db import transaction

    from tongxin.core.errors import Invalid

    today, new, problems = timezone.localdate(), [], []
    for n, row in enumerate(rows, start=1):
        status = row.get("status") or Status.PLANNED
        problems.extend(f"第{n}条 {key}:{message}" for key, message in _row_problems(row, status, today))
        new.append((n, row, row["region"], status))
    if problems:
        raise Invalid(";".join(problems[:20]))
    with transaction.atomic():
        refused = _create_all(actor, new, today, None)
        if refused:
            raise Invalid(f"无权新增第{refused[0]}条等{len(refused)}个项目。")
    return len(new)
