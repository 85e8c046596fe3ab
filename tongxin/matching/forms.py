from django import forms

from tongxin.domains.models import Domain

from .models import MatchSettings, NeedKind


class NeedForm(forms.Form):
    """Parses the add page; the view resolves names and codes, the service validates."""

    kind = forms.ChoiceField(label="类型", choices=NeedKind.choices)
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all(), to_field_name="code")
    title = forms.CharField(label="标题", max_length=120, required=False)
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    requester = forms.CharField(label="提出单位", required=False, help_text="全称、简称或统一社会信用代码")
    region = forms.CharField(
        label="所在地区", required=False, help_text="区划代码或名称;默认为提出单位所在地"
    )
    amount = forms.DecimalField(label="金额(元)", required=False, decimal_places=2)
    quantity = forms.IntegerField(label="数量", required=False, min_value=0)
    unit = forms.CharField(label="单位", required=False, max_length=20)
    partners_wanted = forms.IntegerField(label="所需伙伴数", initial=1)


class OfferForm(forms.Form):
    organization = forms.CharField(label="提供单位", help_text="全称、简称或统一社会信用代码")
    domain = forms.ModelChoiceField(label="领域", queryset=Domain.objects.all(), to_field_name="code")
    title = forms.CharField(label="标题", max_length=120, required=False)
    text = forms.CharField(label="内容", widget=forms.Textarea(attrs={"rows": 4}), required=False)
    capacity = forms.IntegerField(label="可帮扶对象数", initial=1)
    region = forms.CharField(label="所在地区", required=False, help_text="默认为提供单位所在地")
    regions = forms.CharField(label="愿意帮扶的地区", required=False, help_text="多个用顿号分隔;留空表示不限")


class SettingsForm(forms.ModelForm):
    class Meta:
        model = MatchSettings
        fields = [
            "weight_text",
            "weight_domain",
            "weight_distance",
            "weight_rule",
            "same_province",
            "east_west",
            "exclude_paired",
            "min_score",
            "top_k",
        ]

    def _post_clean(self):
        """The service validates once, for every input path."""


class ForbiddenForm(forms.Form):
    """A 禁止对接 entry: a need and an offer, or the two organizations; the view resolves them."""

    need = forms.CharField(label="需求", required=False, help_text="需求ID或编号")
    offer = forms.CharField(label="资源", required=False, help_text="资源ID或编号")
    need_org = forms.CharField(label="需求方单位", required=False, help_text="全称、简称或统一社会信用代码")
    offer_org = forms.CharField(label="资源方单位", required=False, help_text="全称、简称或统一社会信用代码")
    reason = forms.CharField(label="理由", required=False)
