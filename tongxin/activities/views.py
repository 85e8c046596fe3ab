"""Activity pages: the ledger is core's (/ledgers/activities/); here the detail with its outcomes and
their state, the outcome link form, and the trace from any record back to its activities."""

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tongxin.core import permissions
from tongxin.core.errors import Invalid, NotFound
from tongxin.core.views import apply_errors, edit_status, page_errors, save_edit

from . import selectors, services
from .forms import ActivityForm, OutcomeForm
from .models import Activity, Outcome


def activity_list(request):
    return redirect(
        reverse("ledger", args=["activities"]) + (f"?{request.GET.urlencode()}" if request.GET else "")
    )


@page_errors
def activity_detail(request, pk: int):
    activity = permissions.get_or_404(
        request.user, Activity.objects.select_related("program", "organizer", "region", "domain"), pk=pk
    )
    outcomes = selectors.outcomes_of(activity, user=request.user)
    can_change = permissions.can(request.user, permissions.CHANGE, activity)
    return render(
        request,
        "activities/activity_detail.html",
        {
            "activity": activity,
            "outcomes": outcomes,
            "done": sum(1 for o in outcomes if o.done),
            "can_change": can_change,
            "outcome_form": OutcomeForm() if can_change else None,
            "sources": selectors.trace(activity, user=request.user, depth=1),
        },
    )


@login_required
@page_errors
def activity_create(request):
    form = ActivityForm(request.POST or None, initial={"program": request.GET.get("program")})
    if request.method == "POST" and form.is_valid():
        try:
            activity = services.activity_create(actor=request.user, **form.data_for_service())
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已登记活动“{activity.title}”。")
            return redirect("activities:detail", pk=activity.pk)
    return render(request, "activities/activity_form.html", {"form": form, "activity": None})


@login_required
@page_errors
def activity_edit(request, pk: int):
    activity = permissions.get_or_404(request.user, Activity.objects.all(), pk=pk)
    permissions.require(request.user, permissions.CHANGE, activity)
    form = ActivityForm(request.POST or None, initial=ActivityForm.initial_of(activity))
    saved, conflict = save_edit(
        request,
        form,
        activity,
        lambda _data, version: services.activity_update(
            actor=request.user, activity=activity, data=form.data_for_service(), expected_version=version
        ),
    )
    if saved:
        messages.success(request, "已保存。")
        return redirect("activities:detail", pk=activity.pk)
    return render(
        request,
        "activities/activity_form.html",
        {"form": form, "activity": activity, "version": activity.version, "conflict": conflict},
        status=edit_status(form, conflict),
    )


@login_required
@require_POST
@page_errors
def outcome_add(request, pk: int):
    activity = permissions.get_or_404(request.user, Activity.objects.all(), pk=pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "请选择成果类型并填写记录编号。")
        return redirect("activities:detail", pk=pk)
    try:
        target = services.target_get(
            actor=request.user, label=form.cleaned_data["model"], pk=form.cleaned_data["object_id"]
        )
        services.outcome_link(
            actor=request.user, activity=activity, target=target, note=form.cleaned_data["note"]
        )
    except (Invalid, NotFound) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"已关联成果“{target}”。")
    return redirect("activities:detail", pk=pk)


@login_required
@require_POST
@page_errors
def outcome_remove(request, pk: int):
    outcome = Outcome.objects.select_related("activity").filter(pk=pk).first()
    if outcome is None:
        raise Http404
    permissions.get_or_404(request.user, Activity.objects.all(), pk=outcome.activity_id)
    services.outcome_unlink(actor=request.user, outcome=outcome)
    messages.success(request, "已取消关联。")
    return redirect("activities:detail", pk=outcome.activity_id)


@page_errors
def activity_trace(request, label: str, pk: str):
    """From any record (a project, a task, a measure) back to the consultation that started it."""
    try:
        model = apps.get_model(label)
        permissions.policy_for(model)
    except (LookupError, ValueError):
        raise Http404(label) from None
    obj = permissions.get_or_404(request.user, model.objects.all(), pk=pk)
    return render(
        request,
        "activities/activity_trace.html",
        {"obj": obj, "kind": model._meta.verbose_name, "activities": selectors.trace(obj, user=request.user)},
    )
