"""Import jobs: a large sheet is imported in a background thread while the page shows how far it is.

A job is a small JSON file under VAR_DIR/import-jobs (state, phase, progress, counts, the first
errors), written atomically by the worker and read by the status page and API, so any process of
the site can answer "how far is it" without a table of its own. The upload is kept beside it until
the job ends; the error report (bad cells marked) is kept for download. The import itself is
`importer.run`: one transaction, all or nothing, whatever thread runs it.
"""

from __future__ import annotations

import contextvars
import json
import os
import threading
import time
import uuid
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connections
from django.utils import timezone

from .. import permissions
from ..errors import NotFound, TongxinError
from . import REGISTRY, importer, xlsx

PROGRESS_EVERY_S = 0.25
# Sheets up to this size are imported within the request; larger ones become background jobs.
INLINE_BYTES = 256 * 1024


@dataclass
class Job:
    id: str
    ledger: str
    user_id: int | None
    filename: str
    state: str = "queued"  # queued | running | done | failed | refused
    phase: str = "排队中"
    progress: float = 0.0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    error_count: int = 0
    errors: list[dict] = field(default_factory=list)
    message: str = ""
    report: str = ""
    started_at: str = ""
    finished_at: str = ""

    @property
    def finished(self) -> bool:
        return self.state in ("done", "failed", "refused")

    @property
    def percent(self) -> int:
        return round(self.progress * 100)

    def as_dict(self) -> dict:
        return {**asdict(self), "finished": self.finished, "percent": self.percent}


def _folder() -> Path:
    folder = Path(settings.VAR_DIR) / "import-jobs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _save(job: Job) -> None:
    path = _folder() / f"{job.id}.json"
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(asdict(job), ensure_ascii=False))
    os.replace(tmp, path)


def get(job_id: str, *, user=None, key: str | None = None) -> Job:
    """The job, for the user who started it or an administrator; anyone else gets 'not found'."""
    try:
        uuid.UUID(job_id)
        data = json.loads((_folder() / f"{job_id}.json").read_text())
    except (ValueError, OSError):
        raise NotFound("导入任务不存在。") from None
    job = Job(**data)
    if key is not None and job.ledger != key:
        raise NotFound("导入任务不存在。")
    others = user is not None and user is not permissions.SYSTEM and not permissions.is_admin(user)
    if others and getattr(user, "pk", None) != job.user_id:
        raise NotFound("导入任务不存在。")
    return job


def start(ledger_key: str, *, actor, name: str, data: bytes, background: bool | None = None) -> Job:
    """Queue an import. Refuses oversize files at once; runs in a thread when the file is large
    (or `background=True`), otherwise before returning."""
    if len(data) > importer.MAX_BYTES:
        raise importer.ImportRefused(f"文件超过{importer.MAX_BYTES // 1024 // 1024}MB上限,请拆分后导入。")
    job = Job(id=uuid.uuid4().hex, ledger=ledger_key, user_id=getattr(actor, "pk", None), filename=name)
    suffix = Path(name).suffix.lower()[:8]
    (_folder() / f"{job.id}.upload{suffix}").write_bytes(data)
    _save(job)
    if background is None:
        background = len(data) > INLINE_BYTES and not getattr(settings, "TONGXIN_IMPORT_INLINE", False)
    if background:
        context = contextvars.copy_context()  # the audit source travels with the job

        def work():
            close_old_connections()
            try:
                execute(job.id)
            finally:
                connections.close_all()

        threading.Thread(target=context.run, args=(work,), name=f"import-{job.id}", daemon=True).start()
    else:
        execute(job.id)
    return get(job.id)


def _actor(user_id):
    if user_id is None:
        return permissions.SYSTEM
    from django.contrib.auth import get_user_model

    return get_user_model().objects.get(pk=user_id)


def execute(job_id: str) -> Job:
    job = get(job_id)
    upload = next(_folder().glob(f"{job_id}.upload*"))
    job.state, job.started_at = "running", timezone.now().isoformat()
    _save(job)
    last = [0.0]

    def progress(fraction: float, phase: str) -> None:
        now = time.monotonic()
        if now - last[0] >= PROGRESS_EVERY_S or fraction >= 1:
            last[0] = now
            job.progress, job.phase = min(fraction, 0.99), phase
            _save(job)

    try:
        result = importer.run(
            REGISTRY[job.ledger],
            actor=_actor(job.user_id),
            name=job.filename,
            data=upload.read_bytes(),
            progress=progress,
        )
    except TongxinError as exc:
        job.state, job.message = "refused", exc.message
    except Exception as exc:  # the job must end in a state the page can show
        job.state, job.message = "failed", f"{type(exc).__name__}: {exc}"
    else:
        job.created, job.updated, job.unchanged = result.created, result.updated, result.unchanged
        job.error_count = len(result.errors)
        job.errors = [
            {"row": e.row, "column": e.column, "value": str(e.value or ""), "message": e.message}
            for e in result.errors[:200]
        ]
        if result.errors:
            job.state, job.message = "refused", f"发现{len(result.errors)}处错误,未写入任何数据。"
            job.report = _write_report(job, result)
        else:
            job.state = "done"
            job.message = f"导入完成:新增{result.created}条,更新{result.updated}条,未变{result.unchanged}条。"
    finally:
        upload.unlink(missing_ok=True)
    job.progress, job.phase, job.finished_at = 1.0, "完成", timezone.now().isoformat()
    _save(job)
    return job


def _write_report(job: Job, result) -> str:
    import shutil

    report = xlsx.error_report(result.sheet.rows, result.header_row, result.errors, result.sheet.name)
    name = f"{job.id}.errors.xlsx"
    with open(_folder() / name, "wb") as out:
        shutil.copyfileobj(report, out)
    return name


def report_path(job: Job) -> Path | None:
    return _folder() / job.report if job.report else None
