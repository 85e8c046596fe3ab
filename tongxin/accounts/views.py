from django.conf import settings
from django.contrib.auth import views as auth_views
from django.shortcuts import render

from tongxin.core import permissions
from tongxin.core.models import AuditEntry
from tongxin.programs.selectors import program_list


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True
    extra_context = {"demo_password": settings.TONGXIN_DEMO_PASSWORD}


def home(request):
    """My programs and what changed recently in them."""
    user = request.user
    programs = program_list(user=user)
    recent = AuditEntry.objects.none()
    if user.is_authenticated:
        if permissions.is_admin(user) or any(
            g.role == permissions.Role.VIEWER and g.unscoped for g in permissions.grants(user)
        ):
            recent = AuditEntry.objects.all()
        else:
            recent = AuditEntry.objects.filter(
                program_id__in=programs.values("pk")
            ) | AuditEntry.objects.filter(actor=user)
    return render(
        request,
        "accounts/home.html",
        {
            "programs": programs.prefetch_related("lead_organizations")[:50],
            "recent": recent.select_related("content_type")[:20],
        },
    )
