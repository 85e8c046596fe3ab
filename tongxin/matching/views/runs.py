"""The program's matching workspace, its runs with live progress, and the review of suggestions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tongxin.core import permissions
from tongxin.core.errors import Conflict, Invalid
from tongxin.core.views import page_errors
from tongxin.programs.models import Program

from .. import selectors, services
from ..forms import ForbiddenForm, SettingsForm
from ..models import Match, MatchingRun, MatchSettings, MatchStatus, Need, Offer


def match_rows(matches) -> list[dict]:
    return [{"m": m, "parts": selectors.explain(m.parts)} for m in matches]


@page_errors
def workspace(request, program_id: int):
    user = request.user
    program = permissions.get_or_404(user, Program.objects.all(), pk=program_id)
    settings = services.settings_get(program=program)
    runs = selectors.run_list(user=user, program=program)[:10]
    last_done = next((r for r in runs if r.status == "done"), None)
    decided = selectors.match_list(user=user, program=program).exclude(status=MatchStatus.PROPOSED)
    return render(
        request,
        "matching/workspace.html",
        {
            "program": program,
            "needs": selectors.need_list(user=user, program=program).count(),
            "offers": selectors.offer_list(user=user, program=program).count(),
            "settings_form": SettingsForm(instance=settings),
            "may_run": permissions.may_add(user, MatchingRun, program_id=program.pk),
            "may_add_need": permissions.may_add(user, Need, program_id=program.pk),
            "may_add_offer": permissions.may_add(user, Offer, program_id=program.pk),
            "runs": runs,
            "last_done": last_done,
            "decided": match_rows(decided[:50]),
            "forbidden": selectors.forbidden_list(user=user, program=program)[:200],
            "forbidden_form": ForbiddenForm(),
        },
    )


@login_required
@require_POST
@page_errors
def settings_save(request, program_id: int):
    program = permissions.get_or_404(request.user, Program.objects.all(), pk=program_id)
    form = SettingsForm(request.POST, instance=MatchSettings(program=program))
    if form.is_valid():
        try:
            services.settings_update(actor=request.user, program=program, data=form.cleaned_data)
        except Invalid as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "对接设置已保存,下次计算生效。")
    else:
        messages.error(
            request, "; ".join(f"{form.fields[k].label}:{' '.join(v)}" for k, v in form.errors.items())
        )
    return redirect("matching:workspace", program_id=program.pk)


@login_required
@require_POST
@page_errors
def run_start(request, program_id: int):
    program = permissions.get_or_404(request.user, Program.objects.all(), pk=program_id)
    try:
        run = services.run_start(actor=request.user, program=program)
    except Conflict as exc:
        messages.error(request, exc.message)
        return redirect("matching:workspace", program_id=program.pk)
    return redirect("matching:run", pk=run.pk)


@page_errors
def run_detail(request, pk: int):
    user = request.user
    run = permissions.get_or_404(user, MatchingRun.objects.select_related("program", "started_by"), pk=pk)
    matches = selectors.match_list(user=user, run=run) if run.status == "done" else Match.objects.none()
    return render(
        request,
        "matching/run_detail.html",
        {
            "run": run,
            "program": run.program,
            "rows": match_rows(matches),
            "may_review": permissions.may_add(user, Match, program_id=run.program_id),
        },
    )


@page_errors
def run_progress(request, pk: int):
    """Polled by the run page every second; once finished the page reloads to show the results."""
    run = permissions.get_or_404(request.user, MatchingRun.objects.all(), pk=pk)
    if run.finished and request.headers.get("HX-Request"):
        response = HttpResponse(status=204)
        response["HX-Refresh"] = "true"
        return response
    return render(request, "matching/_run_progress.html", {"run": run})


@login_required
@require_POST
@page_errors
def run_cancel(request, pk: int):
    run = permissions.get_or_404(request.user, MatchingRun.objects.all(), pk=pk)
    services.run_cancel(actor=request.user, run=run)
    messages.success(request, "已请求取消;取消的计算不会写入任何建议。")
    return redirect("matching:run", pk=run.pk)


ACTIONS = ("accept", "reject", "lock", "unlock", "agree")


@login_required
@require_POST
@page_errors
def match_decide(request, pk: int, action: str):
    """Accept, reject (with a reason), lock or unlock a suggestion, or register the agreed pairing."""
    user = request.user
    match = permissions.get_or_404(
        user, Match.objects.select_related("need", "offer__organization", "program"), pk=pk
    )
    error = None
    try:
        if action == "accept":
            match = services.match_accept(actor=user, match=match, reason=request.POST.get("reason", ""))
        elif action == "reject":
            match = services.match_reject(actor=user, match=match, reason=request.POST.get("reason", ""))
        elif action in ("lock", "unlock"):
            match = services.match_lock(actor=user, match=match, locked=action == "lock")
        elif action == "agree":
            match = services.match_agree(actor=user, match=match)
        else:
            error = "未知操作。"
    except Invalid as exc:
        error = exc.message
    if request.headers.get("HX-Request"):
        match = selectors.match_list(user=user).get(pk=match.pk)
        return render(
            request,
            "matching/_match.html",
            {"row": match_rows([match])[0], "may_review": True, "error": error},
        )  # 200 even with an error: htmx swaps only successful answers, and the card shows the alert
    if error:
        messages.error(request, error)
    else:
        messages.success(request, f"已处理对接:{match}")
    back = request.POST.get("next", "")
    if not (back.startswith("/") and not back.startswith("//")):
        back = reverse("matching:workspace", args=[match.program_id])
    return redirect(back)
