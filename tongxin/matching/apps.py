from django.apps import AppConfig


class MatchingConfig(AppConfig):
    name = "tongxin.matching"
    label = "matching"
    verbose_name = "对接"
