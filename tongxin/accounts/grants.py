"""The grants reader core.permissions calls (named in settings.TONGXIN_GRANTS_READER)."""

from tongxin.core.permissions import Grant as ScopeGrant
from tongxin.core.permissions import Role

from .models import Grant


def grants_for(user) -> list[ScopeGrant]:
    found = [ScopeGrant(Role.ADMIN)] if user.is_superuser else []
    for g in Grant.objects.filter(user=user).select_related("organization", "region"):
        found.append(
            ScopeGrant(
                role=g.role,
                program_id=g.program_id,
                org_path=g.organization.path if g.organization_id else None,
                region_prefix=g.region.prefix if g.region_id else None,
            )
        )
    return found
