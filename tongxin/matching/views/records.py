"""Need and offer pages: add forms, a need with its status steps and its best partners (htmx)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tongxin.core import permissions
from tongxin.core.errors import Invalid
from tongxin.core.views import apply_errors, page_errors
from tongxin.orgs.cells import organization
from tongxin.programs.models import Program
from tongxin.regions.selectors import RegionNotFound, region_resolve

from .. import selectors, services
from ..forms import NeedForm, OfferForm
from ..models import NEED_TRANSITIONS, Match, Need, NeedStatus, Offer
from .runs import match_rows


def _program(request):
    raw = request.GET.get("program", "")
    if not raw.isdigit():
        return None
    return permissions.get_or_404(request.user, Program.objects.all(), pk=int(raw))


def _resolve(form, data: dict, names) -> dict:
    """Organization and region text → rows; a failure is put on its field."""
    parsers = {"requester": organization, "organization": organization, "region": region_resolve}
    for name in names:
        value = data.get(name)
        if not value:
            data.pop(name, None)
            continue
        try:
            data[name] = parsers[name](value)
            if data[name] is None:
                data.pop(name)
        except (ValueError, RegionNotFound) as exc:
            form.add_error(name, str(exc))
    return data


@page_errors
def need_detail(request, pk: int):
    user = request.user
    need = permissions.get_or_404(
        user, Need.objects.select_related("program", "domain", "region", "requester"), pk=pk
    )
    steps = [(s, NeedStatus(s).label) for s in NeedStatus.values if s in NEED_TRANSITIONS[need.status]]
    return render(
        request,
        "matching/need_detail.html",
        {
            "need": need,
            "steps": steps,
            "rows": match_rows(selectors.match_list(user=user, need=need)),
            "may_review": permissions.may_add(user, Match, program_id=need.program_id),
        },
    )


@page_errors
def need_partners(request, pk: int):
    """The interactive query: the k best partners under the program's settings, explained."""
    need = permissions.get_or_404(request.user, Need.objects.select_related("program", "domain"), pk=pk)
    try:
        k = max(1, min(int(request.GET.get("k", 5)), 20))
    except ValueError:
        k = 5
    partners = selectors.best_partners(user=request.user, need=need, k=k)
    rows = [{"p": p, "parts": selectors.explain(p.parts)} for p in partners]
    may_review = permissions.may_add(request.user, Match, program_id=need.program_id)
    return render(
        request, "matching/_partners.html", {"need": need, "rows": rows, "k": k, "may_review": may_review}
    )


@login_required
@require_POST
@page_errors
def need_propose(request, pk: int):
    need = permissions.get_or_404(request.user, Need.objects.select_related("program"), pk=pk)
    offer = permissions.get_or_404(request.user, Offer.objects.all(), pk=request.POST.get("offer") or 0)
    found = next(
        (p for p in selectors.best_partners(user=request.user, need=need, k=50) if p.offer.pk == offer.pk),
        None,
    )
    try:
        services.match_propose(
            actor=request.user,
            need=need,
            offer=offer,
            score=found.score if found else 0.0,
            parts=found.parts if found else {},
            phrases=found.phrases if found else [],
        )
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已建议对接:{need} ↔ {offer}")
    return redirect("matching:need", pk=need.pk)


@login_required
@require_POST
@page_errors
def need_status(request, pk: int):
    need = permissions.get_or_404(request.user, Need.objects.all(), pk=pk)
    try:
        services.need_transition(
            actor=request.user,
            need=need,
            status=request.POST.get("status", ""),
            evidence=request.POST.get("evidence", ""),
        )
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"需求状态已变为“{need.get_status_display()}”。")
    return redirect("matching:need", pk=need.pk)


@login_required
@page_errors
def need_add(request):
    program = _program(request)
    if program is None:
        messages.error(request, "请先选择项目群。")
        return redirect("programs:list")
    form = NeedForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = _resolve(
            form, {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}, ("requester", "region")
        )
        if not form.errors:
            try:
                need = services.need_create(actor=request.user, program=program, **data)
            except Invalid as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已登记需求:{need}")
                return redirect("matching:need", pk=need.pk)
    return render(
        request,
        "matching/record_form.html",
        {"form": form, "program": program, "title": "登记需求(所需)"},
        status=422 if form.errors else 200,
    )


@page_errors
def offer_detail(request, pk: int):
    user = request.user
    offer = permissions.get_or_404(
        user, Offer.objects.select_related("program", "domain", "region", "organization"), pk=pk
    )
    matches = selectors.match_list(user=user).filter(offer=offer)
    return render(
        request,
        "matching/offer_detail.html",
        {"offer": offer, "willing": offer.regions.all(), "rows": match_rows(matches), "may_review": False},
    )


@login_required
@page_errors
def offer_add(request):
    program = _program(request)
    if program is None:
        messages.error(request, "请先选择项目群。")
        return redirect("programs:list")
    form = OfferForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        willing = data.pop("regions", "")
        data = _resolve(form, data, ("organization", "region"))
        regions = []
        if willing:
            from ..ledgers import regions_cell

            try:
                regions = regions_cell(willing)
            except ValueError as exc:
                form.add_error("regions", str(exc))
        if not form.errors:
            try:
                offer = services.offer_create(actor=request.user, program=program, regions=regions, **data)
            except Invalid as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已登记资源:{offer}")
                return redirect("matching:offer", pk=offer.pk)
    return render(
        request,
        "matching/record_form.html",
        {"form": form, "program": program, "title": "登记资源(所长)"},
        status=422 if form.errors else 200,
    )
