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
    kinds = dict(
        qs.order_by().values_list("kind").annotate(n=Count("pk"))
    )
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
