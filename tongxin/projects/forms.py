from django import forms
from django.utils.translation import gettext_lazy as _

from tongxin.domains.models import Domain

from .models import Kind, Status


class ProjectForm(forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=200)
    code = forms.CharField(label=_("编号"), max_length=64, required=False)
    kind = forms.ChoiceField(label=_("类型"), choices=Kind.choices)
    region = forms.CharField(label=_("地点(区划代码或地名)"), max_length=100)
    domain = forms.ModelChoiceField(label=_("领域"), queryset=Domain.objects.all())
    start_date = forms.DateField(
        label=_("开始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    end_date = forms.DateField(
        label=_("完成日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    committed = forms.DecimalField(label=_("计划投入(元)"), min_value=0, decimal_places=2, max_digits=16)
    disbursed = forms.DecimalField(label=_("资金到位(元)"), min_value=0, decimal_places=2, max_digits=16)
    in_kind = forms.DecimalField(label=_("物资折价(元)"), min_value=0, decimal_places=2, max_digits=16)
    beneficiaries = forms.IntegerField(label=_("受益人数"), min_value=0, required=False)
    beneficiary_times = forms.IntegerField(label=_("受益人次"), min_value=0, required=False)
    description = forms.CharField(label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class TransitionForm(forms.Form):
    status = forms.ChoiceField(label=_("改为"), choices=Status.choices)
    on = forms.DateField(label=_("日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class OutcomeForm(forms.Form):
    name = forms.CharField(label=_("指标"), max_length=200)
    unit = forms.CharField(label=_("单位"), max_length=30, required=False)
    baseline = forms.DecimalField(label=_("基线值"), required=False)
    target = forms.DecimalField(label=_("目标值"), required=False)
    actual = forms.DecimalField(label=_("实际值"), required=False)
    as_of = forms.DateField(
        label=_("截至日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class EvidenceForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    file = forms.FileField(label=_("文件"))
