"""Writes of the matching app, one module per sub-noun; import them from here."""

from .forbidden import forbidden_add, forbidden_remove
from .records import (
    need_create,
    need_delete,
    need_transition,
    need_update,
    offer_create,
    offer_delete,
    offer_update,
    settings_get,
    settings_update,
)
from .review import match_accept, match_agree, match_lock, match_propose, match_reject
from .runs import run_cancel, run_execute, run_start

__all__ = [
    "forbidden_add",
    "forbidden_remove",
    "match_accept",
    "match_agree",
    "match_lock",
    "match_propose",
    "match_reject",
    "need_create",
    "need_delete",
    "need_transition",
    "need_update",
    "offer_create",
    "offer_delete",
    "offer_update",
    "run_cancel",
    "run_execute",
    "run_start",
    "settings_get",
    "settings_update",
]
