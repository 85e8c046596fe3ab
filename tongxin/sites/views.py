"""Site pages: the ledger is core's (/ledgers/sites/); here the detail with its evaluation history,
status changes, designation and yearly scoring."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tongxin.core import files, panels, permissions
from tongxin.core.errors import Invalid
from tongxin.core.views import apply_errors, edit_status, form_errors, page_errors, save_edit

from . import selectors, services
from .forms import EvaluationForm, SiteForm, StatusForm
from .models import TRANSITIONS, Evaluation, Evidence, Site, Status, Template


def site_list(request):
    return redirect(
        reverse("ledger", args=["sites"]) + (f"?{request.GET.urlencode()}" if request.GET else "")
    )


def _template_for(site: Site, pk=None) -> Template | None:
    qs = Template.objects.filter(active=True)
    if pk:
        return qs.filter(pk=pk).first()
    return qs.filter(kind=site.kind).first() or qs.filter(kind="").first() or qs.first()


@page_errors
def site_detail(request, pk: int):
    site = permissions.get_or_404(
        request.user, Site.objects.select_related("region", "host", "program"), pk=pk
    )
    template = _template_for(site, request.GET.get("template"))
    allowed = TRANSITIONS[site.status]
    status_form = StatusForm()
    status_form.fields["status"].choices = [(s.value, s.label) for s in Status if s in allowed]
    evaluations = list(selectors.evaluations_of(site))
    can_evaluate = permissions.may_add(request.user, Evaluation, program_id=site.program_id)
    return render(
        request,
        "sites/site_detail.html",
        {
            "site": site,
            "evaluations": evaluations,
            "status_form": status_form if allowed else None,
            "evaluation_form": EvaluationForm(template=template) if template and can_evaluate else None,
            "template": template,
            "templates": Template.objects.filter(active=True),
            "can_change": permissions.can(request.user, permissions.CHANGE, site),
            "panels": panels.render_all("site", request, site),
        },
    )


@login_required
@page_errors
def site_create(request):
    form = SiteForm(request.POST or None, initial={"program": request.GET.get("program")})
    if request.method == "POST" and form.is_valid():
        try:
            site = services.site_create(actor=request.user, **{k: v for k, v in form.cleaned_data.items()})
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已新增阵地“{site.name}”。")
            return redirect("sites:detail", pk=site.pk)
    return render(request, "sites/site_form.html", {"form": form, "site": None})


@login_required
@page_errors
def site_edit(request, pk: int):
    site = permissions.get_or_404(request.user, Site.objects.all(), pk=pk)
    permissions.require(request.user, permissions.CHANGE, site)
    form = SiteForm(request.POST or None, initial=SiteForm.initial_of(site))
    saved, conflict = save_edit(
        request,
        form,
        site,
        lambda data, version: services.site_update(
            actor=request.user, site=site, data=data, expected_version=version
        ),
    )
    if saved:
        messages.success(request, "已保存。")
        return redirect("sites:detail", pk=site.pk)
    return render(
        request,
        "sites/site_form.html",
        {"form": form, "site": site, "version": site.version, "conflict": conflict},
        status=edit_status(form, conflict),
    )


@login_required
@require_POST
@page_errors
def site_status(request, pk: int):
    site = permissions.get_or_404(request.user, Site.objects.all(), pk=pk)
    form = StatusForm(request.POST)
    if form.is_valid():
        try:
            services.site_set_status(
                actor=request.user,
                site=site,
                status=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except Invalid as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"状态已改为{site.get_status_display()}。")
    return redirect("sites:detail", pk=site.pk)


@login_required
@require_POST
@page_errors
def evaluation_create(request, pk: int):
    site = permissions.get_or_404(request.user, Site.objects.all(), pk=pk)
    template = _template_for(site, request.POST.get("template"))
    if template is None:
        raise Http404("no scoring template")
    form = EvaluationForm(request.POST, request.FILES, template=template)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.evaluation_record(
                actor=request.user,
                site=site,
                year=data["year"],
                template=template,
                scores=form.scores(),
                evaluated_on=data["evaluated_on"],
                evaluator=data["evaluator"],
                note=data["note"],
                evidence=[data["evidence"]] if data.get("evidence") else [],
            )
        except Invalid as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已登记{data['year']}年度考核。")
    else:
        messages.error(
            request,
            form_errors(form),
        )
    return redirect("sites:detail", pk=site.pk)


@page_errors
def evidence_file(request, pk: int):
    return files.serve(request.user, Evidence.objects.all(), pk=pk)
