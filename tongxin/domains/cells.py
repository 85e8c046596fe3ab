"""Import cell parsers for the domain vocabulary."""

import re

from .selectors import domain_get


def domain(value):
    text = "" if value is None else str(value).strip()
    if not text:
        return None
    try:
        return domain_get(text)
    except LookupError as exc:
        raise ValueError(str(exc)) from None


def domains(value) -> list:
    text = "" if value is None else str(value)
    return [domain(part) for part in re.split(r"[,,、;;/\s]+", text) if part.strip()]
