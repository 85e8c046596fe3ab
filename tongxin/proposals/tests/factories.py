"""Small 临沂 test data: the departments, the two acting users, a proposal."""

import datetime as dt

from tongxin.core.permissions import SYSTEM
from tongxin.programs.models import Program

from .. import people, services
from ..models import Kind


def linyi():
    return Program.objects.get(short_name="建言献策")


def proposal(*, actor=SYSTEM, on=dt.date(2025, 3, 3), title="关于优化民营企业融资环境的建议", **data):
    return services.proposal_create(
        actor=actor,
        program=data.pop("program", None) or linyi(),
        title=title,
        kind=data.pop("kind", Kind.SUGGESTION),
        submitted_on=on,
        submitters=data.pop("submitters", None) or people.submitters()[:1],
        **data,
    )
