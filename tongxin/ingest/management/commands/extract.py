"""``tongxin extract FILE... --out DIR``: the figure extractor as a management command."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from tongxin.ingest.engine import UnsupportedInput, cli


def describe(path, exc: Exception) -> str:
    """A refused file, named, with the reason in the interface language (as the upload page says it)."""
    from tongxin.ingest.services import refusal_message

    if isinstance(exc, UnsupportedInput):
        reason = refusal_message(exc)
    else:
        reason = getattr(exc, "strerror", None) or str(exc)
    return _("%(file)s: 已拒绝,未写出预测文件:%(reason)s") % {"file": path, "reason": reason}


class Command(BaseCommand):
    help = "Extract numeric facts from articles (.txt in UTF-8/GBK, .docx) into NAME.pred.jsonl files."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", metavar="FILE")
        parser.add_argument("--out", required=True, metavar="DIR")
        parser.add_argument(
            "--with-optional", action="store_true", help="also write facts the spec leaves optional"
        )

    def handle(self, *args, **options):
        argv = [*options["files"], "--out", options["out"]]
        if options["with_optional"]:
            argv.append("--with-optional")
        if cli.main(argv, stdout=self.stdout, stderr=self.stderr, describe=describe) != 0:
            raise CommandError(_("有文件被拒绝,未全部读取(见上)。"))
