"""Upload → the normalized text with every figure highlighted → confirm, edit or reject each figure."""

from bisect import bisect_left

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tongxin.core import permissions
from tongxin.core.errors import Invalid
from tongxin.core.views import apply_errors, page_errors
from tongxin.programs.selectors import program_list
from tongxin.regions.selectors import RegionNotFound, region_resolve

from . import services
from .engine import normalize
from .forms import ConfirmForm, UploadForm
from .models import Document, Fact


def _writable_programs(user):
    return [p for p in program_list(user=user) if permissions.may_add(user, Document, program_id=p.pk)]


@login_required
def document_list(request):
    documents = permissions.scoped(request.user, permissions.VIEW, Document.objects.select_related("program"))
    return render(request, "ingest/document_list.html", {"documents": documents[:200]})


@login_required
@page_errors
def document_upload(request):
    programs = _writable_programs(request.user)
    form = UploadForm(request.POST or None, request.FILES or None, programs=programs)
    if request.method == "POST" and form.is_valid():
        program = permissions.get_or_404(
            request.user, program_list(user=request.user), pk=int(form.cleaned_data["program"])
        )
        upload = form.cleaned_data.get("file")
        try:
            document = services.document_ingest(
                actor=request.user,
                program=program,
                title=form.cleaned_data["title"],
                filename=upload.name if upload else "",
                data=upload.read() if upload else None,
                text=form.cleaned_data.get("text") or "",
            )
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("已读取“%(title)s”,找到 %(n)d 个数字,请逐一确认。")
                % {"title": document.title, "n": document.facts.count()},
            )
            return redirect("ingest:document", pk=document.pk)
    status = 422 if form.errors else 200
    return render(
        request,
        "ingest/upload.html",
        {"form": form, "programs": programs, "max_bytes": services.MAX_BYTES},
        status=status,
    )


def highlighted(document: Document, facts) -> str:
    """The normalized text, each figure wrapped in a <mark> that links to its row."""
    norm = normalize(document.text)
    origin = [norm.orig_index(i) for i in range(len(norm.text))]
    pieces, cursor = [], 0
    for fact in sorted(facts, key=lambda f: f.start):
        a, b = bisect_left(origin, fact.start), bisect_left(origin, fact.end)
        if a < cursor or b <= a:
            continue
        pieces.append(escape(norm.text[cursor:a]))
        pieces.append(
            f'<mark id="fact-{fact.start}" class="{fact.status}" title="{escape(fact.what)}">{escape(norm.text[a:b])}</mark>'
        )
        cursor = b
    pieces.append(escape(norm.text[cursor:]))
    return mark_safe("".join(pieces))


@login_required
@page_errors
def document_detail(request, pk: int):
    document = permissions.get_or_404(request.user, Document.objects.select_related("program"), pk=pk)
    facts = list(document.facts.select_related("reported_value__indicator", "decided_by"))
    can_decide = permissions.can(request.user, permissions.CHANGE, document)
    rows = [
        (
            f,
            ConfirmForm(
                prefix=f"f{f.pk}",
                initial={
                    "indicator": f.what,
                    "value": f.value.normalize(),
                    "unit": f.unit,
                    "approx": f.approx,
                    "region": f.place_code,
                },
            ),
        )
        for f in facts
    ]
    return render(
        request,
        "ingest/document_detail.html",
        {"document": document, "text": highlighted(document, facts), "rows": rows, "can_decide": can_decide},
    )


@login_required
@require_POST
@page_errors
def fact_decide(request, pk: int):
    fact = permissions.get_or_404(request.user, Fact.objects.select_related("document__program"), pk=pk)
    if request.POST.get("decision") == "reject":
        services.fact_reject(actor=request.user, fact=fact)
        messages.success(request, _("已否决“%(quote)s”。") % {"quote": fact.quote})
        return redirect("ingest:document", pk=fact.document_id)
    form = ConfirmForm(request.POST, prefix=f"f{fact.pk}")
    if form.is_valid():
        data = form.cleaned_data
        try:
            region = region_resolve(data["region"]) if data["region"] else None
            reported = services.fact_confirm(
                actor=request.user,
                fact=fact,
                indicator_name=data["indicator"],
                value=data["value"],
                unit=data["unit"],
                approx=data["approx"],
                region=region,
                period_start=data["period_start"],
                period_end=data["period_end"],
            )
        except (RegionNotFound, Invalid) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("已确认:%(value)s(出处已记录)。") % {"value": reported})
    else:
        messages.error(
            request, "; ".join(f"{form.fields[k].label}:{' '.join(v)}" for k, v in form.errors.items())
        )
    return redirect(f"/ingest/{fact.document_id}/#fact-{fact.start}")
