from django.apps import AppConfig


class PairingsConfig(AppConfig):
    name = "tongxin.pairings"
    label = "pairings"
    verbose_name = "结对"

    def ready(self):
        from tongxin.core import audit, ledger, panels, permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Policy, Role

        from . import figures
        from .ledgers import PAIRINGS
        from .models import Pairing

        writers = frozenset({Role.COORDINATOR, Role.MEMBER, Role.REGION_STAFF})
        permissions.register(
            Pairing,
            Policy(
                program=("program_id",),
                org=("helpers__path", "target_org__path"),
                region=("place_id",),
                published="program__published",
                roles={ADD: writers, CHANGE: writers, DELETE: frozenset({Role.COORDINATOR})},
                distinct=True,
            ),
        )
        audit.register("pairings.status", "结对状态变更")
        audit.register("pairings.bulk_created", "批量创建结对")
        ledger.register(PAIRINGS)
        figures.register_all()
        panels.register("program", "pairings/_program_panel.html", figures.program_panel, position=40)
