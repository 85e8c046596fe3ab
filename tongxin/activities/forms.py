"""Forms only parse; the services check the rules."""

from django import forms

from tongxin.core.text import normalize
from tongxin.orgs.models import Organization
from tongxin.programs.models import Program
from tongxin.regions.cells import region as region_cell

from .models import Activity, Kind

DATE = forms.DateInput(attrs={"type": "date"})

# What an activity's outcome may point at, offered in the link form (others via the API).
LINKABLE = [
    ("proposals.Proposal", "建言献策"),
    ("proposals.Task", "交办事项"),
    ("proposals.Measure", "工作举措"),
    ("projects.Project", "项目"),
    ("matching.Need", "需求"),
    ("investments.Investment", "招商签约项目"),
    ("pairings.Pairing", "结对"),
    ("sites.Site", "阵地"),
]


class ActivityForm(forms.Form):
    title = forms.CharField(label="名称", max_length=200)
    kind = forms.ChoiceField(label="类型", choices=Kind.choices)
    program = forms.ModelChoiceField(label="项目群", queryset=Program.objects.all())
    organizer = forms.ModelChoiceField(label="主办单位", queryset=Organization.objects.all())
    held_on = forms.DateField(label="日期", widget=DATE)
    ends_on = forms.DateField(label="结束日期", widget=DATE, required=False)
    region = forms.CharField(label="地点(地区)", required=False, help_text="区划代码或名称")
    venue = forms.CharField(label="场所", max_length=200, required=False)
    participants = forms.IntegerField(label="参加人数", min_value=0, required=False)
    person_times = forms.IntegerField(label="参加人次", min_value=0, required=False)
    topics = forms.CharField(label="议题/主题", widget=forms.Textarea(attrs={"rows": 2}), required=False)
    outcome = forms.CharField(label="成果记录", widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def clean_region(self):
        raw = self.cleaned_data.get("region")
        if not raw:
            return None
        try:
            return region_cell(raw)
        except ValueError as exc:
            raise forms.ValidationError(str(exc)) from None

    def clean_title(self):
        return normalize(self.cleaned_data["title"])

    def data_for_service(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("participants", "person_times"):
            data[name] = data.get(name) or 0
        return data

    @staticmethod
    def initial_of(activity: Activity) -> dict:
        return {
            "title": activity.title,
            "kind": activity.kind,
            "program": activity.program_id,
            "organizer": activity.organizer_id,
            "held_on": activity.held_on,
            "ends_on": activity.ends_on,
            "region": activity.region_id or "",
            "venue": activity.venue,
            "participants": activity.participants,
            "person_times": activity.person_times,
            "topics": activity.topics,
            "outcome": activity.outcome,
        }


class OutcomeForm(forms.Form):
    model = forms.ChoiceField(label="成果类型", choices=LINKABLE)
    object_id = forms.IntegerField(label="记录编号(ID)", min_value=1)
    note = forms.CharField(label="说明", max_length=300, required=False)
