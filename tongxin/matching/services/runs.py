"""Matching runs as background jobs: a `MatchingRun` row for status and progress, a thread for the work.

The engine computes in memory; suggestions are written only at the end, in one transaction that
first re-reads the cancel flag, so a cancelled (or failed) run leaves no half-written suggestions.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import logging
import threading
import time

from django.db import close_old_connections, connections, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import audit, permissions
from tongxin.core.errors import Conflict, Forbidden

from .. import engine, inputs
from ..models import Match, MatchingRun, MatchStatus, RunStatus

log = logging.getLogger(__name__)
PROGRESS_EVERY_S = 0.3
CANCEL_EVERY_S = 0.5
STALE = dt.timedelta(hours=1)


def run_start(*, actor, program, background: bool = True) -> MatchingRun:
    """Queue a run; with `background` a thread starts once the transaction commits."""
    if actor is not permissions.SYSTEM and not permissions.may_add(actor, MatchingRun, program_id=program.pk):
        permissions.require(actor, permissions.VIEW, program)
        raise Forbidden(_("只有该项目群的工作专班可以发起对接计算。"))
    with transaction.atomic():
        # A run whose process died (a restart) never finishes; after STALE it no longer blocks.
        MatchingRun.objects.filter(
            program=program,
            status__in=[RunStatus.QUEUED, RunStatus.RUNNING],
            created_at__lt=timezone.now() - STALE,
        ).update(
            status=RunStatus.FAILED, message=_("计算中断(服务重启?),请重新计算。"), finished_at=timezone.now()
        )
        busy = MatchingRun.objects.filter(
            program=program, status__in=[RunStatus.QUEUED, RunStatus.RUNNING]
        ).first()
        if busy:
            raise Conflict(_("该项目群已有一次对接计算在进行中(#%(id)s)。") % {"id": busy.pk})
        settings = inputs.MatchSettings.objects.filter(program=program).first()
        snapshot = inputs.settings_snapshot(settings or inputs.MatchSettings(program=program))
        run = MatchingRun.objects.create(
            program=program,
            started_by=actor if getattr(actor, "pk", None) else None,
            settings=snapshot,
        )
        audit.record(
            actor=actor,
            action="matching.run_started",
            obj=run,
            changes={"settings": [None, snapshot]},
            program_id=program.pk,
        )
        if background:
            context = contextvars.copy_context()  # the audit source (web/API) travels with the job
            transaction.on_commit(lambda: _thread(run.pk, context))
    if not background:
        run_execute(run_id=run.pk)
        run.refresh_from_db()
    return run


def _thread(run_id: int, context: contextvars.Context) -> None:
    def work():
        close_old_connections()
        try:
            run_execute(run_id=run_id)
        finally:
            connections.close_all()

    threading.Thread(target=context.run, args=(work,), name=f"matching-run-{run_id}", daemon=True).start()


def run_cancel(*, actor, run: MatchingRun) -> MatchingRun:
    permissions.require(actor, permissions.CHANGE, run)
    if run.finished:
        return run
    MatchingRun.objects.filter(pk=run.pk).update(cancel_requested=True)
    audit.record(actor=actor, action="matching.run_cancelled", obj=run, changes={}, program_id=run.program_id)
    run.refresh_from_db()
    return run


class _Watch:
    """Throttled progress writes and cancel checks: the engine calls these thousands of times."""

    def __init__(self, run_id: int):
        self.run_id = run_id
        self.last_progress = 0.0
        self.last_cancel = 0.0
        self.cancelled = False

    def progress(self, fraction: float, stage: str) -> None:
        now = time.monotonic()
        if now - self.last_progress >= PROGRESS_EVERY_S or fraction >= 1:
            self.last_progress = now
            MatchingRun.objects.filter(pk=self.run_id).update(progress=min(fraction, 0.99), stage=stage[:100])

    def cancel(self) -> bool:
        now = time.monotonic()
        if not self.cancelled and now - self.last_cancel >= CANCEL_EVERY_S:
            self.last_cancel = now
            self.cancelled = MatchingRun.objects.filter(pk=self.run_id, cancel_requested=True).exists()
        return self.cancelled


def _finish(run_id: int, status: str, message: str = "", **fields) -> None:
    MatchingRun.objects.filter(pk=run_id).update(
        status=status, message=message, finished_at=timezone.now(), **fields
    )


def run_execute(*, run_id: int) -> None:
    """The job body: solve, then write every suggestion at once, or nothing."""
    run = MatchingRun.objects.select_related("program", "started_by").get(pk=run_id)
    if run.status != RunStatus.QUEUED:
        return
    MatchingRun.objects.filter(pk=run_id).update(status=RunStatus.RUNNING, started_at=timezone.now())
    watch = _Watch(run_id)
    try:
        data = inputs.build(run.program)
        MatchingRun.objects.filter(pk=run_id).update(needs=len(data.needs), offers=len(data.offers))
        if data.empty:
            _finish(
                run_id,
                RunStatus.EMPTY,
                _("没有可匹配的内容(nothing to match):该项目群没有待对接的需求或资源。"),
                progress=1.0,
            )
            return
        result = engine.solve(
            data.need_items, data.offer_items, data.settings, progress=watch.progress, cancel=watch.cancel
        )
    except engine.Cancelled:
        _finish(run_id, RunStatus.CANCELLED, _("已取消,未写入任何建议。"))
        return
    except Exception as exc:  # the run row must say what went wrong; the web request is long gone
        log.exception("matching run %s failed", run_id)
        _finish(run_id, RunStatus.FAILED, _("计算失败:%(e)s") % {"e": exc})
        return
    if result.status == "nothing to match":
        _finish(run_id, RunStatus.EMPTY, _("没有可匹配的内容(nothing to match)。"), progress=1.0)
        return
    if result.status == "no feasible pair":
        _finish(
            run_id,
            RunStatus.INFEASIBLE,
            _("在当前规则下没有任何可行的对接:请放宽“仅限同省”“东西部协作”或最低分等设置。(%(m)s)")
            % {"m": result.message},
            progress=1.0,
            certificate=_jsonable(result.certificate),
            timings=_jsonable(result.timings),
        )
        return
    try:
        _write(run, result)
    except engine.Cancelled:
        _finish(run_id, RunStatus.CANCELLED, _("已取消,未写入任何建议。"))


def _jsonable(value):
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if hasattr(value, "item"):
        return value.item()
    return value


def _write(run: MatchingRun, result) -> None:
    """All suggestions of the run, superseding undecided ones it no longer proposes; one transaction."""
    actor = run.started_by or permissions.SYSTEM
    now = timezone.now()
    with transaction.atomic():
        locked = MatchingRun.objects.select_for_update().get(pk=run.pk)
        if locked.cancel_requested:
            raise engine.Cancelled
        existing = {(m.need_id, m.offer_id): m for m in Match.objects.filter(program=run.program)}
        new, refreshed, chosen = [], [], set()
        for pair in result.pairs:
            key = (pair.need_id, pair.offer_id)
            chosen.add(key)
            parts = _jsonable(pair.parts)
            match = existing.get(key)
            if match is None:
                new.append(
                    Match(
                        program=run.program,
                        need_id=pair.need_id,
                        offer_id=pair.offer_id,
                        run=run,
                        score=float(pair.score),
                        parts=parts,
                        phrases=list(pair.phrases),
                    )
                )
            else:
                match.run, match.score, match.parts, match.phrases = (
                    run,
                    float(pair.score),
                    parts,
                    list(pair.phrases),
                )
                refreshed.append(match)
        stale = [
            m
            for key, m in existing.items()
            if key not in chosen and m.status == MatchStatus.PROPOSED and not m.locked
        ]
        for m in stale:
            m.deleted_at = now
        Match.objects.bulk_update(stale, ["deleted_at"], batch_size=500)
        Match.objects.bulk_update(refreshed, ["run", "score", "parts", "phrases"], batch_size=500)
        created = Match.objects.bulk_create(new, batch_size=500)
        program_id = run.program_id
        audit.record_bulk(
            actor=actor, action="matching.superseded", objs=stale, program_id_of=lambda m: program_id
        )
        audit.record_bulk(
            actor=actor,
            action="matching.suggested",
            objs=[*created, *refreshed],
            program_id_of=lambda m: program_id,
        )
        _finish(
            run.pk,
            RunStatus.DONE,
            _("已完成:%(n)s对建议,最优性已在全部配对上验证(差距 %(gap)s)。")
            % {"n": len(result.pairs), "gap": result.certificate.get("gap", 0)},
            progress=1.0,
            stage="done",
            pairs=len(result.pairs),
            objective=float(result.objective),
            certificate=_jsonable(result.certificate),
            timings=_jsonable(result.timings),
        )
