"""The program page's 招商签约 section: the contract funnel 意向 → 签约 → 履约 → 投产."""

from urllib.parse import urlencode

from django.urls import reverse

from tongxin.core import permissions

from . import selectors
from .models import Investment

# The ledger filter that selects exactly the contracts counted at each funnel stage.
STAGE_FILTER = {
    "intended": {},
    "signed": {"period": "1900-01-01.."},
    "performing": {"period": "1900-01-01..", "state": "performing,started,producing"},
    "producing": {"state": "producing"},
}


def program_panel(request, program):
    from tongxin.projects.selectors import program_ids

    qs = selectors.investment_list(user=request.user).filter(program_id__in=program_ids(program))
    summary = selectors.fulfilment(qs)
    may_add = permissions.may_add(request.user, Investment, program_id=program.pk)
    if not qs.exists() and not may_add:
        return None
    ledger = reverse("ledger", args=["investments"])
    funnel = selectors.funnel(qs)
    return {
        "summary": summary,
        "ledger_url": f"{ledger}?{urlencode({'program': program.pk})}",
        "funnel": {
            "stages": [{"name": label, "value": n} for _key, label, n in funnel],
            "links": [
                f"{ledger}?{urlencode({'program': program.pk, **STAGE_FILTER[key]})}" for key, *_ in funnel
            ],
        },
    }
