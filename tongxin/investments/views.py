"""Contract pages: the ledger is core's (/ledgers/investments/); here the detail and transitions."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tongxin.core import panels, permissions
from tongxin.core.errors import Invalid
from tongxin.core.views import page_errors

from . import services
from .models import TRANSITIONS, Investment, State


class TransitionForm(forms.Form):
    state = forms.ChoiceField(label="改为", choices=State.choices)
    on = forms.DateField(label="日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label="说明", max_length=300, required=False)


def investment_list(request):
    return redirect(
        reverse("ledger", args=["investments"]) + (f"?{request.GET.urlencode()}" if request.GET else "")
    )


@page_errors
def investment_detail(request, pk: int):
    investment = permissions.get_or_404(
        request.user, Investment.objects.select_related("investor", "region", "program", "domain"), pk=pk
    )
    allowed = TRANSITIONS[investment.state]
    form = TransitionForm()
    form.fields["state"].choices = [(s.value, s.label) for s in State if s in allowed]
    return render(
        request,
        "investments/investment_detail.html",
        {
            "investment": investment,
            "changes": investment.state_changes.all(),
            "form": form if allowed else None,
            "can_change": permissions.can(request.user, permissions.CHANGE, investment),
            "panels": panels.render_all("investment", request, investment),
        },
    )


@login_required
@require_POST
@page_errors
def investment_transition(request, pk: int):
    investment = permissions.get_or_404(request.user, Investment.objects.all(), pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.investment_transition(
                actor=request.user,
                investment=investment,
                to=form.cleaned_data["state"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except Invalid as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"状态已改为{investment.get_state_display()}。")
    return redirect("investments:detail", pk=investment.pk)
