from django.apps import AppConfig


class ProjectsConfig(AppConfig):
    name = "tongxin.projects"
    label = "projects"
    verbose_name = "项目"

    def ready(self):
        from tongxin.core import audit, figures, ledger, panels, permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Policy, Role

        from . import selectors
        from .ledgers import PROJECTS
        from .models import Evidence, Outcome, Project
        from .panels import program_panel

        # Every scope path is single-valued (the reporting organization, not the participants), so a
        # scoped read is a plain WHERE the filters' indexes serve, not a subquery over all rows.
        coordinators = frozenset({Role.COORDINATOR})
        permissions.register(
            Project,
            Policy(
                program=("program_id",),
                org=("reporting_org__path",),
                region=("region_id",),
                published="program__published",
                roles={
                    ADD: frozenset({Role.COORDINATOR, Role.MEMBER}),
                    CHANGE: frozenset({Role.COORDINATOR, Role.MEMBER, Role.REGION_STAFF}),
                    DELETE: coordinators,
                },
            ),
        )
        nested = {
            Outcome: "project__",
            Evidence: "outcome__project__",
        }
        for model, via in nested.items():
            permissions.register(
                model,
                Policy(
                    program=(f"{via}program_id",),
                    org=(f"{via}reporting_org__path",),
                    region=(f"{via}region_id",),
                    published=f"{via}program__published",
                    roles={
                        verb: frozenset({Role.COORDINATOR, Role.MEMBER, Role.REGION_STAFF})
                        for verb in (ADD, CHANGE, DELETE)
                    },
                ),
            )
        audit.register("projects.transition", "项目状态变更")
        audit.register("projects.participants", "调整参与组织")
        ledger.register(PROJECTS)
        figures.register(
            "projects.count",
            label="帮扶项目",
            unit="个",
            compute=selectors.count,
            summary_name="projects",
            position=10,
        )
        figures.register(
            "projects.committed",
            label="计划投入资金",
            unit="元",
            compute=selectors.committed,
            summary_name="funds_committed",
            position=11,
        )
        figures.register(
            "projects.disbursed",
            label="到位资金",
            unit="元",
            compute=selectors.disbursed,
            summary_name="funds_disbursed",
            position=12,
        )
        figures.register(
            "projects.in_kind",
            label="物资折价",
            unit="元",
            compute=selectors.in_kind,
            summary_name="in_kind",
            position=13,
        )
        panels.register("program", "projects/_program_panel.html", program_panel, position=20)
