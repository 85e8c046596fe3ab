from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "tongxin.orgs"
    label = "orgs"
    verbose_name = "组织"

    def ready(self):
        from tongxin.core import audit, permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Role

        from .models import Contact, Organization

        permissions.register(
            Organization,
            permissions.Policy(
                org=("path",),
                region=("home_region_id",),
                published="published",
                roles={
                    ADD: frozenset({Role.MEMBER, Role.REGION_STAFF}),
                    CHANGE: frozenset({Role.MEMBER, Role.REGION_STAFF}),
                    DELETE: frozenset(),
                },
            ),
        )
        permissions.register(
            Contact,
            permissions.Policy(
                program=(
                    "organization__assignments__program_id",
                    "organization__lead_programs__id",
                    "organization__partner_programs__id",
                ),
                org=("organization__path",),
                region=("organization__home_region_id",),
                roles={verb: frozenset({Role.MEMBER}) for verb in (ADD, CHANGE, DELETE)},
                distinct=True,
            ),
        )
        audit.register("orgs.moved", "调整上级组织")

        from tongxin.core import ledger

        from .ledgers import ORGANIZATIONS

        ledger.register(ORGANIZATIONS)
