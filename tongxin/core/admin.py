"""One ModelAdmin mixin that routes the admin through the permission module and the audit trail."""

from django.contrib import admin

from . import audit, crud, permissions
from .models import AuditEntry


class PolicyAdmin(admin.ModelAdmin):
    """The admin asks the same policy as pages and API, and writes through audited crud."""

    def get_queryset(self, request):
        return permissions.scoped(request.user, permissions.VIEW, super().get_queryset(request))

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and (
            obj is None or permissions.can(request.user, permissions.VIEW, obj)
        )

    def has_change_permission(self, request, obj=None):
        return obj is None or permissions.can(request.user, permissions.CHANGE, obj)

    def has_delete_permission(self, request, obj=None):
        return obj is None or permissions.can(request.user, permissions.DELETE, obj)

    def has_add_permission(self, request):
        return permissions.is_admin(request.user)

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_staff

    def save_model(self, request, obj, form, change):
        request._audit_before = audit.snapshot(type(obj)._base_manager.get(pk=obj.pk)) if change else {}
        obj.save()

    def save_related(self, request, form, formsets, change):
        """Audit once the many-to-many fields are saved too; the admin's transaction covers both."""
        super().save_related(request, form, formsets, change)
        obj = form.instance
        permissions.require(request.user, permissions.CHANGE if change else permissions.ADD, obj)
        changes = audit.diff(request._audit_before, audit.snapshot(obj))
        if changes:
            audit.record(
                actor=request.user,
                action="updated" if change else "created",
                obj=obj,
                changes=changes,
                program_id=crud.program_id_of(obj),
            )

    def delete_model(self, request, obj):
        crud.delete(actor=request.user, instance=obj)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            crud.delete(actor=request.user, instance=obj)


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_label", "action", "object_label", "source"]
    list_filter = ["action", "source", "content_type"]
    search_fields = ["object_label", "actor_label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return permissions.is_admin(request.user)
