"""Page helpers every app's views share: error mapping, the generic history view, restore."""

from functools import wraps

from django.apps import apps
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import audit, crud, permissions
from .errors import Conflict, Forbidden, Invalid, NotFound


def page_errors(view):
    """NotFound → 404 and Forbidden → 403 pages, whichever layer raised them."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise Http404(exc.message) from None
        except Forbidden as exc:
            raise PermissionDenied(exc.message) from None

    return wrapper


def apply_errors(form, exc: Invalid) -> None:
    """Put a service's field errors on the form the user filled in."""
    for name, errs in exc.fields.items():
        target = name if name in form.fields else None
        for err in errs:
            form.add_error(target, err)
    if not exc.fields:
        form.add_error(None, exc.message)


def form_errors(form) -> str:
    """A form's errors as one message line that names each field by its label."""
    return "; ".join(
        f"{form.fields[k].label}:{' '.join(v)}" if k in form.fields else " ".join(v)
        for k, v in form.errors.items()
    )


def save_edit(request, form, obj, save) -> tuple[bool, Conflict | None]:
    """An edit form's POST with lost-update protection, the same on every record page.

    `save(data, expected_version)` calls the service with the version the user edited; a region
    the service cannot place and its field errors land on the form, and a newer save by someone
    else comes back as the conflict for the page to show beside the form (status 409)."""
    if request.method != "POST" or not form.is_valid():
        return False, None
    try:
        # A POST that does not say which version it edited is refused as stale, never trusted.
        save(dict(form.cleaned_data), int(request.POST.get("version") or 0))
    except Conflict as exc:
        return False, exc
    except LookupError as exc:
        if not hasattr(exc, "candidates"):  # only regions' RegionNotFound: an unknown or ambiguous place
            raise
        form.add_error("region" if "region" in form.fields else None, str(exc))
    except Invalid as exc:
        apply_errors(form, exc)
    else:
        return True, None
    return False, None


def edit_status(form, conflict) -> int:
    return 409 if conflict else (422 if form.errors else 200)


def _model(label: str):
    try:
        model = apps.get_model(label)
        permissions.policy_for(model)
    except (LookupError, ValueError):
        raise Http404(label) from None
    return model


@page_errors
def history(request, label: str, pk: str):
    model = _model(label)
    obj = model._base_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    permissions.require(request.user, permissions.VIEW, obj)
    entries = audit.history(obj)
    rows = [
        {
            "entry": e,
            "action": audit.ACTIONS.get(e.action, e.action),
            "changes": [(field, old, new) for field, (old, new) in e.changes.items()],
        }
        for e in entries
    ]
    return render(
        request,
        "core/history.html",
        {
            "obj": obj,
            "label": label,
            "rows": rows,
            "can_restore": obj.deleted_at is not None
            and permissions.can(request.user, permissions.RESTORE, obj),
        },
    )


@require_POST
@page_errors
def restore(request, label: str, pk: str):
    model = _model(label)
    obj = model._base_manager.filter(pk=pk).first()
    if obj is None:
        raise Http404
    crud.restore(actor=request.user, instance=obj)
    messages.success(request, _("已恢复“%(o)s”。") % {"o": obj})
    return HttpResponseRedirect(request.POST.get("next") or request.path.replace("/restore/", "/history/"))


def ledger_index(request):
    """Every registered 台账, for the navigation."""
    from .ledger import REGISTRY

    ledgers = sorted(REGISTRY.values(), key=lambda ledger: ledger.title)
    return render(request, "core/ledger_index.html", {"ledgers": ledgers})


def bad_request(request, exception=None):
    """handler400: a body over the upload limit gets a message that names the limit, not a bare 400."""
    from django.core.exceptions import RequestDataTooBig

    from .api import too_big_message

    if isinstance(exception, RequestDataTooBig):
        return render(request, "400.html", {"message": too_big_message()}, status=413)
    return render(request, "400.html", {"message": _("请求无效。")}, status=400)
