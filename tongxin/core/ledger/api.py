"""The ledger's API face: a list endpoint with the same filters, totals and `items`/`count` shape
as the page, and the pivot as JSON."""

from typing import Any

from ninja import Query, Router, Schema
from pydantic import create_model

from ..api import actor
from . import query
from .declare import Ledger


class PivotAxis(Schema):
    key: str | int | None
    label: str


class PivotOut(Schema):
    rows: list[PivotAxis]
    columns: list[PivotAxis]
    cells: list[list[Any]]
    row_totals: list[Any]
    column_totals: list[Any]
    total: Any
    measure: str


def _filters_model(ledger: Ledger):
    fields = {f.param: (str | None, None) for f in ledger.filters}
    fields["sort"] = (str | None, None)
    return create_model(f"{ledger.key.title().replace('_', '')}Filters", **fields)


def add_list(router: Router, ledger: Ledger, item_schema, *, path: str = "", to_item=None) -> None:
    """GET {path}: the filtered, permission-scoped rows with `count`, `totals` and `items`."""
    page_schema = create_model(
        f"{ledger.key.title().replace('_', '')}Page",
        count=(int, ...),
        totals=(dict[str, Any], ...),
        items=(list[item_schema], ...),
        __base__=Schema,
    )
    filters_model = _filters_model(ledger)

    def list_rows(request, filters: Query[filters_model], limit: int = 50, offset: int = 0):  # type: ignore[valid-type]
        selection = query.parse(ledger, request.GET)
        qs = query.rows(selection, actor(request))
        totals = query.totals(selection, qs)
        limit = max(1, min(limit, 500))
        items = list(query.ordered(selection, qs)[max(0, offset) : max(0, offset) + limit])
        query.load(ledger, items)
        if to_item:
            items = [to_item(o) for o in items]
        return {
            "count": totals.pop("count"),
            "totals": {k: _plain(v) for k, v in totals.items()},
            "items": items,
        }

    router.get(
        path,
        response=page_schema,
        summary=f"{ledger.title}(筛选、合计)",
        operation_id=_op(ledger, "list", path),
    )(list_rows)


def add_pivot(router: Router, ledger: Ledger, *, path: str = "/pivot") -> None:
    filters_model = _filters_model(ledger)

    def pivot(request, filters: Query[filters_model], rows: str, cols: str, measure: str = "count"):  # type: ignore[valid-type]
        selection = query.parse(ledger, request.GET)
        try:
            table = query.pivot(
                selection, query.rows(selection, actor(request)), row=rows, column=cols, measure=measure
            )
        except ValueError as exc:
            from ..errors import Invalid

            raise Invalid(str(exc), fields={"rows": [str(exc)]}) from None
        return {
            "rows": [{"key": k, "label": label} for k, label in table.rows],
            "columns": [{"key": k, "label": label} for k, label in table.columns],
            "cells": [[table.cells.get((r, c), 0) for c, _ in table.columns] for r, _ in table.rows],
            "row_totals": [table.row_totals.get(r, 0) for r, _ in table.rows],
            "column_totals": [table.column_totals.get(c, 0) for c, _ in table.columns],
            "total": table.total,
            "measure": measure,
        }

    router.get(
        path, response=PivotOut, summary=f"{ledger.title}交叉汇总", operation_id=_op(ledger, "pivot", path)
    )(pivot)


class ImportJobOut(Schema):
    id: str
    ledger: str
    filename: str
    state: str
    phase: str
    progress: float
    percent: int
    finished: bool
    created: int
    updated: int
    unchanged: int
    error_count: int
    errors: list[dict]
    message: str


def add_import(router: Router, ledger: Ledger, *, path: str = "/import") -> None:
    """POST {path} (multipart `file`): an import job, run in the background when the file is large;
    GET {path}/jobs/{id}: its state and progress, for the user who started it."""
    from ninja import File, Status
    from ninja.files import UploadedFile

    from ..errors import Forbidden
    from . import jobs

    def start(request, file: File[UploadedFile], background: bool | None = None):
        user = actor(request)
        if not getattr(user, "is_authenticated", False):
            raise Forbidden("导入需要登录。")
        job = jobs.start(ledger.key, actor=user, name=file.name, data=file.read(), background=background)
        return Status(202 if not job.finished else 200, job.as_dict())

    def status(request, job_id: str):
        return jobs.get(job_id, user=actor(request), key=ledger.key).as_dict()

    router.post(
        path,
        response={200: ImportJobOut, 202: ImportJobOut},
        summary=f"{ledger.title}导入",
        operation_id=_op(ledger, "import", path),
    )(start)
    router.get(
        f"{path}/jobs/{{job_id}}",
        response=ImportJobOut,
        summary=f"{ledger.title}导入进度",
        operation_id=_op(ledger, "import_job", path),
    )(status)


_OPS: set[str] = set()


def _op(ledger: Ledger, verb: str, path: str) -> str:
    """One OpenAPI operation id per ledger, verb and mount point (a ledger may be served twice)."""
    base = f"ledger_{ledger.key}_{verb}{path.replace('/', '_')}"
    name, n = base, 1
    while name in _OPS:
        n += 1
        name = f"{base}_{n}"
    _OPS.add(name)
    return name


def ledgers_router() -> Router:
    """/api/ledgers/<key> and /api/ledgers/<key>/pivot for every registered ledger."""
    from . import REGISTRY

    router = Router(tags=["ledgers"])
    for ledger in REGISTRY.values():
        if ledger.api_schema:
            add_list(router, ledger, ledger.api_schema, path=f"/{ledger.key}")
        else:
            add_list(
                router, ledger, _generic_schema(ledger), path=f"/{ledger.key}", to_item=_row_dict(ledger)
            )
        if len(ledger.dimensions) > 1:
            add_pivot(router, ledger, path=f"/{ledger.key}/pivot")
        if ledger.importer is not None:
            add_import(router, ledger, path=f"/{ledger.key}/import")
    return router


def _generic_schema(ledger: Ledger):
    """Without an app schema, a row is its id and its columns as displayed."""
    fields = {"id": (int, ...)}
    fields.update({c.key: (Any, None) for c in ledger.columns})
    return create_model(f"{ledger.key.title().replace('_', '')}Row", **fields, __base__=Schema)


def _row_dict(ledger: Ledger):
    def to_item(obj) -> dict:
        return {"id": obj.pk, **{c.key: _plain(c.value(obj)) for c in ledger.columns}}

    return to_item


def _plain(value):
    from decimal import Decimal

    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    return value
