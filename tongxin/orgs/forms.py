from django import forms

from .models import Organization


class OrganizationForm(forms.ModelForm):
    """Parses the edit page; rules live in the model and the service."""

    home_region_code = forms.CharField(label="所在地区(代码或名称)", required=False, max_length=100)

    class Meta:
        model = Organization
        fields = [
            "name",
            "short_name",
            "kind",
            "parent",
            "credit_code",
            "domains",
            "website",
            "description",
            "published",
        ]
        widgets = {"domains": forms.CheckboxSelectMultiple, "description": forms.Textarea(attrs={"rows": 4})}

    def _post_clean(self):
        """Skip ModelForm's own model validation: the service validates once, for every input path."""
