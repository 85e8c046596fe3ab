"""Writes to projects: create, update, status transitions, outcomes and evidence; all audited.

Status never changes by a plain field edit: every change goes through `project_transition`, which
checks the lifecycle table beside the model, stamps the date and writes a StatusChange row and an
audit entry in the same transaction.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit, crud, permissions
from tongxin.core.errors import Conflict, Invalid
from tongxin.core.text import normalize

from .models import TRANSITIONS, Evidence, Outcome, Participation, Project, Role, Status, StatusChange

FIELDS = (
    "code",
    "title",
    "kind",
    "region",
    "domain",
    "start_date",
    "end_date",
    "committed",
    "disbursed",
    "in_kind",
    "beneficiaries",
    "beneficiary_times",
    "description",
    "is_demo",
    "program",
    "reporting_org",
    "pairing",
)
M2M = ("places", "domains")


def _reject_unknown(data: dict, allowed) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise Invalid(
            _("未知字段:%(f)s") % {"f": ", ".join(sorted(unknown))},
            fields={f: [_("未知字段")] for f in unknown},
        )


def _normalized(data: dict) -> dict:
    return {k: normalize(v) if k in ("title", "code") and isinstance(v, str) else v for k, v in data.items()}


def pairing_problem(program, pairing) -> str:
    """A project's pairing (结对) belongs to the project's program, its parent or a sub-program."""
    if pairing is None or pairing.program_id == program.pk:
        return ""
    from tongxin.programs.models import Program

    parents = dict(
        Program.objects.filter(pk__in=[program.pk, pairing.program_id]).values_list("pk", "parent_id")
    )
    if parents.get(pairing.program_id) == program.pk or parents.get(program.pk) == pairing.program_id:
        return ""
    return _("结对 %(p)s 不属于该项目群。") % {"p": pairing.pk}


def _check(project: Project) -> None:
    problem = pairing_problem(project.program, project.pairing) if project.pairing_id else ""
    if problem:
        raise Invalid(problem, fields={"pairing": [problem]})
    if project.code:
        other = Project.objects.filter(code=project.code).exclude(pk=project.pk).first()
        if other:
            raise Invalid(
                _("编号 %(c)s 已被项目“%(t)s”使用。") % {"c": project.code, "t": other.title},
                fields={"code": [_("已被“%(t)s”使用") % {"t": other.title}]},
            )


def participants_of(project: Project) -> list[list]:
    return sorted(
        [p.organization_id, p.role]
        for p in Participation.objects.filter(project_id=project.pk).only("organization_id", "role")
    )


def _set_participants(project: Project, participants) -> None:
    Participation.objects.filter(project=project).delete()
    Participation.objects.bulk_create(
        [
            Participation(project=project, organization=org, role=role)
            for org, role in dict.fromkeys(participants)
        ]
    )


def _record_participants(actor, project: Project, before: list) -> None:
    after = participants_of(project)
    if after != before:
        audit.record(
            actor=actor,
            action="projects.participants",
            obj=project,
            changes={"participants": [before, after]},
            program_id=project.program_id,
        )


def _stamp(actor, project: Project, from_status: str, on: dt.date, note: str = "") -> None:
    real = actor if getattr(actor, "pk", None) else None
    StatusChange.objects.create(
        project=project,
        from_status=from_status,
        to_status=project.status,
        on=on,
        note=note,
        actor=real,
        actor_label=real.get_username() if real else "system",
    )


def reporting_org_of(participants):
    """When no reporting organization is named: the first implementer, else funder, else coordinator."""
    for role in (Role.IMPLEMENTING, Role.FUNDING, Role.COORDINATING):
        for org, r in participants:
            if r == role:
                return org
    return None


def project_create(
    *,
    actor,
    program,
    title: str,
    kind: str,
    region,
    domain,
    places=(),
    domains=(),
    participants=(),
    status: str = Status.PLANNED,
    status_on: dt.date | None = None,
    **data,
) -> Project:
    """A new project; `participants` are (organization, role) pairs. A project may be recorded
    already under way or completed (an existing ledger): its first status and date are on the row
    and in the 'created' entry; StatusChange rows record the changes after that."""
    _reject_unknown(data, FIELDS)
    if data.get("reporting_org") is None:
        data["reporting_org"] = reporting_org_of(participants)
    if status not in Status.values:
        raise Invalid(_("未知状态“%(s)s”") % {"s": status}, fields={"status": [_("未知")]})
    project = Project(
        program=program,
        title=title,
        kind=kind,
        region=region,
        domain=domain,
        status=status,
        status_on=status_on or timezone.localdate(),
        **data,
    )
    project.title, project.code = normalize(project.title), normalize(project.code)
    with transaction.atomic():
        crud.create(
            actor=actor,
            instance=project,
            m2m={"places": places, "domains": domains},
            check=_check,
            after_save=lambda p: _set_participants(p, participants),
        )
        _record_participants(actor, project, [])
    return project


def _conflict(project: Project, exc: Conflict) -> Conflict:
    """The refusal shows what the other person changed, field by field."""
    last = audit.history(project).first()
    shown = []
    if last:
        for name, (old, new) in last.changes.items():
            try:
                label = str(Project._meta.get_field(name).verbose_name)
            except Exception:
                label = name
            shown.append(f"{label}:{old} → {new}")
    message = exc.message + (_("对方的修改:") + ";".join(shown) if shown else "")
    return Conflict(message, fields={**exc.fields, "changes": shown})


def project_update(*, actor, project: Project, data: dict, expected_version: int | None = None) -> Project:
    """Field edits; `status` (with optional `status_on`, `status_note`) becomes a transition."""
    data = dict(data)
    status = data.pop("status", None)
    status_on = data.pop("status_on", None)
    note = data.pop("status_note", "")
    participants = data.pop("participants", None)
    _reject_unknown(data, FIELDS + M2M)
    if participants is not None and "reporting_org" not in data and project.reporting_org_id is None:
        data["reporting_org"] = reporting_org_of(participants)
    with transaction.atomic():
        before = participants_of(project)
        try:
            crud.update(
                actor=actor,
                instance=project,
                data=_normalized(data),
                expected_version=expected_version,
                check=_check,
                after_save=(lambda p: _set_participants(p, participants))
                if participants is not None
                else None,
            )
        except Conflict as exc:
            raise _conflict(project, exc) from None
        _record_participants(actor, project, before)
        if status and status != project.status:
            project_transition(actor=actor, project=project, to=status, on=status_on, note=note)
    return project


def project_transition(
    *, actor, project: Project, to: str, on: dt.date | None = None, note: str = "", expected_version=None
) -> Project:
    """planned → under way → completed, or suspended / cancelled; anything else is refused."""
    if to not in Status.values:
        raise Invalid(_("未知状态“%(s)s”") % {"s": to}, fields={"status": [_("未知")]})
    allowed = TRANSITIONS[project.status]
    if to not in allowed:
        names = "、".join(str(Status(s).label) for s in allowed) or _("无")
        raise Invalid(
            _("项目“%(t)s”当前为%(a)s,不能改为%(b)s(可改为:%(n)s)。")
            % {"t": project.title, "a": project.get_status_display(), "b": Status(to).label, "n": names},
            fields={"status": [_("不允许的状态变更")]},
        )
    on = on or timezone.localdate()
    data = {"status": to, "status_on": on}
    if to == Status.COMPLETED and not project.end_date:
        data["end_date"] = on
    if to == Status.UNDER_WAY and not project.start_date:
        data["start_date"] = on
    from_status = project.status
    with transaction.atomic():
        try:
            crud.update(
                actor=actor,
                instance=project,
                data=data,
                action="projects.transition",
                expected_version=expected_version,
            )
        except Conflict as exc:
            raise _conflict(project, exc) from None
        _stamp(actor, project, from_status, on, note)
    return project


def project_delete(*, actor, project: Project) -> Project:
    return crud.delete(actor=actor, instance=project)


def project_restore(*, actor, project: Project) -> Project:
    return crud.restore(actor=actor, instance=project)


OUTCOME_FIELDS = ("name", "unit", "baseline", "target", "actual", "as_of")


def outcome_create(*, actor, project: Project, **data) -> Outcome:
    _reject_unknown(data, OUTCOME_FIELDS)
    permissions.require(actor, permissions.CHANGE, project)
    return crud.create(actor=actor, instance=Outcome(project=project, **data))


def outcome_update(*, actor, outcome: Outcome, data: dict, expected_version=None) -> Outcome:
    _reject_unknown(data, OUTCOME_FIELDS)
    return crud.update(actor=actor, instance=outcome, data=data, expected_version=expected_version)


def evidence_add(*, actor, outcome: Outcome, title: str, file) -> Evidence:
    permissions.require(actor, permissions.CHANGE, outcome.project)
    return crud.create(actor=actor, instance=Evidence(outcome=outcome, title=normalize(title), file=file))
