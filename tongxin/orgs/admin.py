from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import Contact, Organization


class ContactInline(admin.TabularInline):
    model = Contact
    extra = 0
    fields = ["name", "role", "phone", "email"]


@admin.register(Organization)
class OrganizationAdmin(PolicyAdmin):
    list_display = ["name", "kind", "parent", "home_region", "credit_code", "published"]
    list_filter = ["kind", "published"]
    search_fields = ["name", "short_name", "credit_code"]
    raw_id_fields = ["parent", "home_region"]
    filter_horizontal = ["domains"]
    inlines = [ContactInline]
