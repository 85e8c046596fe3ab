from django.apps import AppConfig


class IngestConfig(AppConfig):
    name = "tongxin.ingest"
    label = "ingest"
    verbose_name = "数据提取"
