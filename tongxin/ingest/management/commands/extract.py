"""``tongxin extract FILE... --out DIR``: the figure extractor as a management command."""

from django.core.management.base import BaseCommand, CommandError

from tongxin.ingest.engine import cli


class Command(BaseCommand):
    help = "Extract numeric facts from articles (.txt in UTF-8/GBK, .docx) into NAME.pred.jsonl files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--out", required=True, metavar="DIR")
        parser.add_argument("--with-optional", action="store_true",
                            help="also write facts the spec leaves optional")

    def handle(self, *args, **options):
        argv = [*options["files"], "--out", options["out"]]
        if options["with_optional"]:
            argv.append("--with-optional")
        if cli.main(argv, stdout=self.stdout, stderr=self.stderr) != 0:
            raise CommandError("some files could not be read")
