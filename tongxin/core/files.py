"""Stored documents (agreements, evidence, attachments) reach a browser only through here.

Nothing is served from a public media URL: a file is as visible as the record that holds it, so
the permission policy of that record decides, and a file the user may not see is "not found".
"""

from __future__ import annotations

from pathlib import PurePosixPath

from django.db import models
from django.http import FileResponse, Http404

from . import permissions


def serve(user, qs: models.QuerySet, *, pk: int, field: str = "file") -> FileResponse:
    obj = permissions.get_or_404(user, qs, pk=pk)
    stored = getattr(obj, field)
    if not stored:
        raise Http404
    return FileResponse(stored.open("rb"), as_attachment=True, filename=PurePosixPath(stored.name).name)
