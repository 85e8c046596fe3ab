from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "tongxin.sites"
    label = "sites"
    verbose_name = "阵地"

    def ready(self):
        from tongxin.core import audit, figures, ledger, panels, permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Policy, Role

        from . import selectors
        from .ledgers import EVALUATIONS, SITES
        from .models import Evaluation, Evidence, Site, Template
        from .panels import program_panel

        writers = frozenset({Role.COORDINATOR, Role.MEMBER, Role.REGION_STAFF})
        coordinator = frozenset({Role.COORDINATOR})
        # A coordinator of a program reaches the sites of its sub-programs (临沂 → 创新创造).
        permissions.register(
            Site,
            Policy(
                program=("program_id", "program__parent_id"),
                org=("host__path",),
                region=("region_id",),
                published="program__published",
                roles={ADD: writers, CHANGE: writers, DELETE: coordinator},
            ),
        )
        permissions.register(
            Evaluation,
            Policy(
                program=("site__program_id", "site__program__parent_id"),
                org=("site__host__path",),
                region=("site__region_id",),
                # An evaluation is the coordinating office's judgement, not the host's own.
                roles={ADD: coordinator, CHANGE: coordinator, DELETE: coordinator},
            ),
        )
        # Evidence is as visible as the evaluation it supports.
        permissions.register(
            Evidence,
            Policy(
                program=("evaluation__site__program_id", "evaluation__site__program__parent_id"),
                org=("evaluation__site__host__path",),
                region=("evaluation__site__region_id",),
                roles={ADD: coordinator, CHANGE: coordinator, DELETE: coordinator},
            ),
        )
        # Reference data anyone may read; only administrators edit templates.
        permissions.register(Template, Policy(published=True, roles={}))
        audit.register("sites.status", "阵地状态变更")
        audit.register("sites.evaluated", "年度考核")
        audit.register("sites.evidence", "上传佐证材料")
        ledger.register(SITES)
        ledger.register(EVALUATIONS)
        figures.register(
            "sites.count",
            label="阵地(基地、服务站等)",
            unit="处",
            compute=selectors.site_count,
            summary_name="sites",
            position=80,
        )
        panels.register("program", "sites/_program_panel.html", program_panel, position=70)
