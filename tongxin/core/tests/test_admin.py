"""The Django admin is for administrators: it answers through the same policy and audited crud."""

import pytest
from django.test import Client

from tongxin.core.models import AuditEntry
from tongxin.core.permissions import SYSTEM
from tongxin.orgs.models import Organization
from tongxin.orgs.services import organization_create

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_administrator_sees_the_index_and_a_changelist(users, org):
    client = _client(users["admin"])
    index = client.get("/admin/")
    assert index.status_code == 200 and "/admin/orgs/organization/" in index.content.decode()
    changelist = client.get("/admin/orgs/organization/?q=民建中央")
    assert changelist.status_code == 200
    assert org("民建中央").name in changelist.content.decode()
    change = client.get(f"/admin/orgs/organization/{org('民建中央').pk}/change/")
    assert change.status_code == 200
    assert client.get("/admin/core/auditentry/").status_code == 200


@pytest.mark.parametrize("username", ["viewer", "minjian", "coordinator"])
def test_non_administrators_are_refused(users, org, username):
    client = _client(users[username])
    for path in (
        "/admin/",
        "/admin/orgs/organization/",
        f"/admin/orgs/organization/{org('民建中央').pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/"), path
    response = client.post(f"/admin/orgs/organization/{org('民建中央').pk}/delete/", {"post": "yes"})
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
    assert Organization.objects.filter(pk=org("民建中央").pk).exists()


def test_anonymous_is_sent_to_the_login():
    response = Client().get("/admin/orgs/organization/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_admin_delete_is_soft_and_audited(users):
    victim = organization_create(actor=SYSTEM, name="测试删除用商会", kind="other")
    response = _client(users["admin"]).post(f"/admin/orgs/organization/{victim.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=victim.pk).exists()
    kept = Organization.all_objects.get(pk=victim.pk)
    assert kept.deleted_at is not None and kept.deleted_by == users["admin"]
    entry = AuditEntry.objects.filter(object_id=str(victim.pk), action="deleted").get()
    assert entry.actor == users["admin"] and entry.source == AuditEntry.Source.ADMIN
