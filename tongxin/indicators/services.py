"""Writes to indicators and reported values; a confirmation keeps its source and who confirmed."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import crud, permissions
from tongxin.core.errors import Invalid
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


# What a user may correct after confirming; the source (document, offset, quote) and who
# confirmed it stay as they were, and the audit trail holds every correction.
EDITABLE = ("indicator", "value", "unit", "approx", "region", "period_start", "period_end")


def reported_value_update(
    *, actor, reported: ReportedValue, data: dict, expected_version=None
) -> ReportedValue:
    """Correct a confirmed value; `data` may name an indicator by its name (created if new)."""
    unknown = set(data) - set(EDITABLE)
    if unknown:
        names = ", ".join(sorted(unknown))
        raise Invalid(
            _("这些字段不能修改:%(f)s(出处与确认人保持不变)。") % {"f": names},
            fields={k: [_("不能修改")] for k in sorted(unknown)},
        )
    data = dict(data)
    if "unit" in data:
        data["unit"] = normalize(data["unit"] or "")
    with transaction.atomic():
        permissions.require(actor, permissions.CHANGE, reported)  # before a new indicator is created
        if isinstance(data.get("indicator"), str):
            name = normalize(data["indicator"]).strip()
            if not name:
                raise Invalid(_("指标名称不能为空。"), fields={"indicator": [_("必填")]})
            data["indicator"] = indicator_get_or_create(
                actor=actor, name=name, unit=data.get("unit") or reported.unit
            )
        return crud.update(
            actor=actor,
            instance=reported,
            data=data,
            action="indicators.updated",
            expected_version=expected_version,
        )


def reported_value_delete(*, actor, reported: ReportedValue) -> ReportedValue:
    """Soft delete: the value leaves pages and figures, keeps its provenance, and can be restored."""
    return crud.delete(actor=actor, instance=reported, action="indicators.deleted")
