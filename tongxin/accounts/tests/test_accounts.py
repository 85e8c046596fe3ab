import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_token_auth(api_client, demo_password):
    response = api_client.post(
        "/api/auth/token",
        {"username": "coordinator", "password": demo_password},
        content_type="application/json",
    )
    token = response.json()["token"]
    assert len(token) > 30
    anonymous = api_client.get("/api/programs?limit=100").json()["count"]
    authed = api_client.get("/api/programs?limit=100", HTTP_AUTHORIZATION=f"Bearer {token}").json()["count"]
    assert authed == anonymous + 1  # the unpublished 毕节 program


def test_wrong_password_and_bad_token(api_client):
    response = api_client.post(
        "/api/auth/token", {"username": "coordinator", "password": "nope"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert api_client.get("/api/programs", HTTP_AUTHORIZATION="Bearer forged").status_code == 401


def test_missing_or_forged_csrf_is_refused(users, org, demo_password):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["minjian"])
    minjian = org("民建中央")
    api = client.patch(
        f"/api/organizations/{minjian.pk}", {"description": "x"}, content_type="application/json"
    )
    assert api.status_code == 403
    page = client.post(
        f"/organizations/{minjian.pk}/edit/", {"name": "x", "kind": "other", "csrfmiddlewaretoken": "forged"}
    )
    assert page.status_code == 403
    minjian.refresh_from_db()
    assert minjian.description == "" and minjian.name == "中国民主建国会中央委员会"


def test_login_page_says_demo_and_home_lists_my_programs(demo_password):
    client = Client()
    page = client.get("/login/").content.decode()
    assert demo_password in page and "演示" in page
    assert client.login(username="coordinator", password=demo_password)
    assert (
        "组团式帮扶毕节" in client.get("/").content.decode()
        or "地域+领域" in client.get("/").content.decode()
    )


def test_chinese_by_default_english_when_chosen(demo_password):
    client = Client(HTTP_ACCEPT_LANGUAGE="en-US")
    page = client.get("/login/").content.decode()
    assert "用户名" in page and "Username" not in page
    client.post("/i18n/setlang/", {"language": "en", "next": "/login/"})
    page = client.get("/login/").content.decode()
    assert "Username" in page and "Log in" in page
