"""The workspace's 禁止对接 list: add an entry from the form, remove one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from tongxin.core import permissions
from tongxin.core.errors import Invalid
from tongxin.core.views import page_errors
from tongxin.orgs.cells import organization
from tongxin.programs.models import Program

from .. import services
from ..forms import ForbiddenForm
from ..models import ForbiddenPair, Need, Offer


def _record(user, model, program, raw: str, label: str):
    """A need or offer of the program by id or 编号, as the user may see it."""
    text = raw.strip()
    if not text:
        return None
    which = Q(ref=text) | (Q(pk=int(text)) if text.isdigit() else Q(pk__in=[]))
    found = permissions.scoped(user, permissions.VIEW, model.objects.filter(which, program=program)).first()
    if found is None:
        raise ValueError(f"该项目群中未找到{label}“{text}”")
    return found


@login_required
@require_POST
@page_errors
def forbidden_add(request, program_id: int):
    user = request.user
    program = permissions.get_or_404(user, Program.objects.all(), pk=program_id)
    form = ForbiddenForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        services.forbidden_add(
            actor=user,
            program=program,
            need=_record(user, Need, program, data.get("need", ""), "需求"),
            offer=_record(user, Offer, program, data.get("offer", ""), "资源"),
            need_org=organization(data.get("need_org", "")),
            offer_org=organization(data.get("offer_org", "")),
            reason=data.get("reason", ""),
        )
    except (Invalid, ValueError) as exc:
        messages.error(request, getattr(exc, "message", None) or str(exc))
    else:
        messages.success(request, "已列入禁止对接名单,此后的每次计算都不会再建议该配对。")
    return redirect("matching:workspace", program_id=program.pk)


@login_required
@require_POST
@page_errors
def forbidden_remove(request, pk: int):
    entry = permissions.get_or_404(request.user, ForbiddenPair.objects.all(), pk=pk)
    services.forbidden_remove(actor=request.user, entry=entry)
    messages.success(request, f"已移出禁止对接名单:{entry}")
    return redirect("matching:workspace", program_id=entry.program_id)
