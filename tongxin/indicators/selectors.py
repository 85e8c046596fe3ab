from tongxin.core import permissions

from .models import ReportedValue


def reported_value_list(*, user, program=None, indicator=None):
    qs = permissions.scoped(
        user,
        permissions.VIEW,
        ReportedValue.objects.select_related("indicator", "region", "confirmed_by", "program"),
    )
    if program is not None:
        qs = qs.filter(program_id__in=[program.pk, *program.children.values_list("pk", flat=True)])
    if indicator is not None:
        qs = qs.filter(indicator=indicator)
    return qs
