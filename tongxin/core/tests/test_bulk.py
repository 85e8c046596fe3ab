"""The bulk writer: inserts on a second thread inside the caller's transaction."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone

from tongxin.core.ledger import bulk
from tongxin.core.models import AuditEntry

pytestmark = pytest.mark.django_db
FIELDS = (
    "id",
    "content_type_id",
    "object_id",
    "object_label",
    "actor_label",
    "action",
    "changes",
    "source",
    "at",
)


def _rows(ids):
    at = bulk.db_value(AuditEntry, "at", timezone.now())
    kind = ContentType.objects.get_for_model(AuditEntry).pk
    return [(pk, kind, str(pk), "bulk", "system", "created", "{}", "command", at) for pk in ids]


def test_rows_written_by_the_thread_are_in_the_callers_transaction():
    top = (AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 10
    with transaction.atomic(), bulk.Writer() as writer:
        writer.insert(AuditEntry, FIELDS, _rows(range(top, top + 3000)))
        writer.drain()
        assert AuditEntry.objects.filter(pk__gte=top).count() == 3000  # seen before the commit
        writer.insert(AuditEntry, FIELDS, _rows(range(top + 3000, top + 3005)))
    assert AuditEntry.objects.filter(pk__gte=top).count() == 3005


def test_a_failed_insert_reaches_the_caller_and_nothing_stays():
    top = (AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 10
    with pytest.raises(IntegrityError), transaction.atomic(), bulk.Writer() as writer:
        writer.insert(AuditEntry, FIELDS, _rows(range(top, top + 10)))
        writer.insert(AuditEntry, FIELDS, _rows([top + 5]))  # the same id again
    assert not AuditEntry.objects.filter(pk__gte=top).exists()


def test_constants_reach_every_row_of_every_statement():
    """3,000 rows take two statements; the constants are bound once per statement, ahead of the
    rows' own values, and on PostgreSQL put ahead of each copied row."""
    top = (AuditEntry.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 10
    at = bulk.db_value(AuditEntry, "at", timezone.now())
    kind = ContentType.objects.get_for_model(AuditEntry).pk
    fields = ("id", "object_id", "object_label", "changes")
    rows = [(pk, str(pk), f"第{pk}条", "{}") for pk in range(top, top + 3000)]
    constants = {
        "content_type_id": kind,
        "actor_label": "system",
        "action": "created",
        "source": "command",
        "at": at,
    }
    with transaction.atomic(), bulk.Writer() as writer:
        writer.insert(AuditEntry, fields, rows, constants=constants)
    written = AuditEntry.objects.filter(pk__gte=top).order_by("pk")
    assert written.count() == 3000
    assert set(written.values_list("content_type_id", "actor_label", "action", "source")) == {
        (kind, "system", "created", "command")
    }
    assert len(set(written.values_list("at", flat=True))) == 1
    last = written.last()
    assert (last.object_id, last.object_label) == (str(top + 2999), f"第{top + 2999}条")
    assert bulk.insert(AuditEntry, ("id", "object_id", "object_label", "changes"), [(top + 3000, "x", "y", {})],
                       constants={**constants, "at": timezone.now()}) == 1  # fmt: skip
    assert AuditEntry.objects.get(pk=top + 3000).changes == {}
