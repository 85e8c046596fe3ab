"""`tongxin remind [--date YYYY-MM-DD]`: send today's 催办 / 黄牌 / 通报 (schedulable with cron).

Idempotent: each (task, deadline, due date, level) is sent once, however often this runs.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.dateparse import parse_date

from tongxin.core import audit
from tongxin.core.models import AuditEntry

from ...supervision import remind


class Command(BaseCommand):
    help = "Send overdue reminders, yellow cards and notices (in-app; e-mail when TONGXIN_EMAIL_HOST is set)."

    def add_arguments(self, parser):
        parser.add_argument("--date", help="act as if today were this date (YYYY-MM-DD)")

    def handle(self, *args, **options):
        today = None
        if options.get("date"):
            today = parse_date(options["date"])
            if today is None:
                raise CommandError("--date must be YYYY-MM-DD")
        with audit.context(source=AuditEntry.Source.COMMAND):
            sent = remind(today=today)
        self.stdout.write(
            f"remind: {sent['reminders']} escalations, {sent['notifications']} notifications, "
            f"{sent['emails']} e-mails"
        )
