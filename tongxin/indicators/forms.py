from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Approx


class ReportedValueForm(forms.Form):
    """Correcting a confirmed value: what it measures and how much, never where it came from."""

    indicator = forms.CharField(label=_("指标"), max_length=100)
    value = forms.DecimalField(label=_("数值"), max_digits=20, decimal_places=4, min_value=0)
    unit = forms.CharField(label=_("单位"), max_length=20)
    approx = forms.ChoiceField(label=_("约数"), choices=Approx.choices)
    region = forms.CharField(label=_("地区(代码或名称)"), max_length=100, required=False)
    period_start = forms.DateField(
        label=_("期间起"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label=_("期间止"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    @classmethod
    def initial_of(cls, reported) -> dict:
        return {
            "indicator": reported.indicator.name,
            "value": reported.value.normalize(),
            "unit": reported.unit,
            "approx": reported.approx,
            "region": reported.region_id or "",
            "period_start": reported.period_start,
            "period_end": reported.period_end,
        }
