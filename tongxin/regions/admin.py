from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import Region


@admin.register(Region)
class RegionAdmin(PolicyAdmin):
    list_display = ["code", "name", "level", "parent", "official"]
    list_filter = ["level", "official"]
    search_fields = ["code", "name", "short_name"]
    raw_id_fields = ["parent"]
    readonly_fields = ["short_name"]
