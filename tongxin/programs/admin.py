from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import Agreement, Assignment, Program


@admin.register(Program)
class ProgramAdmin(PolicyAdmin):
    list_display = ["name", "kind", "parent", "start_date", "end_date", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["name", "short_name"]
    filter_horizontal = ["lead_organizations", "partner_organizations"]
    raw_id_fields = ["target_regions", "parent"]


@admin.register(Assignment)
class AssignmentAdmin(PolicyAdmin):
    list_display = ["program", "organization", "region", "domain"]
    list_filter = ["program", "domain"]
    raw_id_fields = ["organization", "region"]


@admin.register(Agreement)
class AgreementAdmin(PolicyAdmin):
    list_display = ["title", "program", "signed_on"]
    filter_horizontal = ["parties"]
