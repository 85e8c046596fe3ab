from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from tongxin.core import permissions
from tongxin.core.errors import Invalid
from tongxin.core.views import apply_errors, page_errors
from tongxin.programs.selectors import assignment_list, program_list
from tongxin.regions.selectors import RegionNotFound, ancestors, region_resolve

from . import selectors, services
from .forms import OrganizationForm
from .models import Contact, Organization


def organization_list(request):
    orgs = selectors.organization_list(
        user=request.user, q=request.GET.get("q", ""), kind=request.GET.get("kind", "")
    )
    return render(
        request, "orgs/organization_list.html", {"organizations": orgs[:200], "count": orgs.count()}
    )


@page_errors
def organization_detail(request, pk: int):
    user = request.user
    org = permissions.get_or_404(user, Organization.objects.select_related("parent", "home_region"), pk=pk)
    chain = list(Organization.objects.filter(pk__in=[int(p) for p in org.path.strip("/").split("/")[:-1]]))
    return render(
        request,
        "orgs/organization_detail.html",
        {
            "org": org,
            "chain": sorted(chain, key=lambda o: len(o.path)),
            "region_path": ancestors(org.home_region) if org.home_region_id else [],
            "children": permissions.scoped(user, permissions.VIEW, org.children.all()),
            "contacts": permissions.scoped(user, permissions.VIEW, Contact.objects.filter(organization=org)),
            "programs": program_list(user=user, organization=org.pk),
            "assignments": assignment_list(user=user, organization=org.pk),
        },
    )


def _organization_form(request, org: Organization | None, initial: dict):
    """The edit and the add page: parse, resolve the region, call one service, show its errors."""
    form = OrganizationForm(request.POST or None, instance=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if k != "home_region_code"}
        try:
            code = form.cleaned_data["home_region_code"]
            data["home_region"] = region_resolve(code) if code else None
            if org is None:
                saved = services.organization_create(actor=request.user, **data)
            else:
                saved = services.organization_update(
                    actor=request.user,
                    organization=Organization.objects.get(pk=org.pk),
                    data=data,
                    expected_version=int(request.POST.get("version", 0)),
                )
        except RegionNotFound as exc:
            form.add_error("home_region_code", str(exc))
        except Invalid as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, f"已保存“{saved.name}”。")
            return redirect("orgs:detail", pk=saved.pk)
    status = 422 if form.errors else 200
    return render(request, "orgs/organization_edit.html", {"org": org, "form": form}, status=status)


@login_required
@page_errors
def organization_edit(request, pk: int):
    org = permissions.get_or_404(request.user, Organization.objects.all(), pk=pk)
    permissions.require(request.user, permissions.CHANGE, org)
    return _organization_form(request, org, {"home_region_code": org.home_region_id or ""})


@login_required
@page_errors
def organization_add(request):
    """A new organization or sub-unit; the service refuses one outside the user's scope."""
    parent = None
    if request.GET.get("parent", "").isdigit():
        parent = permissions.get_or_404(
            request.user, Organization.objects.all(), pk=int(request.GET["parent"])
        )
    return _organization_form(request, None, {"parent": parent})
