from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import Evidence, Outcome, Project


@admin.register(Project)
class ProjectAdmin(PolicyAdmin):
    """Status is read-only here: it changes only through the transition service."""

    list_display = [
        "title",
        "code",
        "program",
        "kind",
        "status",
        "region",
        "domain",
        "committed",
        "disbursed",
    ]
    list_filter = ["kind", "status", "program", "domain", "is_demo"]
    search_fields = ["title", "code"]
    raw_id_fields = ["region", "places", "program", "reporting_org"]
    readonly_fields = ["status", "status_on"]
    show_full_result_count = False


@admin.register(Outcome)
class OutcomeAdmin(PolicyAdmin):
    list_display = ["name", "project", "target", "actual", "as_of"]
    raw_id_fields = ["project"]


@admin.register(Evidence)
class EvidenceAdmin(PolicyAdmin):
    list_display = ["title", "outcome"]
    raw_id_fields = ["outcome"]
