from django.apps import AppConfig


class InvestmentsConfig(AppConfig):
    name = "tongxin.investments"
    label = "investments"
    verbose_name = "招商签约"
