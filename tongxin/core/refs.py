"""Resolvers from API/import values to rows the user may see, raising LookupError with a message.

Models are named by label, so core imports no feature app; each app adds its own resolvers for
codes and names (regions.selectors.region_resolve, domains.selectors.domain_get).
"""

from django.apps import apps
from django.utils.translation import gettext as _

from . import permissions


def visible(model_label: str, user):
    """A resolver for a row the user can see, by id: the same 'not found' for missing and hidden."""
    model = apps.get_model(model_label)

    def resolve(pk):
        obj = permissions.scoped(user, permissions.VIEW, model.objects.all()).filter(pk=pk).first()
        if obj is None:
            raise LookupError(_("未找到%(m)s %(pk)s") % {"m": model._meta.verbose_name, "pk": pk})
        return obj

    return resolve


def visible_many(model_label: str, user):
    one = visible(model_label, user)
    return lambda values: [one(v) for v in values]
