from django import forms

from tongxin.domains.models import Domain
from tongxin.orgs.models import Organization


class AssignmentForm(forms.Form):
    """Parses the matrix's add-a-cell form; the service checks every rule."""

    organization = forms.ModelChoiceField(Organization.objects.all(), label="责任单位")
    region = forms.CharField(label="地域(代码或名称)", max_length=100)
    domain = forms.ModelChoiceField(Domain.objects.all(), label="领域", required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.TextInput)
