from django import forms
from django.utils.translation import gettext as _

from tongxin.core.errors import Invalid
from tongxin.indicators.models import Approx


class UploadForm(forms.Form):
    program = forms.ChoiceField(label="项目群")
    title = forms.CharField(label="标题", max_length=200, required=False)
    file = forms.FileField(label="文件(txt、docx)", required=False)
    text = forms.CharField(label="或粘贴文本", widget=forms.Textarea(attrs={"rows": 8}), required=False)

    def __init__(self, *args, programs=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["program"].choices = [(p.pk, p.name) for p in programs]

    def clean(self):
        from .services import check_size

        data = super().clean()
        upload = data.get("file")
        if upload is not None and not upload.name.lower().endswith((".txt", ".docx", ".text", ".md")):
            self.add_error("file", _("只支持 txt 或 docx 文件。"))
        elif upload is not None:
            try:
                check_size(upload.size, field="file")  # before the view reads it into memory
            except Invalid as exc:
                self.add_error("file", exc.message)
        if upload is None and not (data.get("text") or "").strip():
            raise forms.ValidationError(_("请上传文件或粘贴文本。"))
        return data


class ConfirmForm(forms.Form):
    indicator = forms.CharField(label="指标", max_length=100)
    value = forms.DecimalField(label="数值", max_digits=24, decimal_places=4, min_value=0)
    unit = forms.CharField(label="单位", max_length=20)
    approx = forms.ChoiceField(label="约数", choices=Approx.choices)
    region = forms.CharField(label="地区(代码或名称)", max_length=100, required=False)
    period_start = forms.DateField(
        label="期间起", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    period_end = forms.DateField(
        label="期间止", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
