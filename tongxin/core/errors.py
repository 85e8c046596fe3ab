"""One exception hierarchy for services; one mapping to pages and API answers.

Every service raises these, naming the field (and, in an import, the row), so the page, the
API and the import report say the same thing.
"""

from django.core.exceptions import ValidationError as DjangoValidationError


class TongxinError(Exception):
    status = 400

    def __init__(self, message: str, *, fields: dict[str, list[str]] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}

    def as_dict(self) -> dict:
        return {"message": self.message, "fields": self.fields}


class Invalid(TongxinError):
    """Bad input: the message names the field; nothing was written."""

    status = 422

    @classmethod
    def from_django(cls, exc: DjangoValidationError) -> "Invalid":
        if hasattr(exc, "error_dict"):
            fields = {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        else:
            fields = {"__all__": [str(m) for m in exc.messages]}
        message = "; ".join(
            f"{k}: {' '.join(v)}" if k != "__all__" else " ".join(v) for k, v in fields.items()
        )
        return cls(message, fields=fields)


class Forbidden(TongxinError):
    status = 403


class NotFound(TongxinError):
    """Also the answer for records the user may not see: no leak that they exist."""

    status = 404


class Conflict(TongxinError):
    status = 409
