"""The program page's 项目 section: money by domain and projects by region, as ECharts charts."""

from __future__ import annotations

from urllib.parse import urlencode

from django.urls import reverse

from tongxin.core import permissions

from . import selectors
from .models import Project


def _wan(value) -> float:
    """Floats only here, at the chart boundary, in 万元."""
    return round(float(value or 0) / 10000, 2)


def program_panel(request, program):
    qs = selectors.project_list(user=request.user, program=program)
    totals = selectors.rollup(qs)
    may_add = permissions.may_add(request.user, Project, program_id=program.pk)
    if not totals["count"] and not may_add:
        return None
    prefix = min((r.prefix for r in program.target_regions.all()), key=len, default="")
    ledger = reverse("ledger", args=["projects"])
    base = {"program": program.pk}
    domains = selectors.by_domain(qs)
    regions = selectors.by_region(qs, prefix)
    return {
        "program": program,
        "totals": totals,
        "ledger_url": f"{ledger}?{urlencode(base)}",
        "pivot_url": f"{reverse('ledger_pivot', args=['projects'])}?{urlencode({**base, 'rows': 'region', 'cols': 'domain', **({'region': prefix.ljust(6, '0')} if prefix and len(prefix) < 6 else {})})}",
        "charts": {
            "domains": {
                "labels": [d["domain__name_zh"] for d in domains],
                "committed": [_wan(d["committed"]) for d in domains],
                "disbursed": [_wan(d["disbursed"]) for d in domains],
                "in_kind": [_wan(d["in_kind"]) for d in domains],
                "links": [f"{ledger}?{urlencode({**base, 'domain': d['domain__code']})}" for d in domains],
            },
            "regions": {
                "labels": [r["name"] for r in regions],
                "counts": [r["n"] for r in regions],
                "links": [f"{ledger}?{urlencode({**base, 'region': r['code']})}" for r in regions],
            },
        },
    }
