from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import Domain


@admin.register(Domain)
class DomainAdmin(PolicyAdmin):
    list_display = ["code", "name_zh", "name_en", "position"]
    list_editable = ["position"]
