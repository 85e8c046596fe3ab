from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from tongxin.core import audit
from tongxin.core.models import AuditEntry
from tongxin.demo import foundation


def app_demos():
    """Each app may ship `<app>/demo.py` with `load(stdout)`; run in INSTALLED_APPS order."""
    for config in apps.get_app_configs():
        if config.name.startswith("tongxin.") and config.label != "demo" and find_spec(f"{config.name}.demo"):
            yield config.label, import_module(f"{config.name}.demo")


class Command(BaseCommand):
    help = "Load the demo programs of the published reports (idempotent). Needs `load_regions` first."

    def handle(self, *args, **options):
        with audit.context(source=AuditEntry.Source.COMMAND):
            with transaction.atomic():
                users = foundation.load()
            self.stdout.write("demo: 建安合作, 组团式帮扶毕节, 临沂五大行动 loaded")
            for _label, module in app_demos():
                with transaction.atomic():
                    module.load(self.stdout)
        self.stdout.write(
            f"demo logins (demo data only), password {settings.TONGXIN_DEMO_PASSWORD}: {', '.join(users)}"
        )
