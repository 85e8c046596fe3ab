from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from tongxin.core import permissions
from tongxin.core.errors import Invalid
from tongxin.core.views import page_errors
from tongxin.orgs.selectors import organization_list
from tongxin.programs.selectors import assignment_list, program_list

from . import selectors, services
from .models import Level, Region


def region_list(request):
    """Search by code or name; an ambiguous name lists every candidate with its parents."""
    q = request.GET.get("q", "").strip()
    candidates = selectors.region_lookup(q) if q else []
    if len(candidates) == 1:
        return redirect("regions:detail", code=candidates[0].region.code)
    provinces = Region.objects.filter(level=Level.PROVINCE) if not q else []
    return render(
        request, "regions/region_list.html", {"q": q, "candidates": candidates, "provinces": provinces}
    )


def region_detail(request, code: str):
    user = request.user
    region = selectors.region_get(code=code)
    if region is None:
        raise Http404
    return render(
        request,
        "regions/region_detail.html",
        {
            "region": region,
            "path": selectors.ancestors(region),
            "children": region.children.all(),
            "programs": program_list(user=user, region=region.prefix),
            "organizations": organization_list(user=user, region=region.prefix)[:100],
            "assignments": assignment_list(user=user, region=region.prefix)[:200],
            "can_add_village": region.level == Level.TOWNSHIP
            and permissions.may_add(user, Region, region_code=region.code),
        },
    )


@login_required
@require_POST
@page_errors
def village_add(request, code: str):
    township = selectors.region_get(code=code)
    if township is None:
        raise Http404
    try:
        village = services.village_create(
            actor=request.user,
            township=township,
            name=request.POST.get("name", ""),
            code=request.POST.get("code", ""),
        )
    except Invalid as exc:
        messages.error(request, exc.message)
        return redirect("regions:detail", code=code)
    messages.success(request, f"已添加 {village.name}({village.code})。")
    return redirect("regions:detail", code=village.code)
