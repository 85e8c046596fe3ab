from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "tongxin.accounts"
    label = "accounts"
    verbose_name = "用户与权限"

    def ready(self):
        from tongxin.core import permissions
        from tongxin.core.permissions import Policy

        from .models import Grant

        permissions.register(
            Grant, Policy(roles={"add": frozenset(), "change": frozenset(), "delete": frozenset()})
        )
