"""The program page's 活动 section: activities by kind with person-times, and how many outcomes were done."""

from urllib.parse import urlencode

from django.db.models import Count, Sum
from django.urls import reverse

from tongxin.core import permissions

from . import selectors
from .models import Activity, Kind


def program_panel(request, program):
    qs = selectors.activity_list(user=request.user).filter(program_id__in=selectors.program_ids(program))
    may_add = permissions.may_add(request.user, Activity, program_id=program.pk)
    totals = qs.order_by().aggregate(n=Count("pk"), person_times=Sum("person_times"))
    if not totals["n"] and not may_add:
        return None
    ledger = reverse("ledger", args=["activities"])
    kinds = dict(qs.order_by().values_list("kind").annotate(n=Count("pk")))
    return {
        "program": program,
        "count": totals["n"],
        "person_times": totals["person_times"] or 0,
        "kinds": [
            (str(k.label), kinds[k.value], f"{ledger}?{urlencode({'program': program.pk, 'kind': k.value})}")
            for k in Kind
            if kinds.get(k.value)
        ],
        "ledger_url": f"{ledger}?{urlencode({'program': program.pk})}",
        "may_add": may_add,
    }


# The record pages that may show where a record came from. A page shows the section once its view
# passes `panels.render_all(<page>, request, obj)` to its template (the program page already does).
RECORD_PAGES = ("proposal", "measure", "project", "investment", "pairing", "need", "offer", "site")


def record_panel(request, obj):
    """来自活动: the consultations (and other activities) a record came out of, nearest first;
    hidden when there are none the user may see."""
    found = selectors.trace(obj, user=request.user)
    if not found:
        return None
    return {"activities": found}
