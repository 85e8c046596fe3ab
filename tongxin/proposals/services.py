"""Writes to proposals: create and edit, and every rung of the ladder as one audited step.

Each step locks the proposal row, checks the `version` the user saw (so two people recording steps
at once never silently overwrite each other), refuses steps out of order or dated before the
submission, writes the step, lifts `stage`, and records the audit entry, all in one transaction.
Supervision (claims, extensions, reminders) lives in `supervision.py`.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit, crud, permissions
from tongxin.core.errors import Conflict, Invalid
from tongxin.core.text import normalize

from . import workdays
from .models import RANK, REQUIRES, Level, Measure, Proposal, Step, StepKind, Task

FIELDS = ("program", "ref", "title", "kind", "channel", "place", "submitted_on", "text", "attachment")
CLAIM_WORKDAYS = 3
REPLY_WORKDAYS = 15
PLAIN_STEPS = (StepKind.FORWARDED, StepKind.ADOPTED, StepKind.INSTRUCTED)


def _reject_unknown(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise Invalid(
            _("未知字段:%(f)s") % {"f": ", ".join(sorted(unknown))},
            fields={f: [_("未知字段")] for f in unknown},
        )


def _clean(data: dict) -> dict:
    return {
        k: normalize(v) if isinstance(v, str) and k in ("title", "text", "ref") else v
        for k, v in data.items()
    }


def _check_people(submitters, authors):
    def check(proposal: Proposal) -> None:
        if not submitters:
            raise Invalid(_("请至少填写一个提交单位。"), fields={"submitters": [_("必填")]})
        paths = [o.path for o in submitters]
        for contact in authors:
            org_path = contact.organization.path
            if not any(org_path.startswith(p) for p in paths):
                raise Invalid(
                    _("执笔人“%(c)s”不属于提交单位。") % {"c": contact},
                    fields={"authors": [_("不属于提交单位")]},
                )
        first = proposal.steps.order_by("on").first() if proposal.pk else None
        if first and proposal.submitted_on and first.on < proposal.submitted_on:
            raise Invalid(
                _("提交日期不能晚于已有环节(%(s)s)。") % {"s": first},
                fields={"submitted_on": [_("晚于已有环节")]},
            )

    return check


def proposal_create(*, actor, submitters, authors=(), domains=(), **data) -> Proposal:
    """A new proposal and its 'submitted' step (dated the submission, by the first submitter)."""
    _reject_unknown(data, FIELDS)
    submitters, authors = list(submitters), list(authors)
    proposal = Proposal(**_clean(data))

    def first_step(p: Proposal) -> None:
        Step.objects.create(
            proposal=p,
            kind=StepKind.SUBMITTED,
            on=p.submitted_on,
            body=submitters[0].name if submitters else "",
            body_org=submitters[0] if submitters else None,
        )

    return crud.create(
        actor=actor,
        instance=proposal,
        m2m={"submitters": submitters, "authors": authors, "domains": list(domains)},
        check=_check_people(submitters, authors),
        after_save=first_step,
    )


def proposal_update(
    *, actor, proposal: Proposal, data: dict, expected_version: int | None = None
) -> Proposal:
    _reject_unknown(data, (*FIELDS, "submitters", "authors", "domains"))
    data = _clean(data)
    submitters = list(data["submitters"]) if "submitters" in data else list(proposal.submitters.all())
    authors = list(data["authors"]) if "authors" in data else list(proposal.authors.all())

    def sync_first_step(p: Proposal) -> None:
        p.steps.filter(kind=StepKind.SUBMITTED).update(on=p.submitted_on)

    return crud.update(
        actor=actor,
        instance=proposal,
        data=data,
        expected_version=expected_version,
        check=_check_people(submitters, authors),
        after_save=sync_first_step,
    )


def proposal_delete(*, actor, proposal: Proposal) -> Proposal:
    return crud.delete(actor=actor, instance=proposal)


def _lock(proposal: Proposal, expected_version: int | None) -> Proposal:
    current = Proposal.all_objects.select_for_update().get(pk=proposal.pk)
    if current.deleted_at is not None:
        raise Invalid(_("该建议已删除。"))
    if expected_version is not None and current.version != expected_version:
        last = audit.history(current).first()
        who = f"{last.actor_label} {timezone.localtime(last.at):%Y-%m-%d %H:%M}" if last else "?"
        raise Conflict(
            _("该建议已被他人更新(%(who)s),请刷新后再提交。") % {"who": who},
            fields={"version": [str(current.version)]},
        )
    return current


def _check_step(current: Proposal, kind: str, on: dt.date | None) -> None:
    if kind not in StepKind.values or kind == StepKind.SUBMITTED:
        raise Invalid(_("未知或不可单独登记的环节“%(k)s”。") % {"k": kind}, fields={"kind": [_("未知环节")]})
    if on is None:
        raise Invalid(_("请填写日期。"), fields={"on": [_("必填")]})
    if on < current.submitted_on:
        raise Invalid(
            _("%(step)s日期 %(on)s 早于建议提交日期 %(sub)s。")
            % {"step": StepKind(kind).label, "on": on, "sub": current.submitted_on},
            fields={"on": [_("早于提交日期")]},
        )
    if on > timezone.localdate():
        raise Invalid(_("日期不能晚于今天。"), fields={"on": [_("晚于今天")]})
    held = set(current.steps.values_list("kind", flat=True))
    missing = [k for k in REQUIRES[kind] if k not in held]
    if missing:
        raise Invalid(
            _("尚未%(need)s,不能登记%(step)s。")
            % {"need": StepKind(missing[0]).label, "step": StepKind(kind).label},
            fields={"kind": [_("缺少前序环节")]},
        )


def _write_step(*, actor, current: Proposal, kind: str, on: dt.date, summary: str = "", **fields) -> Step:
    """The shared tail of every step: the row, the stage, the version, the audit entry."""
    level = fields.get("level", "")
    if level and level not in Level.values:
        raise Invalid(_("未知层级“%(l)s”。") % {"l": level}, fields={"level": [_("未知层级")]})
    step = Step.objects.create(proposal=current, kind=kind, on=on, **fields)
    stage = kind if RANK[kind] > RANK[current.stage] else current.stage
    Proposal.all_objects.filter(pk=current.pk).update(stage=stage, version=F("version") + 1)
    audit.record(
        actor=actor,
        action=f"proposals.{kind}",
        obj=current,
        changes={
            "step": [None, summary or str(step)],
            **({"stage": [current.stage, stage]} if stage != current.stage else {}),
        },
        program_id=current.program_id,
    )
    current.stage = stage
    return step


def proposal_step_add(
    *,
    actor,
    proposal: Proposal,
    kind: str,
    on: dt.date | None,
    body: str = "",
    body_org=None,
    level: str = "",
    person: str = "",
    text: str = "",
    expected_version: int | None = None,
) -> Step:
    """报送 / 采用 / 批示: several may hold at once (adopted by several bodies), each with its own row."""
    if kind not in PLAIN_STEPS:
        raise Invalid(_("该环节请通过交办、反馈、办结或转化登记。"), fields={"kind": [_("不适用")]})
    body = normalize(body or (body_org.name if body_org else ""))
    if not body:
        raise Invalid(_("请填写单位。"), fields={"body": [_("必填")]})
    if kind == StepKind.INSTRUCTED and not (level and person):
        raise Invalid(
            _("批示须填写领导层级和批示领导。"), fields={"level": [_("必填")], "person": [_("必填")]}
        )
    with transaction.atomic():
        permissions.require(actor, permissions.CHANGE, proposal)
        current = _lock(proposal, expected_version)
        _check_step(current, kind, on)
        return _write_step(
            actor=actor,
            current=current,
            kind=kind,
            on=on,
            body=body,
            body_org=body_org,
            level=level,
            person=normalize(person),
            text=normalize(text),
        )


def _department(value, name: str):
    from tongxin.orgs.models import Organization

    if isinstance(value, Organization) and value.pk and value.deleted_at is None:
        return value
    if value in (None, ""):
        raise Invalid(_("请填写牵头单位。"), fields={name: [_("必填")]})
    found = None
    if isinstance(value, int) or (isinstance(value, str) and value.isdigit()):
        found = Organization.objects.filter(pk=int(value)).first()
    elif isinstance(value, str):
        from tongxin.orgs.selectors import organization_resolve

        hits = organization_resolve(normalize(value))
        found = hits[0] if len(hits) == 1 else None
    if found is None:
        raise Invalid(
            _("未知单位“%(v)s”,请从组织名录中选择。") % {"v": value}, fields={name: [_("未知单位")]}
        )
    return found


def proposal_assign(
    *,
    actor,
    proposal: Proposal,
    lead,
    on: dt.date | None,
    assisting=(),
    due: dt.date | None = None,
    claim_due: dt.date | None = None,
    body: str = "",
    level: str = "",
    person: str = "",
    text: str = "",
    expected_version: int | None = None,
) -> Task:
    """交办 to a lead department (and assisting ones). Deadlines default to working days after the
    assignment (3 to claim, 15 to reply) on the holiday calendar; a given deadline must be later."""
    lead = _department(lead, "lead")
    assisting = [_department(a, "assisting") for a in assisting]
    if lead in assisting:
        raise Invalid(_("牵头单位不能同时是协办单位。"), fields={"assisting": [_("与牵头单位重复")]})
    with transaction.atomic():
        permissions.require(actor, permissions.CHANGE, proposal)
        current = _lock(proposal, expected_version)
        _check_step(current, StepKind.ASSIGNED, on)
        if due is not None and due <= on:
            raise Invalid(
                _("反馈期限 %(d)s 必须晚于交办日期 %(on)s。") % {"d": due, "on": on},
                fields={"due": [_("早于交办日期")]},
            )
        task = Task(
            proposal=current,
            lead=lead,
            assigned_on=on,
            claim_due=claim_due or workdays.add_workdays(on, CLAIM_WORKDAYS),
            due=due or workdays.add_workdays(on, REPLY_WORKDAYS),
        )
        crud.create(actor=actor, instance=task, m2m={"assisting": assisting}, action="proposals.task_created")
        names = "、".join([lead.name, *(a.name for a in assisting)])
        _write_step(
            actor=actor,
            current=current,
            kind=StepKind.ASSIGNED,
            on=on,
            body=normalize(body),
            level=level,
            person=normalize(person),
            text=normalize(text),
            task=task,
            body_org=None,
            summary=_("交办 %(on)s 牵头:%(names)s,期限 %(due)s")
            % {"on": on, "names": names, "due": task.due},
        )
        return task


def _open_task(task: Task) -> Task:
    current = Task.all_objects.select_for_update().get(pk=task.pk)
    if current.closed_on:
        raise Invalid(_("该交办事项已办结。"), fields={"task": [_("已办结")]})
    return current


def task_reply(
    *, actor, task: Task, on: dt.date | None, text: str, person: str = "", expected_version: int | None = None
) -> Step:
    """反馈 by the lead department; a reply also counts as its claim if none was recorded."""
    if not normalize(text or ""):
        raise Invalid(_("请填写反馈内容。"), fields={"text": [_("必填")]})
    with transaction.atomic():
        permissions.require(actor, permissions.CHANGE, task)
        current = _lock(task.proposal, expected_version)
        open_task = _open_task(task)
        _check_step(current, StepKind.REPLIED, on)
        if on < open_task.assigned_on:
            raise Invalid(_("反馈日期早于交办日期。"), fields={"on": [_("早于交办日期")]})
        data = {"replied_on": on, **({} if open_task.claimed_on else {"claimed_on": on})}
        crud.update(actor=actor, instance=open_task, data=data, action="proposals.task_replied")
        return _write_step(
            actor=actor,
            current=current,
            kind=StepKind.REPLIED,
            on=on,
            body=open_task.lead.name,
            body_org=open_task.lead,
            person=normalize(person),
            text=normalize(text),
            task=open_task,
        )


def task_close(
    *, actor, task: Task, on: dt.date | None, measure_taken: str, expected_version: int | None = None
) -> Step:
    """办结 with the measure taken; a task is closed once its reply is in."""
    if not normalize(measure_taken or ""):
        raise Invalid(_("请填写办理措施。"), fields={"measure_taken": [_("必填")]})
    with transaction.atomic():
        permissions.require(actor, permissions.CHANGE, task)
        current = _lock(task.proposal, expected_version)
        open_task = _open_task(task)
        _check_step(current, StepKind.CLOSED, on)
        if not open_task.replied_on:
            raise Invalid(_("尚未反馈,不能办结。"), fields={"kind": [_("缺少反馈")]})
        if on < open_task.replied_on:
            raise Invalid(_("办结日期早于反馈日期。"), fields={"on": [_("早于反馈日期")]})
        crud.update(
            actor=actor,
            instance=open_task,
            data={"closed_on": on, "measure_taken": normalize(measure_taken)},
            action="proposals.task_closed",
        )
        return _write_step(
            actor=actor,
            current=current,
            kind=StepKind.CLOSED,
            on=on,
            body=open_task.lead.name,
            body_org=open_task.lead,
            text=normalize(measure_taken),
            task=open_task,
        )


def measure_create(
    *,
    actor,
    proposals,
    title: str,
    issuing_body: str,
    issued_on: dt.date | None,
    level: str = "",
    issuing_org=None,
    text: str = "",
    program=None,
) -> Measure:
    """转化: one measure from one or more proposals; each proposal gets its 'converted' step."""
    proposals = list(proposals)
    if not proposals:
        raise Invalid(_("请至少关联一条建议。"), fields={"proposals": [_("必填")]})
    if issued_on is None:
        raise Invalid(_("请填写出台日期。"), fields={"issued_on": [_("必填")]})
    with transaction.atomic():
        measure = Measure(
            program=program or proposals[0].program,
            title=normalize(title or ""),
            issuing_body=normalize(issuing_body or (issuing_org.name if issuing_org else "")),
            issuing_org=issuing_org,
            level=level,
            issued_on=issued_on,
            text=normalize(text or ""),
        )
        crud.create(
            actor=actor, instance=measure, m2m={"proposals": proposals}, action="proposals.measure_created"
        )
        for proposal in proposals:
            permissions.require(actor, permissions.CHANGE, proposal)
            current = _lock(proposal, None)
            _check_step(current, StepKind.CONVERTED, issued_on)
            _write_step(
                actor=actor,
                current=current,
                kind=StepKind.CONVERTED,
                on=issued_on,
                body=measure.issuing_body,
                body_org=issuing_org,
                level=level,
                text=measure.title,
                measure=measure,
                summary=_("转化为工作举措“%(t)s”") % {"t": measure.title},
            )
        return measure


def step_delete(*, actor, step: Step) -> None:
    """Withdraw a wrongly recorded step (not the submission); the stage falls back to what remains."""
    if step.kind == StepKind.SUBMITTED:
        raise Invalid(_("提交环节不能撤销。"))
    with transaction.atomic():
        permissions.require(actor, permissions.CHANGE, step.proposal)
        current = _lock(step.proposal, None)
        crud.delete(actor=actor, instance=step, action="proposals.step_withdrawn")
        kinds = set(current.steps.values_list("kind", flat=True)) | {StepKind.SUBMITTED}
        stage = max(kinds, key=RANK.__getitem__)
        Proposal.all_objects.filter(pk=current.pk).update(stage=stage, version=F("version") + 1)


def measure_delete(*, actor, measure: Measure) -> Measure:
    """Withdraw a wrongly recorded measure; its 'converted' steps go with it, so every proposal it
    came from falls back to the stage it had, and the 转化 count with it. Recoverable like any delete."""
    with transaction.atomic():
        for step in measure.steps.select_related("proposal"):
            step_delete(actor=actor, step=step)
        return crud.delete(actor=actor, instance=measure)


def _task_of(proposal: Proposal, task_id, kind: str) -> Task:
    open_tasks = proposal.tasks.filter(closed_on__isnull=True)
    found = open_tasks.filter(pk=task_id).first() if task_id else open_tasks.order_by("id").first()
    if found is None:
        if not proposal.tasks.exists():
            raise Invalid(
                _("尚未交办,不能登记%(step)s。") % {"step": StepKind(kind).label},
                fields={"kind": [_("缺少交办")]},
            )
        raise Invalid(_("没有未办结的交办事项。"), fields={"task": [_("无未办结事项")]})
    return found


def proposal_step_record(*, actor, proposal: Proposal, kind: str, data: dict) -> Step | Task | Measure:
    """One entry point for pages and the API: routes a step to the service that records it."""
    data = dict(data)
    version = data.pop("expected_version", None)
    on = data.pop("on", None)
    if kind in PLAIN_STEPS:
        allowed = ("body", "body_org", "level", "person", "text")
        _reject_unknown(data, allowed)
        return proposal_step_add(
            actor=actor, proposal=proposal, kind=kind, on=on, expected_version=version, **data
        )
    if kind == StepKind.ASSIGNED:
        _reject_unknown(data, ("lead", "assisting", "due", "claim_due", "body", "level", "person", "text"))
        return proposal_assign(actor=actor, proposal=proposal, on=on, expected_version=version, **data)
    if kind == StepKind.REPLIED:
        task = _task_of(proposal, data.pop("task", None), kind)
        _reject_unknown(data, ("text", "person"))
        return task_reply(actor=actor, task=task, on=on, expected_version=version, **data)
    if kind == StepKind.CLOSED:
        task = _task_of(proposal, data.pop("task", None), kind)
        measure_taken = data.pop("measure_taken", "") or data.pop("text", "")
        _reject_unknown(data, ())
        return task_close(
            actor=actor, task=task, on=on, measure_taken=measure_taken, expected_version=version
        )
    if kind == StepKind.CONVERTED:
        _reject_unknown(data, ("title", "issuing_body", "issuing_org", "level", "text"))
        if version is not None and version != proposal.version:
            _lock(proposal, version)
        return measure_create(actor=actor, proposals=[proposal], issued_on=on, **data)
    raise Invalid(_("未知或不可单独登记的环节“%(k)s”。") % {"k": kind}, fields={"kind": [_("未知环节")]})
