"""The chosen language lasts one request: it must not leak into later requests or code."""

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

pytestmark = pytest.mark.django_db

# A message that has an English translation in tongxin/locale/en.
CYCLE = "上级组织不能是本组织或其下级。"


def test_english_request_leaves_the_default_language_behind():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get("/login/")
    assert response["Content-Language"] == "en" and "Username" in response.content.decode()
    assert translation.get_language() == settings.LANGUAGE_CODE
    assert gettext(CYCLE) == CYCLE


def test_previous_language_is_restored_not_just_reset():
    with translation.override("en"):
        response = Client().get("/login/")
        assert response["Content-Language"] == "zh-hans" and "用户名" in response.content.decode()
        assert translation.get_language() == "en"
        assert gettext(CYCLE).startswith("An organization")
    assert gettext(CYCLE) == CYCLE


def test_unknown_cookie_falls_back_to_chinese():
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get("/login/")
    assert response["Content-Language"] == "zh-hans" and "用户名" in response.content.decode()
