from django.core.management.base import BaseCommand

from tongxin.regions.loader import SOURCE_TABLE, load_regions


class Command(BaseCommand):
    help = "Load the national region table (民政部 2025-12-31); idempotent."

    def add_arguments(self, parser):
        parser.add_argument(
            "--province", action="append", default=[], help="two-digit province prefix (e.g. 52); repeatable"
        )

    def handle(self, *args, **options):
        result = load_regions(provinces=tuple(options["province"]))
        counts = ", ".join(f"{level}={n}" for level, n in result.counts.items())
        self.stdout.write(
            f"regions: {SOURCE_TABLE} loaded ({counts}); {result.created} new rows in {result.seconds:.1f} s"
        )
