from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import Activity, Outcome


class OutcomeInline(admin.TabularInline):
    """Read-only here: links are made through the service, which checks both ends."""

    model = Outcome
    extra = 0
    fields = ["content_type", "object_id", "note", "created_by", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Activity)
class ActivityAdmin(PolicyAdmin):
    list_display = ["title", "kind", "held_on", "program", "organizer", "participants", "person_times"]
    list_filter = ["kind", "program", "is_demo"]
    search_fields = ["title", "code", "topics"]
    raw_id_fields = ["program", "organizer", "region", "domain"]
    filter_horizontal = ["co_organizers"]
    inlines = [OutcomeInline]
