"""Small 临沂 test data: a consultation of the 建言献策 campaign, and the public proposals services
that carry its outcomes through the chain consultation → proposal → task → closure → measure."""

import datetime as dt

from tongxin.core.permissions import SYSTEM
from tongxin.orgs.models import Organization
from tongxin.programs.models import Program
from tongxin.regions.models import Region

from .. import services
from ..models import Kind

D = dt.date


def campaign() -> Program:
    return Program.objects.get(short_name="建言献策")


def organizer() -> Organization:
    return Organization.objects.get(short_name="临沂市委统战部")


def activity(*, actor=SYSTEM, title="党外人士协商会(测试)", **data):
    return services.activity_create(
        actor=actor,
        title=title,
        kind=data.pop("kind", Kind.CONSULTATION),
        program=data.pop("program", None) or campaign(),
        organizer=data.pop("organizer", None) or organizer(),
        held_on=data.pop("held_on", D(2025, 3, 1)),
        region=Region.objects.get(code=data.pop("region", "371300")),
        **data,
    )
