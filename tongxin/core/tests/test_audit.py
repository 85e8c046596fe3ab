"""The audit trail (留痕) and recoverable deletes."""

import uuid

import pytest
from django.test import Client

from tongxin.core import audit
from tongxin.core.errors import Conflict, Forbidden, Invalid
from tongxin.core.models import AuditEntry
from tongxin.core.permissions import SYSTEM
from tongxin.domains.models import Domain
from tongxin.orgs.models import Organization
from tongxin.orgs.services import (
    organization_create,
    organization_delete,
    organization_restore,
    organization_update,
)
from tongxin.regions.models import Region

pytestmark = pytest.mark.django_db


def test_update_records_field_by_field_before_and_after(users, org):
    minjian = org("民建中央")
    organization_update(
        actor=users["minjian"],
        organization=minjian,
        data={"description": "参政党", "home_region": Region.objects.get(code="110102")},
    )
    entry = audit.history(minjian).first()
    assert entry.actor == users["minjian"]
    assert entry.action == "updated"
    assert entry.changes == {"description": ["", "参政党"], "home_region": ["110000", "110102"]}
    assert entry.source == AuditEntry.Source.COMMAND


def test_unchanged_update_writes_no_entry(users, org):
    minjian = org("民建中央")
    before = audit.history(minjian).count()
    organization_update(actor=users["minjian"], organization=minjian, data={"name": minjian.name})
    assert audit.history(minjian).count() == before


def test_create_is_audited_with_every_field(users, org):
    unit = organization_create(
        actor=users["minjian"], name="民建贵州省委会", kind="democratic_party", parent=org("民建中央")
    )
    entry = audit.history(unit).get()
    assert entry.action == "created"
    assert entry.changes["name"] == [None, "民建贵州省委会"]
    assert unit.path == f"{org('民建中央').path}{unit.pk}/"


def test_soft_delete_hides_and_admin_restores(users, org):
    unit = organization_create(actor=SYSTEM, name="测试商会", kind="federation")
    organization_delete(actor=users["admin"], organization=unit)
    assert not Organization.objects.filter(pk=unit.pk).exists()
    assert Organization.all_objects.get(pk=unit.pk).deleted_by == users["admin"]
    with pytest.raises(Forbidden):
        organization_restore(actor=users["viewer"], organization=Organization.all_objects.get(pk=unit.pk))
    organization_restore(actor=users["admin"], organization=Organization.all_objects.get(pk=unit.pk))
    assert Organization.objects.filter(pk=unit.pk).exists()
    actions = list(audit.history(unit).values_list("action", flat=True))
    assert actions == ["restored", "deleted", "created"]


def test_history_page_shows_delete_and_restore(users, demo_password):
    unit = organization_create(actor=SYSTEM, name="测试基金会", kind="foundation")
    organization_delete(actor=users["admin"], organization=unit)
    client = Client()
    client.force_login(users["admin"])
    url = f"/history/orgs.Organization/{unit.pk}/"
    page = client.get(url).content.decode()
    assert "删除" in page and "恢复" in page
    response = client.post(f"/restore/orgs.Organization/{unit.pk}/")
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert page.count("admin") >= 2 and "恢复" in page
    assert Organization.objects.filter(pk=unit.pk).exists()


def test_history_hidden_from_users_who_cannot_see_the_record(users, program):
    client = Client()
    client.force_login(users["minmeng"])
    bijie = program("组团式帮扶毕节")
    assert client.get(f"/history/programs.Program/{bijie.pk}/").status_code == 200  # 民盟中央 is a partner
    outsider = Client()
    assert outsider.get(f"/history/programs.Program/{bijie.pk}/").status_code == 404


def test_entries_are_append_only(users, org):
    organization_update(actor=users["minjian"], organization=org("民建中央"), data={"description": "x"})
    entry = AuditEntry.objects.first()
    with pytest.raises(RuntimeError):
        entry.save()
    with pytest.raises(RuntimeError):
        entry.delete()


def test_stale_version_is_refused_with_the_other_change_named(users, org):
    minjian = org("民建中央")
    seen = minjian.version
    organization_update(actor=users["minjian"], organization=minjian, data={"description": "第一次"})
    stale = Organization.objects.get(pk=minjian.pk)
    with pytest.raises(Conflict, match="minjian"):
        organization_update(
            actor=users["admin"], organization=stale, data={"description": "覆盖"}, expected_version=seen
        )
    assert Organization.objects.get(pk=minjian.pk).description == "第一次"


def test_invalid_write_changes_nothing(users, org):
    count = AuditEntry.objects.count()
    with pytest.raises(Invalid):
        organization_update(
            actor=users["minjian"], organization=org("民建中央"), data={"kind": "no-such-kind"}
        )
    assert AuditEntry.objects.count() == count
    assert org("民建中央").kind == "democratic_party"


def test_bulk_record_writes_one_entry_per_row_in_the_batch(users):
    units = [organization_create(actor=SYSTEM, name=f"批量测试单位{i}", kind="other") for i in range(3)]
    batch = uuid.uuid4()
    with audit.context(source=AuditEntry.Source.IMPORT, batch=batch):
        written = audit.record_bulk(actor=users["admin"], action="created", objs=units)
    assert written == 3
    entries = AuditEntry.objects.filter(batch=batch)
    assert entries.count() == 3 and {e.actor for e in entries} == {users["admin"]}
    assert entries.first().changes["name"][1].startswith("批量测试单位")


def test_bulk_entries_read_the_links_of_all_rows_at_once(users, django_assert_max_num_queries):
    """Each entry holds the row's many-to-many ids, as a single write's does, read in one query
    per field for the whole batch rather than one per row."""
    domains = list(Domain.objects.order_by("pk")[:3])
    units = [organization_create(actor=SYSTEM, name=f"带领域的单位{i}", kind="other") for i in range(12)]
    for i, unit in enumerate(units):
        unit.domains.set(domains[: i % 4])  # none, one, two or three
    expected = {str(unit.pk): audit.snapshot(unit)["domains"] for unit in units}
    assert sorted(map(len, expected.values())) == [0] * 3 + [1] * 3 + [2] * 3 + [3] * 3
    batch = uuid.uuid4()
    with (
        audit.context(source=AuditEntry.Source.IMPORT, batch=batch),
        django_assert_max_num_queries(2 * 3),  # the links and the entries of each batch of five
    ):
        audit.record_bulk(actor=users["admin"], action="created", objs=units, batch_size=5)
    entries = AuditEntry.objects.filter(batch=batch)
    assert {e.object_id: e.changes["domains"][1] for e in entries} == expected


def test_bulk_entries_leave_out_links_to_deleted_rows_as_single_writes_do(users, org, program):
    bijie = program("组团式帮扶毕节")
    gone = organization_create(actor=SYSTEM, name="已撤销的牵头单位", kind="other")
    bijie.lead_organizations.add(org("民建中央"), gone)
    organization_delete(actor=users["admin"], organization=gone)
    expected = audit.snapshot(bijie)["lead_organizations"]
    assert gone.pk not in expected and org("民建中央").pk in expected
    batch = uuid.uuid4()
    with audit.context(source=AuditEntry.Source.IMPORT, batch=batch):
        audit.record_bulk(actor=users["admin"], action="created", objs=[bijie])
    assert AuditEntry.objects.get(batch=batch).changes["lead_organizations"][1] == expected


def test_a_run_entry_is_in_the_history_of_each_row_it_names_and_no_other(users, org):
    rows = [org("民建中央"), org("民盟中央")]
    pks = sorted(o.pk for o in rows)
    outside = Organization.objects.exclude(pk__in=pks).first()
    made = audit.record_runs(actor=users["admin"], action="created", model=Organization, pks=pks, changes={})
    assert made == len(audit.runs(pks))
    for organization in rows:
        assert audit.history(organization).filter(first_pk__isnull=False, actor=users["admin"]).count() == 1
    assert not audit.history(outside).filter(first_pk__isnull=False).exists()
    assert audit.runs([5, 3, 4, 9, 10, 12]) == [(3, 5), (9, 10), (12, 12)]
