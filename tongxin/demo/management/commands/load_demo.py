from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from tongxin.core import audit
from tongxin.core.models import AuditEntry
from tongxin.demo import foundation


class Command(BaseCommand):
    help = "Load the demo programs of the published reports (idempotent). Needs `load_regions` first."

    def handle(self, *args, **options):
        with audit.context(source=AuditEntry.Source.COMMAND), transaction.atomic():
            users = foundation.load()
        self.stdout.write("demo: 建安合作, 组团式帮扶毕节, 临沂五大行动 loaded")
        self.stdout.write(
            f"demo logins (demo data only), password {settings.TONGXIN_DEMO_PASSWORD}: {', '.join(users)}"
        )
