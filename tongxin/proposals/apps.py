from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "tongxin.proposals"
    label = "proposals"
    verbose_name = "建言献策"
