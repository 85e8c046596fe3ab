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
