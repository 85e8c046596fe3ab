from django.apps import AppConfig


class ProgramsConfig(AppConfig):
    name = "tongxin.programs"
    label = "programs"
    verbose_name = "合作/帮扶"

    def ready(self):
        from tongxin.core import permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Policy, Role

        from .models import Agreement, Assignment, Program

        coordinators = frozenset({Role.COORDINATOR})
        permissions.register(
            Program,
            Policy(
                program=("pk",),
                org=(
                    "lead_organizations__path",
                    "partner_organizations__path",
                    "assignments__organization__path",
                ),
                region=("target_regions__code", "assignments__region_id"),
                published="published",
                roles={ADD: frozenset(), CHANGE: coordinators, DELETE: frozenset()},
                distinct=True,
            ),
        )
        in_program = Policy(
            program=("program_id",),
            org=("organization__path",),
            region=("region_id",),
            published="program__published",
            roles={ADD: coordinators, CHANGE: coordinators, DELETE: coordinators},
        )
        permissions.register(Assignment, in_program)
        permissions.register(
            Agreement,
            Policy(
                program=("program_id",),
                org=("parties__path",),
                published="program__published",
                roles={ADD: coordinators, CHANGE: coordinators, DELETE: coordinators},
                distinct=True,
            ),
        )

        from tongxin.core import ledger

        from .ledgers import ASSIGNMENTS

        ledger.register(ASSIGNMENTS)
