"""Project pages: the ledger is core's (/ledgers/projects/); here the detail, edit and transitions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from tongxin.core import files, panels, permissions
from tongxin.core.errors import Invalid
from tongxin.core.views import edit_status, form_errors, page_errors, save_edit
from tongxin.programs.selectors import program_region_resolve

from . import selectors, services
from .forms import EvidenceForm, OutcomeForm, ProjectForm, TransitionForm
from .models import TRANSITIONS, Evidence, Outcome, Project, Status


def project_list(request):
    return redirect(
        reverse("ledger", args=["projects"]) + (f"?{request.GET.urlencode()}" if request.GET else "")
    )


def _context(request, project: Project, **extra) -> dict:
    allowed = TRANSITIONS[project.status]
    transition = TransitionForm()
    transition.fields["status"].choices = [(s.value, s.label) for s in Status if s in allowed]
    return {
        "project": project,
        "participations": project.participations.select_related("organization"),
        "changes": project.status_changes.all(),
        "outcomes": permissions.scoped(
            request.user, permissions.VIEW, Outcome.objects.filter(project=project)
        ).prefetch_related("evidence"),
        "can_change": permissions.can(request.user, permissions.CHANGE, project),
        "transition_form": transition if allowed else None,
        "outcome_form": OutcomeForm(),
        "evidence_form": EvidenceForm(),
        "panels": panels.render_all("project", request, project),
        **extra,
    }


@page_errors
def project_detail(request, pk: int):
    project = selectors.project_get(user=request.user, pk=pk)
    return render(request, "projects/project_detail.html", _context(request, project))


@login_required
@page_errors
def project_edit(request, pk: int):
    """Saves carry the version the user edited: a newer save by someone else is refused and shown."""
    project = selectors.project_get(user=request.user, pk=pk)
    permissions.require(request.user, permissions.CHANGE, project)
    initial = {f: getattr(project, f) for f in ProjectForm.base_fields if f not in ("region", "domain")}
    initial.update(region=project.region_id, domain=project.domain_id)
    form = ProjectForm(request.POST or None, initial=initial)

    def save(data, version):
        data["region"] = program_region_resolve(project.program, data["region"])
        services.project_update(actor=request.user, project=project, data=data, expected_version=version)

    saved, conflict = save_edit(request, form, project, save)
    if saved:
        messages.success(request, f"已保存“{project.title}”。")
        return redirect("projects:detail", pk=project.pk)
    version = request.POST.get("version") or project.version
    return render(
        request,
        "projects/project_edit.html",
        {"project": project, "form": form, "conflict": conflict, "version": version},
        status=edit_status(form, conflict),
    )


@login_required
@require_POST
@page_errors
def project_transition(request, pk: int):
    project = selectors.project_get(user=request.user, pk=pk)
    form = TransitionForm(request.POST)
    if form.is_valid():
        try:
            services.project_transition(
                actor=request.user,
                project=project,
                to=form.cleaned_data["status"],
                on=form.cleaned_data["on"],
                note=form.cleaned_data["note"],
            )
        except Invalid as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"状态已改为{project.get_status_display()}。")
    else:
        messages.error(request, form_errors(form))
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
@page_errors
def outcome_add(request, pk: int):
    project = selectors.project_get(user=request.user, pk=pk)
    form = OutcomeForm(request.POST)
    if form.is_valid():
        try:
            services.outcome_create(actor=request.user, project=project, **form.cleaned_data)
        except Invalid as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, "已添加成效指标。")
    else:
        messages.error(request, form_errors(form))
    return redirect("projects:detail", pk=project.pk)


@login_required
@require_POST
@page_errors
def evidence_add(request, pk: int):
    outcome = permissions.get_or_404(request.user, Outcome.objects.select_related("project"), pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        services.evidence_add(actor=request.user, outcome=outcome, **form.cleaned_data)
        messages.success(request, "已上传佐证材料。")
    else:
        messages.error(request, form_errors(form))
    return redirect("projects:detail", pk=outcome.project_id)


@page_errors
def evidence_file(request, pk: int):
    """Served through the permission check, never from a public media URL."""
    return files.serve(request.user, Evidence.objects.all(), pk=pk)
