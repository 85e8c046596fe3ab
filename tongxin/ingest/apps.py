from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "tongxin.ingest"
    label = "ingest"
    verbose_name = "数据提取"

    def ready(self):
        from tongxin.core import audit, permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Policy, Role

        from .models import Document, Fact

        coordinators = frozenset({Role.COORDINATOR})
        permissions.register(
            Document,
            Policy(
                program=("program_id",), roles={ADD: coordinators, CHANGE: coordinators, DELETE: coordinators}
            ),
        )
        permissions.register(
            Fact,
            Policy(
                program=("document__program_id",),
                roles={ADD: coordinators, CHANGE: coordinators, DELETE: frozenset()},
            ),
        )
        audit.register("ingest.uploaded", "上传文档并提取数字")
        audit.register("ingest.confirmed", "确认数字")
        audit.register("ingest.rejected", "否决数字")
