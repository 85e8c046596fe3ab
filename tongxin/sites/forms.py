"""Forms only parse; the services check the rules (so page, API and import refuse the same things)."""

import datetime as dt

from django import forms
from django.utils import timezone

from tongxin.core.text import normalize
from tongxin.orgs.models import Organization
from tongxin.programs.models import Program
from tongxin.regions.cells import region as region_cell

from .models import Kind, Site, Status, Template, Tier

DATE = forms.DateInput(attrs={"type": "date"})


class SiteForm(forms.Form):
    name = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=Kind.choices)
    series = forms.CharField(label="系列", max_length=100, required=False, help_text="如 新阶层服务站")
    tier = forms.ChoiceField(label="级别", choices=Tier.choices)
    region = forms.CharField(label="所在地区", help_text="区划代码或名称,如 371302 或 兰山区")
    host = forms.ModelChoiceField(label="依托单位", queryset=Organization.objects.all())
    program = forms.ModelChoiceField(label="项目群", queryset=Program.objects.all(), required=False)
    designated_on = forms.DateField(label="挂牌日期", widget=DATE)
    address = forms.CharField(label="地址", max_length=200, required=False)
    note = forms.CharField(label="说明", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_region(self):
        try:
            found = region_cell(self.cleaned_data["region"])
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None
        if found is None:
            raise forms.ValidationError("请填写地区")
        return found

    def clean_name(self):
        return normalize(self.cleaned_data["name"])

    @classmethod
    def initial_of(cls, site: Site) -> dict:
        return {
            "name": site.name,
            "kind": site.kind,
            "series": site.series,
            "tier": site.tier,
            "region": site.region_id,
            "host": site.host_id,
            "program": site.program_id,
            "designated_on": site.designated_on,
            "address": site.address,
            "note": site.note,
        }


class StatusForm(forms.Form):
    status = forms.ChoiceField(label="改为", choices=Status.choices)
    on = forms.DateField(label="日期", required=False, widget=DATE)
    note = forms.CharField(label="说明", max_length=300, required=False)


class EvaluationForm(forms.Form):
    """One score field per template item, labelled with the item's maximum."""

    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
    evaluated_on = forms.DateField(label="评估日期", widget=DATE, required=False)
    evaluator = forms.CharField(label="评估单位/人", max_length=200, required=False)
    note = forms.CharField(label="评语", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    evidence = forms.FileField(label="佐证材料", required=False)

    def __init__(self, *args, template: Template, **kwargs):
        super().__init__(*args, **kwargs)
        self.template = template
        self.fields["year"].initial = timezone.localdate().year - 1
        self.fields["evaluated_on"].initial = dt.date.today
        for item in template.items.all():
            # No max_value here: the service refuses a score above the maximum with the item's name.
            self.fields[f"item_{item.pk}"] = forms.DecimalField(
                label=f"{item.name}(满分{item.max_score},权重{item.weight})",
                min_value=0,
                decimal_places=2,
                help_text=item.guidance,
            )

    def scores(self) -> dict:
        return {int(k[5:]): v for k, v in self.cleaned_data.items() if k.startswith("item_")}
