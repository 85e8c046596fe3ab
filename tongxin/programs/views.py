from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tongxin.core import figures, files, panels, permissions
from tongxin.core.errors import Invalid
from tongxin.core.views import apply_errors, form_errors, page_errors
from tongxin.regions.selectors import RegionNotFound

from . import selectors, services
from .forms import AgreementForm, AssignmentForm
from .models import Agreement, Assignment, Program


def figures_of(program: Program) -> list[tuple]:
    """Every registered program figure with its value, as the report phrases it."""
    return [(f, figures.value(f.key, program)) for f in figures.figures()]


def program_list(request):
    programs = selectors.program_list(user=request.user, q=request.GET.get("q", ""))
    return render(
        request, "programs/program_list.html", {"programs": programs.prefetch_related("lead_organizations")}
    )


def _context(request, program: Program, form: AssignmentForm | None = None) -> dict:
    user = request.user
    coordinators = program.grants.filter(role=permissions.Role.COORDINATOR).select_related("user")
    return {
        "program": program,
        "matrix": selectors.program_matrix(user=user, program=program),
        "children": selectors.program_list(user=user).filter(parent=program),
        "coordinators": [g.user for g in coordinators],
        "agreements": permissions.scoped(user, permissions.VIEW, program.agreements.all()),
        "can_assign": permissions.may_add(user, Assignment, program_id=program.pk),
        "form": form or AssignmentForm(),
        "agreement_form": AgreementForm(),
        "can_add_agreement": permissions.may_add(user, Agreement, program_id=program.pk),
        "figures": figures_of(program),
        "panels": panels.render_all("program", request, program),
    }


@page_errors
def program_detail(request, pk: int):
    program = permissions.get_or_404(request.user, Program.objects.select_related("parent"), pk=pk)
    return render(request, "programs/program_detail.html", _context(request, program))


@login_required
@require_POST
@page_errors
def assignment_add(request, pk: int):
    program = permissions.get_or_404(request.user, Program.objects.all(), pk=pk)
    form = AssignmentForm(request.POST)
    if form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["region"] = selectors.program_region_resolve(program, data["region"])
            services.assignment_create(actor=request.user, program=program, **data)
        except RegionNotFound as exc:
            form.add_error("region", str(exc))
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "已添加责任分工。")
            if request.headers.get("HX-Request"):
                return render(request, "programs/_matrix.html", _context(request, program))
            return redirect("programs:detail", pk=program.pk)
    status = 422
    template = (
        "programs/_matrix.html" if request.headers.get("HX-Request") else "programs/program_detail.html"
    )
    return render(request, template, _context(request, program, form), status=status)


@login_required
@require_POST
@page_errors
def assignment_delete(request, pk: int):
    assignment = permissions.get_or_404(request.user, Assignment.objects.all(), pk=pk)
    services.assignment_delete(actor=request.user, assignment=assignment)
    messages.success(request, f"已删除责任分工:{assignment}(可在修改记录中恢复)。")
    return redirect("programs:detail", pk=assignment.program_id)


@login_required
@require_POST
@page_errors
def agreement_add(request, pk: int):
    program = permissions.get_or_404(request.user, Program.objects.all(), pk=pk)
    form = AgreementForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.agreement_create(actor=request.user, program=program, **form.cleaned_data)
        except Invalid as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, f"已上传框架协议:{form.cleaned_data['title']}")
    else:
        messages.error(request, form_errors(form))
    return redirect("programs:detail", pk=program.pk)


@page_errors
def agreement_document(request, pk: int):
    """Documents are served through the permission check, never from a public media URL."""
    return files.serve(request.user, Agreement.objects.all(), pk=pk, field="document")
