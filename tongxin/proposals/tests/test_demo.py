"""The 临沂 demo: the report's figures computed from records, a non-empty board, idempotent."""

from io import StringIO

import pytest

from tongxin.core import audit, figures
from tongxin.core.models import AuditEntry
from tongxin.programs.models import Program

from .. import demo, people, supervision
from ..models import Proposal

pytestmark = pytest.mark.django_db


def test_linyi_figures_come_from_records():
    with audit.context(source=AuditEntry.Source.COMMAND):
        demo.load(StringIO())
        count = Proposal.objects.count()
        demo.load(StringIO())
    assert Proposal.objects.count() == count
    linyi = Program.objects.get(short_name="临沂五大行动")
    value = lambda key: figures.value(key, linyi)  # noqa: E731
    assert value("proposals.submitted") >= 470
    assert value("proposals.reports") >= 1100
    assert value("proposals.adopted") >= 630
    assert value("proposals.instructed") == 56  # "56篇获…批示肯定", the supervised items included
    assert value("proposals.converted") >= 320
    assert value("proposals.overdue") >= 3
    board = supervision.overdue_list(user=people.users()["linyi"])
    assert len(board) >= 3 and board[0].days >= board[-1].days
    assert AuditEntry.objects.filter(action="proposals.bulk_created").count() >= count - 10
