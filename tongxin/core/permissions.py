"""The one permission module: pages, API, admin, ledgers, exports and services all ask it.

A user holds grants: a role with a scope (a program, an organization subtree, or a region subtree
by national-code prefix). Each record type declares one `Policy`: the paths from a row to its
program, organizations and regions, where it is published, and which roles may use which verb.
Core answers `can(user, verb, obj)` and `scoped(user, verb, qs)`; services call `require()`.
Grants are read through the function named in `settings.TONGXIN_GRANTS_READER`, so core never
imports `accounts`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .errors import Forbidden, NotFound

VIEW, ADD, CHANGE, DELETE, RESTORE = "view", "add", "change", "delete", "restore"
VERBS = (VIEW, ADD, CHANGE, DELETE, RESTORE)


class Role(models.TextChoices):
    ADMIN = "admin", "管理员"
    COORDINATOR = "coordinator", "工作专班"
    MEMBER = "member", "组织成员"
    REGION_STAFF = "region_staff", "地方工作人员"
    VIEWER = "viewer", "只读用户"


WRITERS = frozenset({Role.COORDINATOR, Role.MEMBER})


@dataclass(frozen=True)
class Grant:
    """A role and its scope; an empty scope means everywhere (used by viewers)."""

    role: str
    program_id: int | None = None
    org_path: str | None = None
    region_prefix: str | None = None

    @property
    def unscoped(self) -> bool:
        return self.program_id is None and self.org_path is None and self.region_prefix is None


class _System:
    """The actor of management commands and loaders: allowed everything, audited as 'system'."""

    pk = None
    is_authenticated = True
    is_active = True

    def get_username(self) -> str:
        return "system"

    def __str__(self) -> str:
        return "system"


SYSTEM = _System()


@dataclass
class Policy:
    """How one record type is scoped. Paths are ORM lookups from the row.

    `org` paths end at an Organization's materialized `path`; `region` paths end at a region code.
    `published` is a path to a boolean, or `True` for reference data anyone may read.
    `roles` maps each write verb to the roles that may use it within their scope.
    """

    program: tuple[str, ...] = ()
    org: tuple[str, ...] = ()
    region: tuple[str, ...] = ()
    published: str | bool | None = None
    roles: dict[str, frozenset[str]] = field(
        default_factory=lambda: {ADD: WRITERS, CHANGE: WRITERS, DELETE: WRITERS}
    )
    distinct: bool = False
    # Roles whose grants reach every row of this type, whatever their scope (a shared vocabulary
    # any coordinator may extend).
    anywhere: frozenset[str] = frozenset()

    def allows(self, role: str, verb: str) -> bool:
        if role == Role.ADMIN:
            return True
        if verb == VIEW:
            return True
        if role == Role.VIEWER or verb == RESTORE:
            return False
        return role in self.roles.get(verb, frozenset())

    def scope_q(self, grant: Grant) -> Q | None:
        """The rows this grant reaches, or None for 'every row'."""
        if (grant.unscoped and grant.role in (Role.VIEWER, Role.ADMIN)) or grant.role in self.anywhere:
            return None
        paths: list[tuple[str, object]] = []
        if grant.program_id is not None:
            paths += [(p, grant.program_id) for p in self.program]
        q = Q(pk__in=[])
        for lookup, value in paths:
            q |= Q(**{lookup: value})
        if grant.org_path is not None:
            for p in self.org:
                q |= prefix_q(p, grant.org_path)
        if grant.region_prefix is not None:
            for p in self.region:
                q |= prefix_q(p, grant.region_prefix)
        return q


_POLICIES: dict[type[models.Model], Policy] = {}


def register(model: type[models.Model], policy: Policy) -> None:
    _POLICIES[model] = policy


def policy_for(model: type[models.Model]) -> Policy:
    model = model._meta.concrete_model
    try:
        return _POLICIES[model]
    except KeyError:
        raise LookupError(f"no permission policy registered for {model._meta.label}") from None


@cache
def _reader():
    return import_string(settings.TONGXIN_GRANTS_READER)


def grants(user) -> list[Grant]:
    if user is SYSTEM:
        return [Grant(Role.ADMIN)]
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, "_tongxin_grants", None)
    if cached is None:
        cached = list(_reader()(user))
        user._tongxin_grants = cached
    return cached


def is_admin(user) -> bool:
    return any(g.role == Role.ADMIN for g in grants(user))


def scoped(user, verb: str, qs: models.QuerySet) -> models.QuerySet:
    """The rows of `qs` the user may use the verb on."""
    policy = policy_for(qs.model)
    q = Q(pk__in=[])
    for grant in grants(user):
        if not policy.allows(grant.role, verb):
            continue
        scope = policy.scope_q(grant)
        if scope is None:
            return qs
        q |= scope
    if verb == VIEW and policy.published is True:
        return qs
    if verb == VIEW and policy.published:
        q |= Q(**{policy.published: True})
    if policy.distinct:
        return qs.filter(pk__in=qs.model._base_manager.filter(q).values("pk"))
    return qs.filter(q)


def can(user, verb: str, obj: models.Model) -> bool:
    if obj.pk is None:
        return False
    model = type(obj)._meta.concrete_model
    return scoped(user, verb, model._base_manager.filter(pk=obj.pk)).exists()


def require(user, verb: str, obj: models.Model) -> None:
    """Raise NotFound when the user may not even see the row (no leak), Forbidden otherwise."""
    if user is SYSTEM or can(user, verb, obj):
        return
    if verb != VIEW and can(user, VIEW, obj):
        raise Forbidden(_("无权对“%(obj)s”执行此操作。") % {"obj": obj})
    raise NotFound(_("记录不存在或无权查看。"))


def get_or_404(user, qs: models.QuerySet, **lookup) -> models.Model:
    """Fetch and authorize in one call: a row the user may not see is 'not found', like a missing one."""
    obj = scoped(user, VIEW, qs).filter(**lookup).first()
    if obj is None:
        raise NotFound(_("记录不存在或无权查看。"))
    return obj


class Can:
    """Template helper: `{{ can.change }}` asks the policy, never the role."""

    def __init__(self, user, obj):
        self._user, self._obj = user, obj

    def __getattr__(self, verb: str) -> bool:
        if verb not in VERBS:
            raise AttributeError(verb)
        return can(self._user, verb, self._obj)


def prefix_q(path: str, prefix: str) -> Q:
    """Everything whose `path` starts with `prefix`, as a range both SQLite and PostgreSQL index."""
    return Q(**{f"{path}__gte": prefix, f"{path}__lt": prefix + "~"})


def may_add(
    user, model: type[models.Model], *, program_id=None, org_path: str = "", region_code: str = ""
) -> bool:
    """Whether to offer an 'add' form at all; the service still checks the saved row.

    A policy with several program paths (a campaign reached through its parent program) lets a
    coordinator of any program in that lineage add, as the scoped reads already let them see."""
    policy = policy_for(model)
    climbs = max((path.split("__").count("parent_id") for path in policy.program), default=0)
    programs = _lineage(program_id, 1 + climbs if policy.program else 0)
    for grant in grants(user):
        if not policy.allows(grant.role, ADD):
            continue
        if grant.role == Role.ADMIN or (
            (grant.program_id is not None and grant.program_id in programs)
            or (grant.org_path and org_path.startswith(grant.org_path) and policy.org)
            or (grant.region_prefix and region_code.startswith(grant.region_prefix) and policy.region)
        ):
            return True
    return False


def _lineage(program_id, depth: int) -> set:
    """The program and as many ancestors as the policy's paths climb, read through the function
    named in `settings.TONGXIN_PROGRAM_LINEAGE` (core names no program model)."""
    if program_id is None or not depth:
        return set()
    if depth == 1:
        return {program_id}
    return set(import_string(settings.TONGXIN_PROGRAM_LINEAGE)(program_id, depth))
