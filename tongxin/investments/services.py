"""Writes to investment contracts: create, update and state transitions, all audited.

A state change checks the lifecycle table beside the model, stamps the state's own date column
(signed_on, producing_on …) and appends a StateChange row, in one transaction with the audit entry.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit, crud
from tongxin.core.errors import Conflict, Invalid
from tongxin.core.text import normalize

from .models import DATE_FIELD, TRANSITIONS, Investment, State, StateChange

FIELDS = (
    "code",
    "title",
    "investor",
    "region",
    "program",
    "event",
    "domain",
    "amount",
    "note",
    "is_demo",
    *DATE_FIELD.values(),
)


def _reject_unknown(data: dict) -> None:
    unknown = set(data) - set(FIELDS)
    if unknown:
        raise Invalid(
            _("未知字段:%(f)s") % {"f": ", ".join(sorted(unknown))},
            fields={f: [_("未知字段")] for f in unknown},
        )


def _normalized(data: dict) -> dict:
    return {
        k: normalize(v) if k in ("title", "code", "event") and isinstance(v, str) else v
        for k, v in data.items()
    }


def _check(investment: Investment) -> None:
    if investment.code:
        other = Investment.objects.filter(code=investment.code).exclude(pk=investment.pk).first()
        if other:
            raise Invalid(
                _("编号 %(c)s 已被“%(t)s”使用。") % {"c": investment.code, "t": other.title},
                fields={"code": [_("已被“%(t)s”使用") % {"t": other.title}]},
            )


def _stamp(actor, investment: Investment, from_state: str, on: dt.date, note: str = "") -> None:
    real = actor if getattr(actor, "pk", None) else None
    StateChange.objects.create(
        investment=investment,
        from_state=from_state,
        to_state=investment.state,
        on=on,
        note=note,
        actor=real,
        actor_label=real.get_username() if real else "system",
    )


def investment_create(
    *, actor, title: str, investor, region, state: str = State.INTENDED, on: dt.date | None = None, **data
) -> Investment:
    """A contract recorded in any state (an existing ledger); the state's date is stamped when missing.
    StateChange rows record the changes after that."""
    _reject_unknown(data)
    if state not in State.values:
        raise Invalid(_("未知状态“%(s)s”") % {"s": state}, fields={"state": [_("未知")]})
    investment = Investment(title=title, investor=investor, region=region, state=state, **_normalized(data))
    investment.title = normalize(investment.title)
    date_field = DATE_FIELD[state]
    if not getattr(investment, date_field):
        setattr(investment, date_field, on or timezone.localdate())
    return crud.create(actor=actor, instance=investment, check=_check)


def investment_update(*, actor, investment: Investment, data: dict, expected_version=None) -> Investment:
    data = dict(data)
    state = data.pop("state", None)
    on = data.pop("state_on", None)
    _reject_unknown(data)
    with transaction.atomic():
        try:
            crud.update(
                actor=actor,
                instance=investment,
                data=_normalized(data),
                expected_version=expected_version,
                check=_check,
            )
        except Conflict as exc:
            last = audit.history(investment).first()
            shown = [f"{k}:{a} → {b}" for k, (a, b) in (last.changes.items() if last else [])]
            raise Conflict(exc.message + ";".join(shown), fields={**exc.fields, "changes": shown}) from None
        if state and state != investment.state:
            investment_transition(actor=actor, investment=investment, to=state, on=on)
    return investment


def investment_transition(
    *,
    actor,
    investment: Investment,
    to: str,
    on: dt.date | None = None,
    note: str = "",
    expected_version=None,
) -> Investment:
    if to not in State.values:
        raise Invalid(_("未知状态“%(s)s”") % {"s": to}, fields={"state": [_("未知")]})
    allowed = TRANSITIONS[investment.state]
    if to not in allowed:
        names = "、".join(str(State(s).label) for s in allowed) or _("无")
        raise Invalid(
            _("“%(t)s”当前为%(a)s,不能改为%(b)s(可改为:%(n)s)。")
            % {"t": investment.title, "a": investment.get_state_display(), "b": State(to).label, "n": names},
            fields={"state": [_("不允许的状态变更")]},
        )
    on = on or timezone.localdate()
    from_state = investment.state
    with transaction.atomic():
        crud.update(
            actor=actor,
            instance=investment,
            data={"state": to, DATE_FIELD[to]: on},
            action="investments.transition",
            expected_version=expected_version,
        )
        _stamp(actor, investment, from_state, on, note)
    return investment


def investment_delete(*, actor, investment: Investment) -> Investment:
    return crud.delete(actor=actor, instance=investment)
