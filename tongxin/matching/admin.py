from django.contrib import admin

from tongxin.core.admin import PolicyAdmin

from .models import ForbiddenPair, Match, MatchingRun, MatchSettings, Need, Offer


@admin.register(Need)
class NeedAdmin(PolicyAdmin):
    list_display = ["title", "program", "kind", "domain", "region", "status"]
    list_filter = ["kind", "status", "domain", "program"]
    search_fields = ["title", "text", "ref"]
    raw_id_fields = ["requester", "region"]


@admin.register(Offer)
class OfferAdmin(PolicyAdmin):
    list_display = ["title", "program", "organization", "domain", "capacity", "status"]
    list_filter = ["status", "domain", "program"]
    search_fields = ["title", "text", "ref"]
    raw_id_fields = ["organization", "region", "regions"]


@admin.register(Match)
class MatchAdmin(PolicyAdmin):
    list_display = ["__str__", "program", "score", "status", "locked", "run"]
    list_filter = ["status", "locked", "program"]
    raw_id_fields = ["need", "offer", "run", "pairing"]


@admin.register(MatchingRun)
class MatchingRunAdmin(admin.ModelAdmin):
    """Runs are written by the job only; the admin shows them."""

    list_display = ["__str__", "status", "progress", "needs", "offers", "pairs", "created_at"]
    list_filter = ["status", "program"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(MatchSettings)
class MatchSettingsAdmin(admin.ModelAdmin):
    list_display = [
        "program",
        "weight_text",
        "weight_domain",
        "weight_distance",
        "weight_rule",
        "same_province",
    ]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(ForbiddenPair)
class ForbiddenPairAdmin(PolicyAdmin):
    """Shown here; added and removed on the matching workspace or the API, where the service withdraws
    the suggestions an entry covers."""

    list_display = ["__str__", "program", "reason", "created_at"]
    list_filter = ["program"]
    raw_id_fields = ["need", "offer", "need_org", "offer_org"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
