from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import Pairing


@admin.register(Pairing)
class PairingAdmin(PolicyAdmin):
    list_display = ["__str__", "program", "kind", "status", "signed_on", "place"]
    list_filter = ["kind", "status", "program"]
    search_fields = ["ref", "target_org__name", "target_region__name"]
    raw_id_fields = ["helpers", "target_org", "target_region", "agreement"]
