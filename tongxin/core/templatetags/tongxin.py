from django import template
from django.urls import reverse

from tongxin.core.permissions import Can

register = template.Library()


@register.simple_tag(takes_context=True)
def can(context, obj):
    """`{% can obj as perms %}{% if perms.change %}…`: templates ask the policy, never the role."""
    return Can(context["request"].user, obj)


@register.simple_tag
def history_url(obj):
    return reverse("history", args=[obj._meta.label, obj.pk])


@register.simple_tag
def figure(value, unit: str) -> str:
    """A program figure as reports print it: money in 万元/亿元, rates with %, counts with separators."""
    from decimal import Decimal

    from tongxin.core.money import wan

    if value is None:
        return "—"
    if unit == "元":
        return f"{wan(value)}元"
    if unit == "%":
        return f"{value}%"
    if isinstance(value, int | Decimal):
        return f"{value:,}{unit}"
    return f"{value}{unit}"


@register.filter
def action_label(name: str) -> str:
    from tongxin.core.audit import ACTIONS

    return ACTIONS.get(name, name)
