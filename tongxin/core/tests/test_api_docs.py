"""The API documents itself: the interactive page and the OpenAPI schema it is drawn from."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_docs_page_is_served():
    response = Client().get("/api/docs")
    assert response.status_code == 200
    assert "openapi.json" in response.content.decode()


def test_schema_lists_the_documented_endpoints():
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.") and schema["info"]["title"].startswith("Tongxin")
    paths = schema["paths"]
    for path, method in [
        ("/api/regions/{code}", "get"),
        ("/api/regions", "get"),
        ("/api/programs/{program_id}/summary", "get"),
        ("/api/assignments/{assignment_id}", "patch"),
        ("/api/auth/token", "post"),
        ("/api/ingest/documents", "post"),
        ("/api/ingest/reported", "get"),
    ]:
        assert method in paths.get(path, {}), path
    region = paths["/api/regions/{code}"]["get"]
    assert [p["name"] for p in region["parameters"]] == ["code"]
