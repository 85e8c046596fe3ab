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


class ChosenLanguageMiddleware:
    """zh-Hans unless the user chose another language (the header's switch sets the cookie).

    The browser's Accept-Language is ignored on purpose: an office's English-configured browser
    should not switch half the vocabulary of a Chinese report.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings
        from django.utils import translation

        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # The language is per request: the thread's previous one comes back afterwards, so a
        # worker thread (or the test process) is never left in the last visitor's language.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response
