"""Shared fixtures: the whole region table and the demo programs, loaded once per test database.

Each test then runs inside a transaction that is rolled back, so tests see the real national
codes and the demo organizations without paying for loading them again.
"""

import pytest
from django.conf import settings

from tongxin.core import audit
from tongxin.core.models import AuditEntry


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    from tongxin.demo import foundation
    from tongxin.regions.loader import load_regions

    with django_db_blocker.unblock(), audit.context(source=AuditEntry.Source.COMMAND):
        load_regions()
        foundation.load()


@pytest.fixture
def users(db):
    from tongxin.accounts.models import User

    return {u.username: u for u in User.objects.all()}


@pytest.fixture
def demo_password():
    return settings.TONGXIN_DEMO_PASSWORD


@pytest.fixture
def org(db):
    from tongxin.orgs.models import Organization

    def get(short_name: str) -> Organization:
        return Organization.objects.get(short_name=short_name)

    return get


@pytest.fixture
def program(db):
    from tongxin.programs.models import Program

    def get(short_name: str) -> Program:
        return Program.objects.get(short_name=short_name)

    return get


@pytest.fixture
def api_client(db):
    """A JSON client that can log in as a demo user by bearer token."""
    from django.test import Client

    class ApiClient(Client):
        def as_user(self, username: str):
            response = self.post(
                "/api/auth/token",
                {"username": username, "password": settings.TONGXIN_DEMO_PASSWORD},
                content_type="application/json",
            )
            assert response.status_code == 200, response.content
            self.defaults["HTTP_AUTHORIZATION"] = f"Bearer {response.json()['token']}"
            return self

        def send(self, method: str, path: str, data=None):
            return getattr(self, method)(path, data, content_type="application/json")

    return ApiClient()
