from django.apps import AppConfig


class IndicatorsConfig(AppConfig):
    name = "tongxin.indicators"
    label = "indicators"
    verbose_name = "指标"

    def ready(self):
        from tongxin.core import audit, panels, permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Policy, Role

        from .models import Indicator, ReportedValue
        from .views import program_panel

        coordinators = frozenset({Role.COORDINATOR})
        permissions.register(
            Indicator,
            Policy(
                published=True,
                roles={ADD: coordinators, CHANGE: frozenset(), DELETE: frozenset()},
                anywhere=coordinators,
            ),
        )
        permissions.register(
            ReportedValue,
            Policy(
                program=("program_id",),
                region=("region_id",),
                published="program__published",
                roles={ADD: coordinators, CHANGE: coordinators, DELETE: coordinators},
            ),
        )
        audit.register("indicators.confirmed", "确认上报数据")
        audit.register("indicators.updated", "修改上报数据")
        audit.register("indicators.deleted", "删除上报数据")
        panels.register("program", "indicators/_program_panel.html", program_panel, position=50)
