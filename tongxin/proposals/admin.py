from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import Extension, Measure, Proposal, Step, Task


class StepInline(admin.TabularInline):
    model = Step
    extra = 0
    fields = ["kind", "on", "body", "level", "person", "task", "measure"]
    readonly_fields = fields
    can_delete = False


@admin.register(Proposal)
class ProposalAdmin(PolicyAdmin):
    list_display = ["title", "program", "kind", "stage", "submitted_on"]
    list_filter = ["kind", "stage", "channel", "program"]
    search_fields = ["title", "ref"]
    raw_id_fields = ["submitters", "authors", "place"]
    inlines = [StepInline]


@admin.register(Task)
class TaskAdmin(PolicyAdmin):
    list_display = ["__str__", "assigned_on", "claim_due", "due", "replied_on", "closed_on", "escalation"]
    list_filter = ["escalation"]
    raw_id_fields = ["proposal", "lead", "assisting"]


@admin.register(Measure)
class MeasureAdmin(PolicyAdmin):
    list_display = ["title", "issuing_body", "level", "issued_on"]
    raw_id_fields = ["proposals", "issuing_org"]


@admin.register(Extension)
class ExtensionAdmin(PolicyAdmin):
    list_display = ["__str__", "status", "decided_on"]
    list_filter = ["status"]
