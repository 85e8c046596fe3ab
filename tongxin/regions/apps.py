from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "tongxin.regions"
    label = "regions"
    verbose_name = "行政区划"

    def ready(self):
        from tongxin.core import audit, permissions

        from .models import Region

        permissions.register(
            Region,
            permissions.Policy(
                region=("code",),
                published=True,
                roles={
                    verb: frozenset({permissions.Role.REGION_STAFF}) for verb in ("add", "change", "delete")
                },
            ),
        )
        audit.register("regions.village_added", "新增村/社区")

        from tongxin.core import ledger

        from .ledgers import VILLAGES

        ledger.register(VILLAGES)
