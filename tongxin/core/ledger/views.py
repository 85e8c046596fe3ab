"""The generic ledger pages: list (with an htmx partial), pivot, export, template, import."""

from __future__ import annotations

import shutil
import uuid
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from ..errors import Invalid, TongxinError
from . import REGISTRY, importer, jobs, query, xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _ledger(key: str):
    try:
        return REGISTRY[key]
    except KeyError:
        raise Http404(key) from None


def _selection(request, ledger):
    try:
        return query.parse(ledger, request.GET), None
    except Invalid as exc:
        return query.parse(ledger, {}), exc


def ledger_page(request, key: str):
    ledger = _ledger(key)
    selection, error = _selection(request, ledger)
    qs = query.rows(selection, request.user)
    total = query.totals(selection, qs)
    try:
        number = int(request.GET.get("page", 1))
    except ValueError:
        number = 1
    pages = max(1, -(-total["count"] // ledger.page_size))
    number = min(max(1, number), pages)
    items = query.page(selection, query.ordered(selection, qs), number)
    wan = selection.wan
    context = {
        "ledger": ledger,
        "selection": selection,
        "error": error,
        "headers": [_header(selection, c) for c in ledger.columns],
        "rows": [
            (
                ledger.detail_url(obj) if ledger.detail_url else None,
                [(query.display(c.value(obj), c.kind, wan), c.kind) for c in ledger.columns],
            )
            for obj in items
        ],
        "totals": total,
        "total_cells": [
            (c.total, query.display(total.get(c.total), c.kind, wan)) if c.total else (None, "")
            for c in ledger.columns
        ],
        "rate_cells": [(r.key, r.label, query.display(total.get(r.key), "rate")) for r in ledger.rates],
        "page": number,
        "pages": pages,
        "prev_url": f"?{selection.querystring(page=number - 1)}" if number > 1 else None,
        "next_url": f"?{selection.querystring(page=number + 1)}" if number < pages else None,
        "can_import": ledger.importer is not None and request.user.is_authenticated,
        "filters": [_filter_field(selection, f) for f in ledger.filters],
    }
    template = "core/ledger/_table.html" if request.headers.get("HX-Request") else "core/ledger/page.html"
    return render(request, template, context, status=422 if error else 200)


def _header(selection, column) -> dict:
    label = column.label
    if column.kind == "money":
        label += "(万元)" if selection.wan else "(元)"
    if not column.sortable:
        return {"label": label, "url": None}
    descending = selection.sort == column.key
    arrow = " ▲" if descending else (" ▼" if selection.sort == f"-{column.key}" else "")
    url = f"?{selection.querystring(sort=('-' if descending else '') + column.key, page='')}"
    return {"label": label + arrow, "url": url}


def _filter_field(selection, flt) -> dict:
    choices = getattr(flt, "choices", None)
    return {
        "param": flt.param,
        "label": flt.label,
        "value": selection.raw.get(flt.param, ""),
        "choices": [(c.value, c.label) for c in choices] if choices else None,
        "placeholder": getattr(flt, "placeholder", ""),
    }


def _pivot_grid(selection, table) -> dict:
    from urllib.parse import urlencode

    measure_kind = "int" if table.measure == "count" else "money"

    def link(rkey, ckey):
        params = {
            **selection.raw,
            **query.drill_params(table.row_dim, rkey),
            **query.drill_params(table.col_dim, ckey),
        }
        return "?" + urlencode(params)

    return {
        "columns": [label for _, label in table.columns],
        "rows": [
            (
                rlabel,
                [
                    (
                        query.display(table.cells.get((rkey, ckey)), measure_kind, selection.wan),
                        link(rkey, ckey),
                    )
                    for ckey, _ in table.columns
                ],
                query.display(table.row_totals.get(rkey), measure_kind, selection.wan),
            )
            for rkey, rlabel in table.rows
        ],
        "column_totals": [
            query.display(table.column_totals.get(k), measure_kind, selection.wan) for k, _ in table.columns
        ],
        "total": query.display(table.total, measure_kind, selection.wan),
    }


def ledger_pivot(request, key: str):
    ledger = _ledger(key)
    selection, error = _selection(request, ledger)
    dims = ledger.dimensions
    if len(dims) < 2:
        raise Http404
    row = request.GET.get("rows") or dims[0].key
    col = request.GET.get("cols") or dims[1].key
    measure = request.GET.get("measure") or "count"
    try:
        table = query.pivot(
            selection, query.rows(selection, request.user), row=row, column=col, measure=measure
        )
    except (ValueError, Invalid) as exc:
        error = exc if isinstance(exc, Invalid) else Invalid(str(exc))
        table = None
    return render(
        request,
        "core/ledger/pivot.html",
        {
            "ledger": ledger,
            "selection": selection,
            "table": table,
            "grid": _pivot_grid(selection, table) if table else None,
            "error": error,
            "measure": measure,
            "row": row,
            "col": col,
        },
        status=422 if error else 200,
    )


def _filename(ledger, suffix: str) -> str:
    return f"{ledger.title}{suffix}_{timezone.localtime():%Y%m%d%H%M}.xlsx"


def ledger_export(request, key: str):
    ledger = _ledger(key)
    selection, error = _selection(request, ledger)
    if error:
        raise Http404(error.message)
    qs = query.rows(selection, request.user)
    total = query.totals(selection, qs)
    rows = query.batches(ledger, query.ordered(selection, qs))
    out = xlsx.export(ledger, rows, total, wan=selection.wan, described=selection.described)
    return FileResponse(out, as_attachment=True, filename=_filename(ledger, ""), content_type=XLSX)


def ledger_template(request, key: str):
    ledger = _ledger(key)
    if ledger.importer is None:
        raise Http404
    return FileResponse(
        xlsx.template(ledger), as_attachment=True, filename=f"{ledger.title}导入模板.xlsx", content_type=XLSX
    )


@login_required
@require_http_methods(["GET", "POST"])
def ledger_import(request, key: str):
    ledger = _ledger(key)
    if ledger.importer is None:
        raise Http404
    context = {"ledger": ledger}
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            context["refused"] = "请选择要导入的文件。"
        elif upload.size > jobs.INLINE_BYTES and not getattr(settings, "TONGXIN_IMPORT_INLINE", False):
            try:
                job = jobs.start(
                    key, actor=request.user, name=upload.name, data=upload.read(), background=True
                )
            except TongxinError as exc:
                context["refused"] = exc.message
            else:
                return redirect("ledger_import_job", key=key, job_id=job.id)
        else:
            try:
                result = importer.run(ledger, actor=request.user, name=upload.name, data=upload.read())
            except TongxinError as exc:
                context["refused"] = exc.message
            else:
                context["result"] = result
                if result.ok:
                    messages.success(
                        request,
                        f"导入完成:新增{result.created}条,更新{result.updated}条,未变{result.unchanged}条。",
                    )
                else:
                    request.session[f"import-report-{key}"] = _store_report(result)
        status = (
            422 if context.get("refused") or (context.get("result") and not context["result"].ok) else 200
        )
        return render(request, "core/ledger/import.html", context, status=status)
    return render(request, "core/ledger/import.html", context)


def _store_report(result) -> str:
    """Kept as a file under MEDIA_ROOT; only the session that uploaded knows its name."""
    report = xlsx.error_report(result.sheet.rows, result.header_row, result.errors, result.sheet.name)
    name = f"{uuid.uuid4().hex}.xlsx"
    folder = Path(settings.MEDIA_ROOT) / "import-reports"
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / name, "wb") as out:
        shutil.copyfileobj(report, out)
    return name


@login_required
def ledger_import_report(request, key: str):
    ledger = _ledger(key)
    name = request.session.get(f"import-report-{key}")
    path = Path(settings.MEDIA_ROOT) / "import-reports" / (name or "")
    if not name or not path.is_file():
        raise Http404
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=_filename(ledger, "导入错误报告"), content_type=XLSX
    )


@login_required
def ledger_import_job(request, key: str, job_id: str):
    """How far a background import is; the page polls its own partial until the job ends."""
    ledger = _ledger(key)
    try:
        job = jobs.get(job_id, user=request.user, key=key)
    except TongxinError:
        raise Http404 from None
    template = "core/ledger/_job.html" if request.headers.get("HX-Request") else "core/ledger/import_job.html"
    return render(request, template, {"ledger": ledger, "job": job})


@login_required
def ledger_import_job_report(request, key: str, job_id: str):
    ledger = _ledger(key)
    try:
        job = jobs.get(job_id, user=request.user, key=key)
    except TongxinError:
        raise Http404 from None
    path = jobs.report_path(job)
    if path is None or not path.is_file():
        raise Http404
    return FileResponse(
        open(path, "rb"), as_attachment=True, filename=_filename(ledger, "导入错误报告"), content_type=XLSX
    )
