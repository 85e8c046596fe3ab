from django.apps import AppConfig


class PairingsConfig(AppConfig):
    name = "tongxin.pairings"
    label = "pairings"
    verbose_name = "结对"
