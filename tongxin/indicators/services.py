"""Writes to indicators and reported values; a confirmation keeps its source and who confirmed."""

from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from tongxin.core import crud
from tongxin.core.text import normalize

from .models import Indicator, ReportedValue


def indicator_get_or_create(*, actor, name: str, unit: str) -> Indicator:
    name = normalize(name)
    found = Indicator.objects.filter(name=name).first()
    if found:
        return found
    return crud.create(actor=actor, instance=Indicator(name=name, unit=normalize(unit)))


def reported_value_confirm(
    *,
    actor,
    program,
    indicator: Indicator,
    value,
    unit: str,
    approx: str = "exact",
    region=None,
    period_start=None,
    period_end=None,
    source=None,
    source_start=None,
    source_end=None,
    source_quote: str = "",
    source_label: str = "",
) -> ReportedValue:
    """Record a value a user confirmed; `source` is the document it was read from, if any."""
    reported = ReportedValue(
        program=program,
        indicator=indicator,
        value=value,
        unit=normalize(unit),
        approx=approx,
        region=region,
        period_start=period_start,
        period_end=period_end,
        source_label=source_label or (str(source) if source is not None else ""),
        source_content_type=ContentType.objects.get_for_model(source) if source is not None else None,
        source_object_id=str(source.pk) if source is not None else "",
        source_start=source_start,
        source_end=source_end,
        source_quote=source_quote[:500],
        confirmed_by=actor if getattr(actor, "pk", None) else None,
        confirmed_at=timezone.now(),
    )
    return crud.create(actor=actor, instance=reported, action="indicators.confirmed")


def reported_value_update(
    *, actor, reported: ReportedValue, data: dict, expected_version=None
) -> ReportedValue:
    return crud.update(actor=actor, instance=reported, data=data, expected_version=expected_version)


def reported_value_delete(*, actor, reported: ReportedValue) -> ReportedValue:
    return crud.delete(actor=actor, instance=reported)
