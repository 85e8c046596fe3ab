from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from tongxin.core import permissions
from tongxin.core.errors import Conflict, Invalid
from tongxin.core.views import apply_errors, page_errors
from tongxin.regions.selectors import RegionNotFound, region_resolve

from . import services
from .forms import ReportedValueForm
from .models import ReportedValue
from .selectors import reported_value_list


def program_panel(request, program):
    """The program page's 'reported figures' section, each value with its provenance."""
    values = list(reported_value_list(user=request.user, program=program)[:50])
    return {"values": values} if values else None


def value_list(request):
    values = reported_value_list(user=request.user)
    return render(request, "indicators/value_list.html", {"values": values[:500]})


def _reported(request, pk: int) -> ReportedValue:
    return permissions.get_or_404(
        request.user,
        ReportedValue.objects.select_related("indicator", "region", "program", "confirmed_by"),
        pk=pk,
    )


def _next(request, reported: ReportedValue) -> str:
    """Back where the user came from (the program page or the list), else the program page."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return f"/programs/{reported.program_id}/"


@login_required
@page_errors
def value_edit(request, pk: int):
    reported = _reported(request, pk)
    permissions.require(request.user, permissions.CHANGE, reported)
    form = ReportedValueForm(request.POST or None, initial=ReportedValueForm.initial_of(reported))
    status = 200
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            data["region"] = region_resolve(data["region"]) if data["region"] else None
            saved = services.reported_value_update(
                actor=request.user,
                reported=reported,
                data=data,
                expected_version=int(request.POST.get("version") or 0) or None,
            )
        except RegionNotFound as exc:
            form.add_error("region", str(exc))
        except Conflict as exc:
            form.add_error(None, exc.message)
            status = 409
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("已修改“%(v)s”,修改已留痕。") % {"v": saved})
            return redirect(_next(request, saved))
    if form.errors and status == 200:
        status = 422
    return render(
        request,
        "indicators/value_edit.html",
        {"v": reported, "form": form, "next": _next(request, reported)},
        status=status,
    )


@login_required
@page_errors
def value_delete(request, pk: int):
    """GET asks for confirmation; POST deletes (softly: an administrator can restore it)."""
    reported = _reported(request, pk)
    permissions.require(request.user, permissions.DELETE, reported)
    if request.method == "POST":
        services.reported_value_delete(actor=request.user, reported=reported)
        messages.success(request, _("已删除“%(v)s”,管理员可在留痕中恢复。") % {"v": reported})
        return redirect(_next(request, reported))
    return render(request, "indicators/value_delete.html", {"v": reported, "next": _next(request, reported)})
