from django.apps import AppConfig


class DomainsConfig(AppConfig):
    name = "tongxin.domains"
    label = "domains"
    verbose_name = "领域"

    def ready(self):
        from tongxin.core import permissions

        from .models import Domain

        permissions.register(
            Domain, permissions.Policy(published=True, roles={"add": frozenset(), "change": frozenset()})
        )
