"""Proposal pages: the ladder overview, a proposal with its steps and step forms (phone-friendly),
the supervision board, "my overdue items" and notifications. Parse, call one service, render."""

import contextlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from tongxin.core import files, panels, permissions
from tongxin.core.errors import Conflict, Invalid
from tongxin.core.views import apply_errors, page_errors
from tongxin.domains.cells import domains as parse_domains
from tongxin.orgs.cells import organization
from tongxin.pairings.cells import organizations
from tongxin.programs.models import Program
from tongxin.programs.selectors import program_list
from tongxin.regions.selectors import RegionNotFound, region_resolve

from . import selectors, services, supervision
from .forms import ExtensionForm, ProposalForm, StepForm
from .models import Extension, ExtensionStatus, Kind, Measure, Notification, Proposal, StepKind, Task


def _program(request, raw):
    if raw and str(raw).isdigit():
        return permissions.get_or_404(request.user, Program.objects.all(), pk=int(raw))
    return None


@page_errors
def proposal_index(request):
    program = _program(request, request.GET.get("program"))
    kind = request.GET.get("kind") if request.GET.get("kind") in Kind.values else ""
    stage = request.GET.get("stage") if request.GET.get("stage") in StepKind.values else ""
    qs = selectors.proposal_list(user=request.user, program=program, kind=kind, q=request.GET.get("q", ""))
    counts = selectors.ladder_counts(qs)
    if stage:
        qs = selectors.proposal_filter(qs, stage=stage)
    page = Paginator(qs.prefetch_related("submitters"), 30).get_page(request.GET.get("page"))
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "programs": program_list(user=request.user),
            "program": program,
            "kind": kind,
            "stage": stage,
            "kinds": Kind.choices,
            "ladder": selectors.ladder_rows(counts),
            "counts": counts,
            "page": page,
            "may_add": program is not None and selectors.proposal_may_add(user=request.user, program=program),
        },
    )


def _resolve_proposal(form) -> dict:
    data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    for name, parse in (("submitters", organizations), ("domains", parse_domains)):
        try:
            data[name] = parse(data.get(name, ""))
        except ValueError as exc:
            form.add_error(name, str(exc))
    if data.get("place"):
        try:
            data["place"] = region_resolve(data["place"])
        except RegionNotFound as exc:
            form.add_error("place", str(exc))
    if data.get("authors") and "submitters" not in form.errors:
        try:
            data["authors"] = selectors.author_resolve(data["submitters"], data["authors"])
        except LookupError as exc:
            form.add_error("authors", str(exc))
    return data


@login_required
@page_errors
def proposal_add(request):
    program = _program(request, request.GET.get("program"))
    if program is None:
        messages.error(request, "请先选择项目群。")
        return redirect("proposals:list")
    form = ProposalForm(
        request.POST or None, request.FILES or None, initial={"submitted_on": timezone.localdate()}
    )
    if request.method == "POST" and form.is_valid():
        data = _resolve_proposal(form)
        if not form.errors:
            try:
                saved = services.proposal_create(actor=request.user, program=program, **data)
            except Invalid as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, f"已登记:{saved}")
                return redirect("proposals:detail", pk=saved.pk)
    return render(
        request,
        "proposals/proposal_form.html",
        {"form": form, "program": program},
        status=422 if form.errors else 200,
    )


def _detail_context(request, proposal: Proposal, form=None) -> dict:
    today = timezone.localdate()
    tasks = list(proposal.tasks.select_related("lead").prefetch_related("assisting", "extensions"))
    for task in tasks:
        task.overdue = supervision.overdue_of(task, today)
        task.may_change = permissions.can(request.user, permissions.CHANGE, task)
        task.pending = [e for e in task.extensions.all() if e.status == ExtensionStatus.PENDING]
    may_decide = any(permissions.can(request.user, permissions.CHANGE, e) for t in tasks for e in t.pending)
    return {
        "proposal": proposal,
        "steps": selectors.steps_of(proposal),
        "tasks": tasks,
        "submitters": proposal.submitters.all(),
        "authors": proposal.authors.all(),
        "domains": proposal.domains.all(),
        "measures": proposal.measures.all(),
        "form": form or StepForm(initial={"on": today, "version": proposal.version}),
        "extension_form": ExtensionForm(),
        "may_decide": may_decide,
        # Sections other apps add (activities: 来自活动), without this app importing them.
        "panels": panels.render_all("proposal", request, proposal),
    }


@page_errors
def proposal_detail(request, pk: int):
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    return render(request, "proposals/proposal_detail.html", _detail_context(request, proposal))


def _step_data(request, form) -> dict:
    data = {
        k: v for k, v in form.cleaned_data.items() if v not in (None, "") and k not in ("kind", "version")
    }
    data["expected_version"] = form.cleaned_data.get("version")
    kind = form.cleaned_data["kind"]
    if kind == StepKind.ASSIGNED:
        data["lead"] = data.get("lead", "")
        if data.get("assisting"):
            try:
                data["assisting"] = organizations(data["assisting"])
            except ValueError as exc:
                raise Invalid(str(exc), fields={"assisting": [str(exc)]}) from None
        data.pop("title", None)
    elif kind == StepKind.CONVERTED:
        data["issuing_body"] = data.pop("body", "")
        data.pop("person", None)
        for extra in ("lead", "assisting", "due"):
            data.pop(extra, None)
    else:
        for extra in ("lead", "assisting", "due", "title"):
            data.pop(extra, None)
        if kind == StepKind.CLOSED:
            data["measure_taken"] = data.pop("text", "")
            data.pop("body", None), data.pop("level", None), data.pop("person", None)
        if kind == StepKind.REPLIED:
            data.pop("body", None), data.pop("level", None)
        if data.get("body") and kind in (StepKind.FORWARDED, StepKind.ADOPTED, StepKind.INSTRUCTED):
            # A body outside the directory (市政协, 国务院办公厅) stays as text.
            with contextlib.suppress(ValueError):
                data["body_org"] = organization(data["body"])
    return data


@login_required
@require_POST
@page_errors
def proposal_step(request, pk: int):
    proposal = selectors.proposal_get(user=request.user, pk=pk)
    form = StepForm(request.POST)
    if form.is_valid():
        try:
            services.proposal_step_record(
                actor=request.user,
                proposal=proposal,
                kind=form.cleaned_data["kind"],
                data=_step_data(request, form),
            )
        except (Invalid, Conflict) as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记“{StepKind(form.cleaned_data['kind']).label}”。")
            return redirect("proposals:detail", pk=proposal.pk)
    proposal.refresh_from_db()
    return render(
        request, "proposals/proposal_detail.html", _detail_context(request, proposal, form), status=422
    )


@login_required
@require_POST
@page_errors
def task_claim(request, pk: int):
    task = permissions.get_or_404(request.user, Task.objects.all(), pk=pk)
    try:
        supervision.task_claim(actor=request.user, task=task)
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已领办。")
    return redirect("proposals:detail", pk=task.proposal_id)


@login_required
@require_POST
@page_errors
def extension_request(request, pk: int):
    task = permissions.get_or_404(request.user, Task.objects.all(), pk=pk)
    form = ExtensionForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请填写申请期限和延期理由。")
    else:
        try:
            supervision.extension_request(actor=request.user, task=task, **form.cleaned_data)
        except Invalid as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "延期申请已提交,等待工作专班审批。")
    return redirect("proposals:detail", pk=task.proposal_id)


@login_required
@require_POST
@page_errors
def extension_decide(request, pk: int):
    extension = permissions.get_or_404(request.user, Extension.objects.select_related("task"), pk=pk)
    approve = request.POST.get("decision") == "approve"
    try:
        supervision.extension_decide(
            actor=request.user, extension=extension, approve=approve, note=request.POST.get("note", "")
        )
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已同意延期。" if approve else "已不同意延期。")
    return redirect("proposals:detail", pk=extension.task.proposal_id)


@login_required
@page_errors
def supervision_board(request):
    program = _program(request, request.GET.get("program"))
    rows = supervision.overdue_list(
        user=request.user, program_ids=selectors.program_ids(program) if program else None
    )
    return render(
        request,
        "proposals/supervision_board.html",
        {
            "rows": rows,
            "program": program,
            "programs": program_list(user=request.user),
            "mine": False,
        },
    )


@login_required
def my_overdue(request):
    rows = supervision.my_overdue(user=request.user)
    return render(request, "proposals/supervision_board.html", {"rows": rows, "mine": True})


@login_required
def notifications(request):
    items = Notification.objects.filter(user=request.user)[:200]
    if request.method == "POST":
        Notification.objects.filter(user=request.user, read_at__isnull=True).update(read_at=timezone.now())
        return redirect("proposals:notifications")
    return render(request, "proposals/notifications.html", {"items": items})


@page_errors
def task_detail(request, pk: int):
    """A task lives on its proposal's page (the activities' outcome links point here)."""
    task = permissions.get_or_404(request.user, Task.objects.all(), pk=pk)
    return redirect(f"{reverse('proposals:detail', args=[task.proposal_id])}#task-{task.pk}")


@page_errors
def measure_detail(request, pk: int):
    measure = permissions.get_or_404(request.user, Measure.objects.select_related("program"), pk=pk)
    proposals = selectors.proposal_list(user=request.user).filter(measures=measure)
    return render(
        request,
        "proposals/measure_detail.html",
        {
            "measure": measure,
            "proposals": proposals,
            "panels": panels.render_all("measure", request, measure),
        },
    )


@page_errors
def attachment(request, pk: int):
    return files.serve(request.user, Proposal.objects.all(), pk=pk, field="attachment")
