from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from tongxin.core import permissions
from tongxin.core.admin import PolicyAdmin

from .models import Grant, User


class GrantInline(admin.TabularInline):
    model = Grant
    fk_name = "user"
    extra = 0
    fields = ["role", "program", "organization", "region"]
    raw_id_fields = ["organization", "region"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, ("同心", {"fields": ["display_name"]}))
    list_display = ["username", "display_name", "is_staff", "is_superuser", "is_active"]
    inlines = [GrantInline]

    def has_module_permission(self, request):
        return permissions.is_admin(request.user)

    def has_view_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_change_permission(self, request, obj=None):
        return permissions.is_admin(request.user)

    def has_add_permission(self, request):
        return permissions.is_admin(request.user)

    def has_delete_permission(self, request, obj=None):
        return permissions.is_admin(request.user)


@admin.register(Grant)
class GrantAdmin(PolicyAdmin):
    list_display = ["user", "role", "program", "organization", "region"]
    list_filter = ["role"]
    raw_id_fields = ["organization", "region"]
