"""Every link of the header works for every demo role: no page a user is sent to breaks."""

import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("username", ["admin", "coordinator", "minjian", "bijie", "viewer", None])
def test_header_links_answer_for_every_role(users, username):
    client = Client()
    if username:
        client.force_login(users[username])
    home = client.get("/")
    assert home.status_code == 200
    nav = re.search(r"<nav>(.*?)</nav>", home.content.decode(), re.S).group(1)
    links = [h for h in re.findall(r'href="([^"]+)"', nav) if h.startswith("/")]
    assert len(links) >= 6
    for link in links:
        response = client.get(link)
        assert response.status_code in (200, 302), (username, link, response.status_code)
