"""A request body over the upload limit is refused with a message naming the limit, on a page and
on the API alike, and nothing is written."""

import pytest
from django.test import override_settings

from tongxin.ingest.models import Document

pytestmark = pytest.mark.django_db


@override_settings(DATA_UPLOAD_MAX_MEMORY_SIZE=1024 * 1024)
def test_oversized_bodies_name_the_limit(client, api_client, users):
    body = "毕节" * 400_000  # 2.4 MB of UTF-8
    client.force_login(users["coordinator"])
    page = client.post("/ingest/upload/", {"text": body, "title": "x"})
    assert page.status_code == 413 and "1MB上限" in page.content.decode()
    api = api_client.as_user("coordinator").post(
        "/api/ingest/documents", {"text": body}, content_type="application/json"
    )
    assert api.status_code == 413 and "1MB上限" in api.json()["message"]
    assert not Document.objects.exists()
