"""Matching pages: the program's workspace and runs (review), and the need and offer pages."""

from .forbidden import forbidden_add, forbidden_remove
from .records import (
    need_add,
    need_detail,
    need_partners,
    need_propose,
    need_status,
    offer_add,
    offer_detail,
)
from .runs import match_decide, run_cancel, run_detail, run_progress, run_start, settings_save, workspace

__all__ = [
    "forbidden_add",
    "forbidden_remove",
    "match_decide",
    "need_add",
    "need_detail",
    "need_partners",
    "need_propose",
    "need_status",
    "offer_add",
    "offer_detail",
    "run_cancel",
    "run_detail",
    "run_progress",
    "run_start",
    "settings_save",
    "workspace",
]
