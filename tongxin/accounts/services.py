"""Writes to users, grants and tokens."""

import secrets

from django.contrib.auth import authenticate
from django.utils import timezone
from django.utils.translation import gettext as _

from tongxin.core import crud
from tongxin.core.errors import Forbidden

from .models import ApiToken, Grant, User


def grant_create(*, actor, user: User, role: str, **scope) -> Grant:
    grant = crud.create(actor=actor, instance=Grant(user=user, role=role, **scope))
    user.__dict__.pop("_tongxin_grants", None)
    return grant


def user_ensure(*, username: str, password: str, display_name: str = "", is_superuser: bool = False) -> User:
    """For loaders: create the user once; an existing user keeps the password they set."""
    user, created = User.objects.get_or_create(
        username=username,
        defaults={"display_name": display_name, "is_superuser": is_superuser, "is_staff": is_superuser},
    )
    if created:
        user.set_password(password)
        user.save(update_fields=["password"])
    return user


def token_issue(*, username: str, password: str) -> str:
    user = authenticate(username=username, password=password)
    if user is None or not user.is_active:
        raise Forbidden(_("用户名或密码错误。"))
    token = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, digest=ApiToken.digest_of(token))
    return token


def token_user(token: str) -> User | None:
    found = ApiToken.objects.filter(digest=ApiToken.digest_of(token)).select_related("user").first()
    if found is None or not found.user.is_active:
        return None
    ApiToken.objects.filter(pk=found.pk).update(last_used_at=timezone.now())
    return found.user
