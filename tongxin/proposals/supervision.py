"""督办: overdue tasks, claims, extensions and the escalation ladder 催办 → 黄牌 → 通报.

A task is overdue on its claim deadline (领办) until claimed, and on its reply deadline (反馈) until
replied. How far overdue is counted in working days; the escalation level follows from that count.
`remind()` sends each (task, deadline, due date, level) once: the unique `Reminder` row is the
guard, so running it twice — or from two cron hosts — sends nothing twice.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit, crud, permissions
from tongxin.core.errors import Invalid

from . import workdays
from .models import Escalation, Extension, ExtensionStatus, Notification, Reminder, Task

log = logging.getLogger(__name__)

# Working days overdue at which each escalation level is reached.
THRESHOLDS = ((Escalation.REMINDER, 1), (Escalation.YELLOW_CARD, 5), (Escalation.NOTICE, 10))
LEVEL_RANK = {Escalation.NONE: 0, Escalation.REMINDER: 1, Escalation.YELLOW_CARD: 2, Escalation.NOTICE: 3}


def level_for(days_overdue: int) -> str:
    level = Escalation.NONE
    for name, days in THRESHOLDS:
        if days_overdue >= days:
            level = name
    return level


@dataclass
class Overdue:
    task: Task
    deadline: str  # "claim" | "reply"
    due: dt.date
    days: int  # working days overdue
    level: str

    @property
    def deadline_label(self) -> str:
        return _("领办") if self.deadline == "claim" else _("反馈")

    @property
    def level_label(self) -> str:
        return str(Escalation(self.level).label)


def open_overdue_q(today: dt.date) -> Q:
    return Q(closed_on__isnull=True) & (
        Q(claimed_on__isnull=True, claim_due__lt=today) | Q(replied_on__isnull=True, due__lt=today)
    )


def overdues_of(task: Task, today: dt.date) -> list[Overdue]:
    """Each missed deadline of the task, claim and reply tracked separately."""
    found = []
    if task.closed_on:
        return found
    if not task.claimed_on and task.claim_due < today:
        days = workdays.workdays_between(task.claim_due, today)
        found.append(Overdue(task, "claim", task.claim_due, days, level_for(days)))
    if not task.replied_on and task.due < today:
        days = workdays.workdays_between(task.due, today)
        found.append(Overdue(task, "reply", task.due, days, level_for(days)))
    return found


def overdue_of(task: Task, today: dt.date) -> Overdue | None:
    """The task's most pressing missed deadline (the reply once it is missed), or None."""
    found = overdues_of(task, today)
    return found[-1] if found else None


def overdue_list(*, user, today: dt.date | None = None, program_ids=None, lead_paths=None) -> list[Overdue]:
    """The supervision board: every overdue task the user may see, most days overdue first."""
    today = today or timezone.localdate()
    qs = permissions.scoped(user, permissions.VIEW, Task.objects.filter(open_overdue_q(today)))
    if program_ids is not None:
        qs = qs.filter(proposal__program_id__in=program_ids)
    if lead_paths is not None:
        q = Q(pk__in=[])
        for path in lead_paths:
            q |= permissions.prefix_q("lead__path", path)
        qs = qs.filter(q)
    rows = [overdue_of(t, today) for t in qs.select_related("proposal", "lead", "proposal__program")]
    return sorted((r for r in rows if r and r.days >= 0), key=lambda r: (-r.days, r.due, r.task.pk))


def my_department_paths(user) -> list[str]:
    """The departments a user answers for: the organization subtrees of their member grants."""
    return [g.org_path for g in permissions.grants(user) if g.role == permissions.Role.MEMBER and g.org_path]


def my_overdue(*, user, today: dt.date | None = None) -> list[Overdue]:
    paths = my_department_paths(user)
    return overdue_list(user=user, today=today, lead_paths=paths) if paths else []


def task_claim(*, actor, task: Task, on: dt.date | None = None) -> Task:
    """领办: the lead department confirms it has taken the task on."""
    on = on or timezone.localdate()
    if task.claimed_on:
        raise Invalid(
            _("该事项已于 %(d)s 领办。") % {"d": task.claimed_on}, fields={"claimed_on": [_("已领办")]}
        )
    if on < task.assigned_on:
        raise Invalid(_("领办日期早于交办日期。"), fields={"claimed_on": [_("早于交办日期")]})
    return crud.update(actor=actor, instance=task, data={"claimed_on": on}, action="proposals.task_claimed")


def extension_request(*, actor, task: Task, new_due: dt.date | None, reason: str) -> Extension:
    """延期申请 by the department: a reason and a later date; the deadline moves only on approval."""
    reason = (reason or "").strip()
    if not reason:
        raise Invalid(_("请填写延期理由。"), fields={"reason": [_("必填")]})
    if new_due is None:
        raise Invalid(_("请填写申请期限。"), fields={"new_due": [_("必填")]})
    if task.closed_on:
        raise Invalid(_("已办结的事项不能申请延期。"))
    if task.extensions.filter(status=ExtensionStatus.PENDING).exists():
        raise Invalid(_("已有待审批的延期申请。"), fields={"new_due": [_("已有待审批申请")]})
    permissions.require(actor, permissions.CHANGE, task)
    extension = Extension(
        task=task,
        reason=reason,
        old_due=task.due,
        new_due=new_due,
        requested_by=actor if getattr(actor, "pk", None) else None,
    )
    return crud.create(actor=actor, instance=extension, action="proposals.extension_requested")


def extension_decide(*, actor, extension: Extension, approve: bool, note: str = "") -> Extension:
    """A coordinator approves (the reply deadline moves, the escalation restarts) or refuses."""
    if extension.status != ExtensionStatus.PENDING:
        raise Invalid(_("该申请已审批。"), fields={"status": [_("已审批")]})
    with transaction.atomic():
        status = ExtensionStatus.APPROVED if approve else ExtensionStatus.REFUSED
        crud.update(
            actor=actor,
            instance=extension,
            data={
                "status": status,
                "decided_on": timezone.localdate(),
                "decision_note": note,
                "decided_by": actor if getattr(actor, "pk", None) else None,
            },
            action="proposals.extension_approved" if approve else "proposals.extension_refused",
        )
        if approve:
            crud.update(
                actor=actor,
                instance=extension.task,
                data={"due": extension.new_due, "escalation": ""},
                action="proposals.deadline_extended",
            )
        if extension.requested_by_id:
            Notification.objects.create(
                user_id=extension.requested_by_id,
                text=_("延期申请%(s)s:%(t)s") % {"s": ExtensionStatus(status).label, "t": extension.task},
                url=reverse("proposals:detail", args=[extension.task.proposal_id]),
            )
    return extension


def recipients(task: Task) -> list:
    """Who hears about an overdue task: members of the lead department (or a parent unit) and, from
    the yellow card on, the program's coordinators."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    lead_path = task.lead.path
    ancestors = [lead_path[:i] for i in range(1, len(lead_path) + 1) if lead_path[i - 1] == "/"] or [
        lead_path
    ]
    program = task.proposal.program
    members = User.objects.filter(
        is_active=True,
        grants__deleted_at__isnull=True,
        grants__role=permissions.Role.MEMBER,
        grants__organization__path__in=[*ancestors, lead_path],
    )
    coordinators = User.objects.filter(
        is_active=True,
        grants__deleted_at__isnull=True,
        grants__role=permissions.Role.COORDINATOR,
        grants__program_id__in=[program.pk, program.parent_id],
    )
    return list(members.distinct()), list(coordinators.distinct())


def _message(row: Overdue) -> str:
    return _("【%(level)s】“%(title)s”%(deadline)s已逾期%(days)s个工作日(期限 %(due)s,牵头:%(lead)s)") % {
        "level": row.level_label,
        "title": row.task.proposal.title[:60],
        "deadline": row.deadline_label,
        "days": row.days,
        "due": row.due,
        "lead": row.task.lead.name,
    }


def remind(*, today: dt.date | None = None) -> dict:
    """Send every escalation due today and not yet sent; returns counts of what was sent now."""
    today = today or timezone.localdate()
    sent = {"reminders": 0, "notifications": 0, "emails": 0}
    tasks = Task.objects.filter(open_overdue_q(today)).select_related("proposal", "lead", "proposal__program")
    rows = [row for task in tasks for row in overdues_of(task, today)]
    for row in rows:
        for level, _days in THRESHOLDS:
            if LEVEL_RANK[level] > LEVEL_RANK[row.level]:
                break
            sent_now = _send(row, level, today)
            for key, n in sent_now.items():
                sent[key] += n
    return sent


def mail_configured() -> bool:
    """E-mail goes out only when an SMTP host is configured (TONGXIN_EMAIL_HOST); otherwise the
    in-app notifications are the whole reminder."""
    return bool(getattr(settings, "EMAIL_HOST", ""))


def _send(row: Overdue, level: str, today: dt.date) -> dict:
    """One escalation: the Reminder row, its notifications and the task's level in one transaction
    (a crash leaves either all of them or none, and a rerun sends what is missing); the e-mail
    after the commit, so nobody is mailed about a reminder that was rolled back."""
    counts = {"reminders": 0, "notifications": 0, "emails": 0}
    key = {"task": row.task, "deadline": row.deadline, "due": row.due, "level": level}
    if Reminder.objects.filter(**key).exists():
        return counts  # already sent (the unique row below still guards a concurrent run)
    members, coordinators = recipients(row.task)
    users = {u.pk: u for u in members}
    if LEVEL_RANK[level] >= LEVEL_RANK[Escalation.YELLOW_CARD]:
        users.update({u.pk: u for u in coordinators})
    text = _message(Overdue(row.task, row.deadline, row.due, row.days, level))
    url = reverse("proposals:detail", args=[row.task.proposal_id])
    with transaction.atomic():
        try:
            with transaction.atomic():
                reminder = Reminder.objects.create(**key, days_overdue=row.days)
        except IntegrityError:
            return counts  # already sent
        counts["reminders"] = 1
        Notification.objects.bulk_create(
            [Notification(user=user, reminder=reminder, text=text, url=url) for user in users.values()]
        )
        counts["notifications"] = len(users)
        if LEVEL_RANK[level] > LEVEL_RANK[row.task.escalation or Escalation.NONE]:
            Task.all_objects.filter(pk=row.task.pk).update(escalation=level)
            audit.record(
                actor=permissions.SYSTEM,
                action=f"proposals.{level}",
                obj=row.task,
                changes={"escalation": [row.task.escalation, level]},
                program_id=row.task.proposal.program_id,
            )
            row.task.escalation = level
        emails = [u.email for u in users.values() if u.email] if mail_configured() else []
        if emails:
            transaction.on_commit(lambda: _mail(reminder, str(Escalation(level).label), text, emails, counts))
    return counts


def _mail(reminder: Reminder, subject: str, text: str, emails: list[str], counts: dict) -> None:
    try:
        send_mail(subject, text, None, emails)
    except OSError as exc:  # the in-app notification stands; mail is best effort
        log.warning("remind: mail failed: %s", exc)
        return
    counts["emails"] += len(emails)
    Notification.objects.filter(reminder=reminder).update(emailed=True)
