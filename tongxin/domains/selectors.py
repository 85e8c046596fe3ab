from django.db.models import Q

from tongxin.core.text import normalize

from .models import Domain


def domain_resolve(value: str) -> Domain | None:
    """By code, Chinese or English name, as an import cell or API payload may give it."""
    term = normalize(value)
    return Domain.objects.filter(Q(code=term) | Q(name_zh=term) | Q(name_en__iexact=term)).first()


def domain_get(value: str) -> Domain:
    found = domain_resolve(value)
    if found is None:
        raise LookupError(
            f"未知领域“{value}”,可用:{'、'.join(Domain.objects.values_list('name_zh', flat=True))}"
        )
    return found


def domains_get(values: list[str]) -> list[Domain]:
    return [domain_get(v) for v in values]
