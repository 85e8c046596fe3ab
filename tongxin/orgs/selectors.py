from django.db.models import Q, QuerySet

from tongxin.core import permissions
from tongxin.core.text import normalize

from .models import Organization


def organization_list(
    *, user, q: str = "", kind: str = "", parent: int | None = None, region: str = ""
) -> QuerySet:
    qs = permissions.scoped(
        user, permissions.VIEW, Organization.objects.select_related("home_region", "parent")
    )
    if q:
        term = normalize(q)
        qs = qs.filter(Q(name__contains=term) | Q(short_name__contains=term) | Q(credit_code=term.upper()))
    if kind:
        qs = qs.filter(kind=kind)
    if parent is not None:
        qs = qs.filter(parent_id=parent)
    if region:
        qs = qs.filter(permissions.prefix_q("home_region_id", region))
    return qs.order_by("path")


def organization_subtree(org: Organization) -> QuerySet:
    return Organization.objects.filter(permissions.prefix_q("path", org.path))


def organization_resolve(value: str) -> list[Organization]:
    """By credit code or exact name (full or short); every match, so callers never guess."""
    term = normalize(value)
    if len(term) == 18 and term.isalnum():
        found = list(Organization.objects.filter(credit_code=term.upper()))
        if found:
            return found
    return list(Organization.objects.filter(Q(name=term) | Q(short_name=term)))
