"""Administrators edit the scoring templates (items, weights, maxima) here; sites and evaluations
change through their services (pages, API, import) so status dates and totals stay computed."""

from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import Evaluation, Item, Site, Template


class ItemInline(admin.TabularInline):
    model = Item
    extra = 1
    fields = ["position", "name", "weight", "max_score", "guidance"]


@admin.register(Template)
class TemplateAdmin(PolicyAdmin):
    list_display = ["name", "kind", "active"]
    list_filter = ["active", "kind"]
    inlines = [ItemInline]


@admin.register(Site)
class SiteAdmin(PolicyAdmin):
    list_display = ["name", "code", "kind", "series", "tier", "region", "host", "status", "designated_on"]
    list_filter = ["kind", "tier", "status", "program", "is_demo"]
    search_fields = ["name", "code", "series"]
    raw_id_fields = ["region", "host", "program"]
    readonly_fields = ["status", "status_on"]


@admin.register(Evaluation)
class EvaluationAdmin(PolicyAdmin):
    """Read-only: totals and grades are computed by the service from the scores."""

    list_display = ["site", "year", "total", "percent", "grade", "evaluated_on"]
    list_filter = ["year", "grade"]
    raw_id_fields = ["site"]

    def has_change_permission(self, request, obj=None):
        return False
