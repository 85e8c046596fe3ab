"""Page forms: they parse only; references are resolved by the view, rules live in the services."""

from django import forms

from .models import Channel, Kind, Level, StepKind

DATE = forms.DateInput(attrs={"type": "date"})


ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024


class ProposalForm(forms.Form):
    title = forms.CharField(label="标题", max_length=300)
    kind = forms.ChoiceField(label="类型", choices=Kind.choices)
    channel = forms.ChoiceField(label="报送渠道", choices=Channel.choices, initial=Channel.REGULAR)
    submitters = forms.CharField(label="提交单位", help_text="多个用顿号分隔;全称、简称或统一社会信用代码")
    authors = forms.CharField(
        label="执笔人",
        required=False,
        help_text="提交单位的联系人,多个用顿号分隔;重名时写“姓名(单位)”",
    )
    submitted_on = forms.DateField(label="提交日期", widget=DATE)
    domains = forms.CharField(label="领域", required=False, help_text="多个用顿号分隔")
    place = forms.CharField(label="涉及地区", required=False, help_text="区划代码或名称")
    text = forms.CharField(label="内容", required=False, widget=forms.Textarea(attrs={"rows": 5}))
    ref = forms.CharField(label="编号", required=False, max_length=60)
    attachment = forms.FileField(label="附件", required=False, help_text="调研报告全文等,20MB以内")

    def clean_attachment(self):
        upload = self.cleaned_data.get("attachment")
        if upload and upload.size > ATTACHMENT_MAX_BYTES:
            raise forms.ValidationError(f"附件超过{ATTACHMENT_MAX_BYTES // 1024 // 1024}MB上限。")
        return upload


class StepForm(forms.Form):
    """One form for every rung; the fields a rung does not use stay empty."""

    kind = forms.ChoiceField(
        label="环节", choices=[c for c in StepKind.choices if c[0] != StepKind.SUBMITTED]
    )
    on = forms.DateField(label="日期", widget=DATE)
    body = forms.CharField(label="单位", required=False, help_text="采用、批示、报送的单位;转化的出台单位")
    level = forms.ChoiceField(label="层级", required=False, choices=[("", "—"), *Level.choices])
    person = forms.CharField(label="领导或处室", required=False)
    text = forms.CharField(
        label="内容 / 批示 / 反馈 / 办理措施", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lead = forms.CharField(label="牵头单位", required=False, help_text="交办时必填")
    assisting = forms.CharField(label="协办单位", required=False, help_text="多个用顿号分隔")
    due = forms.DateField(label="反馈期限", required=False, widget=DATE, help_text="留空则为15个工作日")
    title = forms.CharField(label="举措名称", required=False, help_text="转化时必填")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ExtensionForm(forms.Form):
    new_due = forms.DateField(label="申请期限", widget=DATE)
    reason = forms.CharField(label="延期理由", widget=forms.Textarea(attrs={"rows": 2}))
