from django.apps import AppConfig


class ActivitiesConfig(AppConfig):
    name = "tongxin.activities"
    label = "activities"
    verbose_name = "活动"

    def ready(self):
        from tongxin.core import audit, figures, ledger, panels, permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Policy, Role

        from . import selectors
        from .ledgers import ACTIVITIES
        from .models import Activity
        from .panels import RECORD_PAGES, program_panel, record_panel

        writers = frozenset({Role.COORDINATOR, Role.MEMBER, Role.REGION_STAFF})
        permissions.register(
            Activity,
            Policy(
                # A coordinator of 临沂五大行动 reaches the activities of its five campaigns.
                program=("program_id", "program__parent_id"),
                org=("organizer__path",),
                region=("region_id",),
                published="program__published",
                roles={ADD: writers, CHANGE: writers, DELETE: frozenset({Role.COORDINATOR, Role.MEMBER})},
            ),
        )
        audit.register("activities.outcome_linked", "关联活动成果")
        audit.register("activities.outcome_unlinked", "取消关联成果")
        ledger.register(ACTIVITIES)
        figures.register(
            "activities.count",
            label="开展活动(协商会、座谈会、培训等)",
            unit="次",
            compute=selectors.activity_count,
            summary_name="activities",
            position=75,
        )
        figures.register(
            "activities.participants",
            label="参加活动",
            unit="人次",
            compute=selectors.participant_total,
            summary_name="participants",
            position=76,
        )
        panels.register("program", "activities/_program_panel.html", program_panel, position=65)
        for page in RECORD_PAGES:
            panels.register(page, "activities/_record_panel.html", record_panel, position=10)
