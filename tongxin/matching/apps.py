from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "tongxin.matching"
    label = "matching"
    verbose_name = "对接"

    def ready(self):
        from tongxin.core import audit, ledger, panels, permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Policy, Role

        from . import figures
        from .ledgers import NEEDS, OFFERS
        from .models import ForbiddenPair, Match, MatchingRun, MatchSettings, Need, Offer

        coordinators = frozenset({Role.COORDINATOR})
        in_program = {"program": ("program_id",), "published": "program__published"}
        permissions.register(
            Need,
            Policy(
                **in_program,
                org=("requester__path",),
                region=("region_id",),
                roles={
                    ADD: frozenset({Role.COORDINATOR, Role.MEMBER, Role.REGION_STAFF}),
                    CHANGE: frozenset({Role.COORDINATOR, Role.MEMBER, Role.REGION_STAFF}),
                    DELETE: coordinators,
                },
            ),
        )
        permissions.register(
            Offer,
            Policy(
                **in_program,
                org=("organization__path",),
                region=("region_id",),
                roles={
                    ADD: frozenset({Role.COORDINATOR, Role.MEMBER}),
                    CHANGE: frozenset({Role.COORDINATOR, Role.MEMBER}),
                    DELETE: coordinators,
                },
            ),
        )
        permissions.register(
            Match,
            Policy(
                **in_program,
                org=("offer__organization__path", "need__requester__path"),
                region=("need__region_id",),
                roles={ADD: coordinators, CHANGE: coordinators, DELETE: coordinators},
            ),
        )
        permissions.register(
            ForbiddenPair,
            Policy(
                program=("program_id",), roles={ADD: coordinators, CHANGE: coordinators, DELETE: coordinators}
            ),
        )
        for model in (MatchingRun, MatchSettings):
            permissions.register(
                model,
                Policy(
                    program=("program_id",),
                    roles={ADD: coordinators, CHANGE: coordinators, DELETE: frozenset()},
                ),
            )
        for name, label in [
            ("matching.need_status", "需求状态变更"),
            ("matching.suggested", "计算建议对接"),
            ("matching.superseded", "建议被新计算取代"),
            ("matching.proposed", "手动建议对接"),
            ("matching.accepted", "接受对接"),
            ("matching.rejected", "拒绝对接"),
            ("matching.locked", "锁定对接"),
            ("matching.unlocked", "解除锁定"),
            ("matching.agreed", "对接达成结对"),
            ("matching.settings", "修改对接设置"),
            ("matching.run_started", "发起对接计算"),
            ("matching.run_cancelled", "取消对接计算"),
            ("matching.forbidden_added", "列入禁止对接名单"),
            ("matching.forbidden_removed", "移出禁止对接名单"),
        ]:
            audit.register(name, label)
        ledger.register(NEEDS)
        ledger.register(OFFERS)
        figures.register_all()
        panels.register("program", "matching/_program_panel.html", figures.program_panel, position=45)
