"""Playwright driving Debian's Chromium (/usr/bin/chromium) against the live test server.

Playwright never downloads a browser here; `make install-test` installs Debian's package.
"""

import os

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = os.environ.get("TONGXIN_CHROMIUM", "/usr/bin/chromium")
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


HERE = os.path.dirname(__file__)


def pytest_collection_modifyitems(items):
    for item in items:
        if str(item.path).startswith(HERE):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory):
    """A test database in a file, not in memory: the live server's threads and the jobs it starts
    (matching runs) share an in-memory database's cache, where a reader locks a table against a
    writer without waiting ("database table is locked"); in a WAL file they wait for each other."""
    from django.conf import settings

    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(scope="session")
def browser():
    # Playwright's sync API runs an event loop in this thread; the ORM calls made by the test
    # itself are ordinary synchronous ones.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: run `make install-test` (installs Debian's chromium)")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def demo_site(transactional_db, live_server):
    """The live server with the demo loaded (transactional tests start from an empty database)."""
    from tongxin.demo import foundation
    from tongxin.regions.loader import load_regions
    from tongxin.regions.models import Region

    if not Region.objects.filter(code="520524").exists():
        load_regions(provinces=("11", "34", "37", "51", "52"))
    foundation.load()
    return live_server.url


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture
def login(page, demo_site, demo_password):
    def as_user(username: str):
        page.goto(f"{demo_site}/login/")
        page.fill("#id_username", username)
        page.fill("#id_password", demo_password)
        page.click("#login button[type=submit]")
        page.wait_for_url(f"{demo_site}/")
        return page

    return as_user
