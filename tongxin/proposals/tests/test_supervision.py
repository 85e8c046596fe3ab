"""督办: overdue by working days, escalation, extensions, the board and the idempotent reminder job."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command

from tongxin.core import audit
from tongxin.core.errors import Forbidden, Invalid

from .. import people, services, supervision
from ..models import Escalation, Notification, Reminder
from .factories import proposal

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def actors():
    return people.users()


@pytest.fixture
def task(actors):
    # Assigned the Friday before National Day 2025: 15 working days skip 10-01 … 10-08 and count 09-28, 10-11.
    p = proposal(on=D(2025, 9, 20))
    return services.proposal_assign(
        actor=actors["linyi"], proposal=p, lead=people.departments()[0], on=D(2025, 9, 26)
    )


def test_deadlines_cross_national_day(task):
    assert task.claim_due == D(2025, 9, 30)  # 09-28 (make-up Sunday), 09-29, 09-30
    assert task.due == D(2025, 10, 23)


def test_overdue_escalates_by_working_days(task, actors):
    assert supervision.overdue_of(task, D(2025, 9, 30)) is None
    claim = supervision.overdue_of(task, D(2025, 10, 9))  # 10-01 … 10-08 are holidays: 1 working day late
    assert (claim.deadline, claim.days, claim.level) == ("claim", 1, Escalation.REMINDER)
    supervision.task_claim(actor=actors["linyi_fgw"], task=task, on=D(2025, 10, 9))
    assert supervision.overdue_of(task, D(2025, 10, 23)) is None
    late = supervision.overdue_of(task, D(2025, 10, 30))
    assert (late.deadline, late.days, late.level) == ("reply", 5, Escalation.YELLOW_CARD)
    assert supervision.overdue_of(task, D(2025, 11, 6)).level == Escalation.NOTICE
    board = supervision.overdue_list(user=actors["linyi"], today=D(2025, 11, 6))
    assert board[0].task == task and board[0].days == 10
    assert [r.task for r in supervision.my_overdue(user=actors["linyi_fgw"], today=D(2025, 11, 6))] == [task]


def test_remind_is_idempotent_and_escalates_once_per_level(task, actors, settings):
    settings.EMAIL_HOST = "smtp.example.org"
    out = StringIO()
    call_command("remind", "--date", "2025-10-30", stdout=out)  # claim 17 wd late, reply 5 wd late
    first = Reminder.objects.filter(task=task).count()
    assert first == 3 + 2  # claim: reminder, yellow card, notice; reply: reminder, yellow card
    notes = Notification.objects.filter(user=actors["linyi_fgw"]).count()
    assert (
        notes == 5 and Notification.objects.filter(user=actors["linyi"]).count() == 3
    )  # from yellow card on
    assert len(mail.outbox) == 5
    call_command("remind", "--date", "2025-10-30", stdout=out)
    assert Reminder.objects.filter(task=task).count() == first
    assert Notification.objects.filter(user=actors["linyi_fgw"]).count() == notes and len(mail.outbox) == 5
    task.refresh_from_db()
    assert task.escalation == Escalation.NOTICE
    assert audit.history(task).filter(action="proposals.notice").count() == 1


def test_extension_request_and_decision(task, actors):
    with pytest.raises(Invalid, match="延期理由"):
        supervision.extension_request(
            actor=actors["linyi_fgw"], task=task, new_due=D(2025, 11, 30), reason=""
        )
    with pytest.raises(Invalid, match="晚于原期限"):
        supervision.extension_request(
            actor=actors["linyi_fgw"], task=task, new_due=D(2025, 10, 1), reason="调研"
        )
    ext = supervision.extension_request(
        actor=actors["linyi_fgw"], task=task, new_due=D(2025, 11, 30), reason="需会同市工信局开展实地调研"
    )
    assert task.due == D(2025, 10, 23)
    with pytest.raises(Forbidden):
        supervision.extension_decide(actor=actors["linyi_fgw"], extension=ext, approve=True)
    supervision.extension_decide(actor=actors["linyi"], extension=ext, approve=True, note="同意")
    task.refresh_from_db()
    assert task.due == D(2025, 11, 30)
    assert audit.history(ext).filter(action="proposals.extension_approved").exists()
    assert audit.history(task).get(action="proposals.deadline_extended").changes["due"] == [
        "2025-10-23",
        "2025-11-30",
    ]
    assert Notification.objects.filter(user=actors["linyi_fgw"], text__contains="已同意").exists()
    second = supervision.extension_request(
        actor=actors["linyi_fgw"], task=task, new_due=D(2025, 12, 30), reason="再延"
    )
    supervision.extension_decide(actor=actors["linyi"], extension=second, approve=False)
    task.refresh_from_db()
    assert task.due == D(2025, 11, 30)
