"""台账: the tabular view of any record type, declared once per app, served by core.

See `declare.py` for what an app declares, `query.py` for filters, totals and the pivot,
`xlsx.py` and `importer.py` for Excel out and in, `jobs.py` for large imports in the background
with their progress, `bulk.py` for the fast inserts a bulk importer may use, `views.py` and
`api.py` for serving.
"""

from .declare import (
    ChoiceFilter,
    Column,
    DateRangeFilter,
    Dimension,
    Filter,
    ImportColumn,
    Importer,
    Ledger,
    PrefixFilter,
    Rate,
    SaveReport,
    TextFilter,
    Total,
    ValueFilter,
    choice_labels,
    model_labels,
)

REGISTRY: dict[str, Ledger] = {}


def register(ledger: Ledger) -> Ledger:
    if ledger.key in REGISTRY and REGISTRY[ledger.key] is not ledger:
        raise ValueError(f"ledger {ledger.key!r} registered twice")
    REGISTRY[ledger.key] = ledger
    return ledger


def get(key: str) -> Ledger:
    return REGISTRY[key]


__all__ = [
    "REGISTRY",
    "ChoiceFilter",
    "Column",
    "DateRangeFilter",
    "Dimension",
    "Filter",
    "ImportColumn",
    "Importer",
    "Ledger",
    "PrefixFilter",
    "Rate",
    "SaveReport",
    "TextFilter",
    "Total",
    "ValueFilter",
    "choice_labels",
    "get",
    "model_labels",
    "register",
]
