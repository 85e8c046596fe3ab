from django.apps import AppConfig


class InvestmentsConfig(AppConfig):
    name = "tongxin.investments"
    label = "investments"
    verbose_name = "招商签约"

    def ready(self):
        from tongxin.core import audit, figures, ledger, panels, permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Policy, Role

        from . import selectors
        from .ledgers import INVESTMENTS
        from .models import Investment
        from .panels import program_panel

        writers = frozenset({Role.COORDINATOR, Role.REGION_STAFF})
        permissions.register(
            Investment,
            Policy(
                program=("program_id",),
                org=("investor__path",),
                region=("region_id",),
                published="program__published",
                roles={ADD: writers, CHANGE: writers, DELETE: frozenset({Role.COORDINATOR})},
            ),
        )
        audit.register("investments.transition", "签约项目状态变更")
        ledger.register(INVESTMENTS)
        figures.register(
            "investments.signed",
            label="签约项目",
            unit="个",
            compute=selectors.signed,
            summary_name="contracts_signed",
            position=20,
        )
        figures.register(
            "investments.signed_amount",
            label="签约投资额",
            unit="元",
            compute=selectors.signed_amount,
            summary_name="contracts_amount",
            position=21,
        )
        figures.register(
            "investments.performing",
            label="履约项目",
            unit="个",
            compute=selectors.performing,
            summary_name="contracts_performing",
            position=22,
        )
        figures.register(
            "investments.fulfilment",
            label="履约率",
            unit="%",
            ratio=("investments.performing", "investments.signed"),
            summary_name="fulfilment_rate",
            position=23,
        )
        panels.register("program", "investments/_program_panel.html", program_panel, position=25)
