"""Bad input is refused clearly, in the user's language, on every path, and nothing is written."""

import json

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client

from tongxin.core.models import AuditEntry
from tongxin.ingest.engine import cli
from tongxin.ingest.models import Document, Fact

ARTICLE = "统一战线帮扶毕节纪实\n\n统一战线在毕节实施组团式帮扶项目1383个、投入资金4.67亿元。(完)\n"
LIMIT = 20 * 1024 * 1024
# Just over the limit in UTF-8 (3 bytes a character): 21 MB.
BIG = ARTICLE * (21 * 1024 * 1024 // len(ARTICLE.encode()) + 1)


def _written() -> tuple[int, int, int]:
    return Document.all_objects.count(), Fact.all_objects.count(), AuditEntry.objects.count()


def _coordinator(users, *, language: str = "") -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["coordinator"])
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    client.get("/ingest/upload/")
    return client


def _post(client: Client, data: dict):
    return client.post("/ingest/upload/", {**data, "csrfmiddlewaretoken": client.cookies["csrftoken"].value})


@pytest.mark.django_db
def test_page_refuses_pasted_text_over_20mb(users, program):
    assert len(BIG.encode()) > LIMIT
    before = _written()
    response = _post(
        _coordinator(users), {"program": program("组团式帮扶毕节").pk, "title": "大", "text": BIG}
    )
    assert response.status_code == 422
    page = response.content.decode()
    assert "文本超过20MB上限" in page and "<form" in page
    assert _written() == before


@pytest.mark.django_db
def test_page_refuses_a_file_over_20mb(users, program):
    before = _written()
    upload = SimpleUploadedFile("big.txt", BIG.encode(), content_type="text/plain")
    response = _post(_coordinator(users), {"program": program("组团式帮扶毕节").pk, "file": upload})
    assert response.status_code == 422 and "文本超过20MB上限" in response.content.decode()
    assert _written() == before


@pytest.mark.django_db
def test_api_refuses_text_over_20mb(api_client, program):
    client = api_client.as_user("coordinator")
    before = _written()
    body = json.dumps(
        {"program": program("组团式帮扶毕节").pk, "title": "大", "text": BIG}
    )  # \\uXXXX: 6 bytes a character
    response = client.post("/api/ingest/documents", body, content_type="application/json")
    assert response.status_code == 422
    refusal = response.json()
    assert "20MB" in refusal["message"] and "text" in refusal["fields"]
    assert _written() == before


@pytest.mark.django_db
def test_api_refuses_a_file_over_20mb(api_client, program):
    client = api_client.as_user("coordinator")
    before = _written()
    upload = SimpleUploadedFile("big.txt", b"a" * (LIMIT + 1), content_type="text/plain")
    response = client.post(
        "/api/ingest/documents/file", {"program": program("组团式帮扶毕节").pk, "file": upload}
    )
    assert response.status_code == 422 and "20MB" in response.json()["message"]
    assert _written() == before


BAD_FILES = [
    ("utf16.txt", ARTICLE.encode("utf-16"), "二进制数据或UTF-16/32编码", "binary data or UTF-16/32"),
    ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 100, "二进制数据或UTF-16/32编码", "binary data or UTF-16/32"),
    ("empty.txt", b"  \n", "文件是空的", "The file is empty"),
    ("fake.docx", b"not a zip", "无法读取该Word文件", "not a valid Word"),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "chinese", "english"), BAD_FILES)
def test_page_refusal_is_in_chinese(users, program, name, data, chinese, english):
    before = _written()
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    response = _post(_coordinator(users), {"program": program("组团式帮扶毕节").pk, "file": upload})
    page = response.content.decode()
    assert response.status_code == 422 and chinese in page
    assert english.lower() not in page.lower() and "binary data" not in page
    assert _written() == before


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "data", "chinese", "english"), BAD_FILES)
def test_page_refusal_in_english_when_chosen(users, program, name, data, chinese, english):
    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    client = _coordinator(users, language="en")
    response = _post(client, {"program": program("组团式帮扶毕节").pk, "file": upload})
    page = response.content.decode()
    assert response.status_code == 422 and english.lower() in page.lower() and chinese not in page


@pytest.mark.django_db
def test_api_refusal_is_in_chinese(api_client, program):
    client = api_client.as_user("coordinator")
    upload = SimpleUploadedFile("utf16.txt", ARTICLE.encode("utf-16"), content_type="text/plain")
    response = client.post(
        "/api/ingest/documents/file", {"program": program("组团式帮扶毕节").pk, "file": upload}
    )
    assert response.status_code == 422
    assert "二进制数据或UTF-16/32编码" in response.json()["message"]
    assert response.json()["fields"]["file"]


def test_cli_refuses_empty_and_binary_files_and_goes_on(tmp_path, capsys):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b" \n\n")
    (tmp_path / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "empty.docx").write_bytes(b"")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    out = tmp_path / "out"
    names = ["empty.txt", "blank.txt", "binary.txt", "empty.docx", "good.txt"]
    status = cli.main([*(str(tmp_path / n) for n in names), "--out", str(out)])
    err = capsys.readouterr().err.splitlines()
    assert status == 1
    assert sorted(p.name for p in out.iterdir()) == ["good.pred.jsonl"]
    assert (out / "good.pred.jsonl").read_text(encoding="utf-8").count("\n") >= 2
    for name in names[:-1]:
        line = next(e for e in err if e.startswith(str(tmp_path / name) + ":"))
        assert "refused" in line and "no prediction file written" in line
    assert not any(e.startswith(str(tmp_path / "good.txt")) for e in err)
    assert "empty" in err[0] and "binary" in err[2]


def test_cli_exits_zero_when_every_file_is_read(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    assert cli.main([str(tmp_path / "good.txt"), "--out", str(tmp_path / "out")]) == 0


@pytest.mark.django_db
def test_management_command_refuses_in_chinese(tmp_path, capsys):
    import io

    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    stderr, stdout = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "extract",
            str(tmp_path / "empty.txt"),
            str(tmp_path / "good.txt"),
            "--out",
            str(tmp_path / "out"),
            stdout=stdout,
            stderr=stderr,
        )
    assert f"{tmp_path / 'empty.txt'}: 已拒绝,未写出预测文件:文件是空的" in stderr.getvalue()
    assert (tmp_path / "out" / "good.pred.jsonl").is_file()
    assert not (tmp_path / "out" / "empty.pred.jsonl").exists()
