from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import Investment


@admin.register(Investment)
class InvestmentAdmin(PolicyAdmin):
    """State is read-only here: it changes only through the transition service."""

    list_display = ["title", "code", "investor", "region", "event", "amount", "state", "signed_on"]
    list_filter = ["state", "program", "is_demo"]
    search_fields = ["title", "code", "event"]
    raw_id_fields = ["investor", "region", "program"]
    readonly_fields = ["state"]
