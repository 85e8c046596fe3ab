from . import audit
from .models import AuditEntry


class AuditSourceMiddleware:
    """Marks every write made while serving a request with where it came from."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path_info
        if path.startswith("/api/"):
            source = AuditEntry.Source.API
        elif path.startswith("/admin/"):
            source = AuditEntry.Source.ADMIN
        else:
            source = AuditEntry.Source.WEB
        with audit.context(source=source):
            return self.get_response(request)
