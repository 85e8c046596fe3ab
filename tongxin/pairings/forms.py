from django import forms

from .models import Kind, Status


class PairingForm(forms.Form):
    """Parses the add page; references are resolved by the view, rules live in the service."""

    kind = forms.ChoiceField(label="结对类型", choices=Kind.choices)
    helpers = forms.CharField(label="帮扶方", help_text="多个用顿号分隔;全称、简称或统一社会信用代码")
    target_org = forms.CharField(label="结对对象(组织)", required=False)
    target_region = forms.CharField(label="结对对象(地区)", required=False, help_text="区划代码或名称")
    status = forms.ChoiceField(label="状态", choices=Status.choices, initial=Status.PROPOSED)
    signed_on = forms.DateField(
        label="签约日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    start_date = forms.DateField(
        label="开始日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    responsibilities = forms.CharField(
        label="帮扶责任", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    ref = forms.CharField(label="编号", required=False, max_length=60)


class CoverageForm(forms.Form):
    region = forms.CharField(label="地区", help_text="区划代码或名称")
    target = forms.ChoiceField(label="结对对象类型")

    def __init__(self, *args, **kwargs):
        from .selectors import TARGET_KINDS

        super().__init__(*args, **kwargs)
        self.fields["target"].choices = [(k, v[1]) for k, v in TARGET_KINDS.items()]
