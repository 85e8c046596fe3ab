"""Import cell parsers for regions."""

from .selectors import RegionNotFound, region_resolve


def region(value):
    text = "" if value is None else str(value).strip()
    if isinstance(value, float) and value.is_integer():
        text = str(int(value))
    if not text:
        return None
    try:
        return region_resolve(text)
    except RegionNotFound as exc:
        raise ValueError(str(exc)) from None


def region_prefix(raw: str) -> tuple[str, str]:
    """For ledger filters: a code or an unambiguous name → (code prefix, label)."""
    found = region(raw)
    if found is None:
        raise ValueError("请填写地区")
    return found.prefix, found.name
