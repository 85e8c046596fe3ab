from django import forms

from tongxin.domains.models import Domain
from tongxin.orgs.models import Organization


class AssignmentForm(forms.Form):
    """Parses the matrix's add-a-cell form; the service checks every rule."""

    organization = forms.ModelChoiceField(Organization.objects.all(), label="责任单位")
    region = forms.CharField(label="地域(代码或名称)", max_length=100)
    domain = forms.ModelChoiceField(Domain.objects.all(), label="领域", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.TextInput)


ALLOWED_DOCUMENTS = (".pdf", ".doc", ".docx", ".ofd", ".jpg", ".jpeg", ".png", ".xlsx", ".xls")
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


class AgreementForm(forms.Form):
    title = forms.CharField(label="标题", max_length=200)
    signed_on = forms.DateField(
        label="签署日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    document = forms.FileField(label="文件(PDF、Word、OFD或图片)", required=False)

    def clean_document(self):
        document = self.cleaned_data.get("document")
        if document is None:
            return None
        if not document.name.lower().endswith(ALLOWED_DOCUMENTS):
            raise forms.ValidationError(f"不支持该文件类型,可上传:{'、'.join(ALLOWED_DOCUMENTS)}")
        if document.size > MAX_DOCUMENT_BYTES:
            raise forms.ValidationError("文件超过20MB上限")
        return document
