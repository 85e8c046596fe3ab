"""The program page's 阵地 section: sites by series (新阶层服务站132处 …) with links to the ledger."""

from urllib.parse import urlencode

from django.urls import reverse

from tongxin.core import permissions

from . import selectors
from .models import Site, Status


def program_panel(request, program):
    qs = selectors.site_list(user=request.user).filter(program_id__in=selectors.program_ids(program))
    live = qs.exclude(status=Status.WITHDRAWN)
    may_add = permissions.may_add(request.user, Site, program_id=program.pk)
    total = live.count()
    if not total and not may_add:
        return None
    ledger = reverse("ledger", args=["sites"])
    return {
        "total": total,
        "series": [
            (name, n, f"{ledger}?{urlencode({'program': program.pk, 'series': name})}")
            for name, n in selectors.by_series(live)
        ],
        "ledger_url": f"{ledger}?{urlencode({'program': program.pk})}",
        "evaluations_url": f"{reverse('ledger', args=['site_evaluations'])}?{urlencode({'program': program.pk})}",
        "may_add": may_add,
        "program": program,
    }
