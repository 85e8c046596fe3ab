"""Pairing pages: the roll-up and coverage overview, a pairing, the add form, status steps."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tongxin.core import permissions
from tongxin.core.errors import Invalid
from tongxin.core.views import apply_errors, page_errors
from tongxin.orgs.cells import organization
from tongxin.programs.models import Program
from tongxin.programs.selectors import program_list
from tongxin.regions.selectors import RegionNotFound, region_resolve

from . import selectors, services
from .forms import CoverageForm, PairingForm
from .models import TRANSITIONS, Kind, Pairing, Status


def _program(request, raw: str | None):
    if raw and raw.isdigit():
        return permissions.get_or_404(request.user, Program.objects.all(), pk=int(raw))
    return None


@page_errors
def pairing_overview(request):
    """Roll-up for any filter (helpers / targets / pairings / projects) and coverage of one region."""
    user = request.user
    program = _program(request, request.GET.get("program"))
    error = None
    region = None
    if request.GET.get("region"):
        try:
            region = region_resolve(request.GET["region"])
        except RegionNotFound as exc:
            error = str(exc)
    kind = request.GET.get("kind", "") if request.GET.get("kind") in Kind.values else ""
    status = request.GET.get("status", "") if request.GET.get("status") in Status.values else ""
    pairings = selectors.pairing_list(
        user=user, program=program, region=region.prefix if region else "", kind=kind, status=status
    )
    rollup = selectors.pairing_rollup(pairings)
    coverage = None
    form = CoverageForm(request.GET if "target" in request.GET else None)
    if region is not None and form.is_bound and form.is_valid():
        coverage = selectors.pairing_coverage(
            user=user, region=region, target_kind=form.cleaned_data["target"], program=program
        )
    return render(
        request,
        "pairings/pairing_overview.html",
        {
            "programs": program_list(user=user),
            "program": program,
            "region": region,
            "kind": kind,
            "status": status,
            "kinds": Kind.choices,
            "statuses": Status.choices,
            "rollup": rollup,
            "status_counts": [(label, rollup.by_status.get(value, 0)) for value, label in Status.choices],
            "recent": pairings.prefetch_related("helpers").order_by("-id")[:20],
            "coverage": coverage,
            "coverage_form": form,
            "error": error,
            "may_add": program is not None and permissions.may_add(user, Pairing, program_id=program.pk),
        },
    )


@page_errors
def pairing_detail(request, pk: int):
    pairing = permissions.get_or_404(
        request.user,
        Pairing.objects.select_related("program", "target_org", "target_region", "place", "agreement"),
        pk=pk,
    )
    produced = selectors.projects_produced(Pairing.objects.filter(pk=pairing.pk))
    return render(
        request,
        "pairings/pairing_detail.html",
        {
            "pairing": pairing,
            "helpers": pairing.helpers.all(),
            "next_steps": [(s, Status(s).label) for s in Status.values if s in TRANSITIONS[pairing.status]],
            "matches": pairing.matches.select_related("need", "offer") if hasattr(pairing, "matches") else [],
            "projects": produced,
        },
    )


@login_required
@require_POST
@page_errors
def pairing_status(request, pk: int):
    pairing = permissions.get_or_404(request.user, Pairing.objects.all(), pk=pk)
    try:
        services.pairing_transition(
            actor=request.user,
            pairing=pairing,
            status=request.POST.get("status", ""),
            note=request.POST.get("note", ""),
        )
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"结对状态已变为“{pairing.get_status_display()}”。")
    return redirect("pairings:detail", pk=pairing.pk)


def _resolve(form: PairingForm) -> dict:
    """Names, codes and credit codes → rows; each failure lands on its field."""
    data = dict(form.cleaned_data)
    resolved = {}
    for name, parse in (("target_org", organization), ("target_region", region_resolve)):
        value = data.pop(name)
        if value:
            try:
                resolved[name] = parse(value)
            except (ValueError, RegionNotFound) as exc:
                form.add_error(name, str(exc))
    helpers = []
    from .cells import organizations

    try:
        helpers = organizations(data.pop("helpers"))
    except ValueError as exc:
        form.add_error("helpers", str(exc))
    return {**{k: v for k, v in data.items() if v not in (None, "")}, **resolved, "helpers": helpers}


@login_required
@page_errors
def pairing_add(request):
    program = _program(request, request.GET.get("program"))
    if program is None:
        messages.error(request, "请先选择项目群。")
        return redirect("pairings:list")
    if not permissions.may_add(request.user, Pairing, program_id=program.pk):
        permissions.require(request.user, permissions.ADD, program)
    form = PairingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = _resolve(form)
        if not form.errors:
            try:
                saved = services.pairing_create(actor=request.user, program=program, **data)
            except Invalid as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已登记结对:{saved}")
                return redirect("pairings:detail", pk=saved.pk)
    status = 422 if form.errors else 200
    return render(request, "pairings/pairing_form.html", {"form": form, "program": program}, status=status)
