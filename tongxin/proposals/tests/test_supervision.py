"""督办: overdue by working days, escalation, extensions, the board and the idempotent reminder job."""

import datetime as dt
from io import StringIO

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import override_settings

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


def test_remind_is_idempotent_and_escalates_once_per_level(
    task, actors, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_HOST = "smtp.example.org"
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # mail goes out after the commit
        call_command("remind", "--date", "2025-10-30", stdout=out)  # claim 17 wd late, reply 5 wd late
    first = Reminder.objects.filter(task=task).count()
    assert first == 3 + 2  # claim: reminder, yellow card, notice; reply: reminder, yellow card
    notes = Notification.objects.filter(user=actors["linyi_fgw"]).count()
    assert (
        notes == 5 and Notification.objects.filter(user=actors["linyi"]).count() == 3
    )  # from yellow card on
    assert len(mail.outbox) == 5
    with django_capture_on_commit_callbacks(execute=True):
        call_command("remind", "--date", "2025-10-30", stdout=out)
    assert Reminder.objects.filter(task=task).count() == first
    assert Notification.objects.filter(user=actors["linyi_fgw"]).count() == notes and len(mail.outbox) == 5
    task.refresh_from_db()
    assert task.escalation == Escalation.NOTICE
    assert audit.history(task).filter(action="proposals.notice").count() == 1


LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


@override_settings(EMAIL_HOST="smtp.example.org", EMAIL_BACKEND=LOCMEM)
def test_remind_mails_the_recipients_once_when_smtp_is_configured(
    task, actors, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = supervision.remind(today=D(2025, 10, 9))  # claim 1 working day late: 催办 only
    assert first["reminders"] == 1 and first["notifications"] == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["linyi_fgw@example.org"] and message.subject == "催办"
    assert "领办已逾期1个工作日" in message.body and task.proposal.title in message.body
    assert Notification.objects.get(user=actors["linyi_fgw"]).emailed
    with django_capture_on_commit_callbacks(execute=True):
        again = supervision.remind(today=D(2025, 10, 9))
    assert again == {"reminders": 0, "notifications": 0, "emails": 0} and len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        supervision.remind(today=D(2025, 10, 16))  # 6 working days late: now the yellow card
    assert [m.subject for m in mail.outbox] == ["催办", "黄牌"]
    assert sorted(mail.outbox[1].to) == ["linyi@example.org", "linyi_fgw@example.org"]


@override_settings(EMAIL_HOST="", EMAIL_BACKEND=LOCMEM)
def test_remind_without_smtp_host_writes_notifications_only(task, actors, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sent = supervision.remind(today=D(2025, 10, 9))
    assert sent == {"reminders": 1, "notifications": 1, "emails": 0}
    assert mail.outbox == []
    assert not Notification.objects.get(user=actors["linyi_fgw"]).emailed


def test_a_crash_while_notifying_keeps_no_reminder_so_the_rerun_sends_it(task, actors, monkeypatch):
    def crash(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Notification.objects, "bulk_create", crash)
    with pytest.raises(RuntimeError):
        supervision.remind(today=D(2025, 10, 9))
    task.refresh_from_db()
    assert not Reminder.objects.filter(task=task).exists()  # not marked "sent" without its notifications
    assert task.escalation == Escalation.NONE
    assert not audit.history(task).filter(action="proposals.reminder").exists()
    monkeypatch.undo()
    assert supervision.remind(today=D(2025, 10, 9))["notifications"] == 1
    assert Notification.objects.filter(user=actors["linyi_fgw"], reminder__task=task).count() == 1


def test_notifications_page_lists_the_reminder_and_marks_it_read(task, actors, client):
    supervision.remind(today=D(2025, 10, 9))
    note = Notification.objects.get(user=actors["linyi_fgw"])
    client.force_login(actors["linyi_fgw"])
    page = client.get("/proposals/notifications/")
    body = page.content.decode()
    assert page.status_code == 200 and note.text in body and f'href="/proposals/{task.proposal_id}/"' in body
    assert 'class="unread"' in body
    assert 'id="notifications-link"' in client.get("/proposals/supervision/mine/").content.decode()
    assert client.post("/proposals/notifications/").status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None
    client.force_login(actors["linyi"])  # a coordinator hears of it only from the yellow card on
    assert note.text not in client.get("/proposals/notifications/").content.decode()


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
