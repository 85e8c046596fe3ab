"""Import cell parsers and filter resolvers for organizations."""

from .models import Organization
from .selectors import organization_resolve


def organization(value):
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    found = organization_resolve(text)
    if not found:
        raise ValueError(f"未找到组织“{text}”(按统一社会信用代码或全称、简称查找)")
    if len(found) > 1:
        raise ValueError(
            f"“{text}”对应{len(found)}个组织:{'、'.join(o.name for o in found[:5])},请用统一社会信用代码"
        )
    return found[0]


def organization_prefix(raw: str) -> tuple[str, str]:
    """For ledger filters: an id, credit code or name → (subtree path, label), sub-units included."""
    org = Organization.objects.filter(pk=int(raw)).first() if raw.isdigit() else organization(raw)
    if org is None:
        raise ValueError(f"未找到组织“{raw}”")
    return org.path, org.name
