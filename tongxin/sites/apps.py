from django.apps import AppConfig


class SitesConfig(AppConfig):
    name = "tongxin.sites"
    label = "sites"
    verbose_name = "阵地"
