"""Users, their grants (role × scope) and API tokens."""

import hashlib

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record
from tongxin.core.permissions import Role


class User(AbstractUser):
    display_name = models.CharField(_("显示名称"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("用户")
        verbose_name_plural = _("用户")

    def __str__(self) -> str:
        return self.display_name or self.username


SCOPE_OF_ROLE = {
    Role.COORDINATOR: "program",
    Role.MEMBER: "organization",
    Role.REGION_STAFF: "region",
}


class Grant(Record):
    """A role within a scope: coordinator of a program, member of an organization (and its
    sub-units), staff of a region (and its subtree), viewer (everywhere, or within a scope), admin."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="grants", verbose_name=_("用户"))
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
        verbose_name=_("项目群"),
    )
    organization = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
        verbose_name=_("组织"),
    )
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="grants",
        verbose_name=_("地区"),
    )

    class Meta:
        verbose_name = _("授权")
        verbose_name_plural = _("授权")

    def __str__(self) -> str:
        scope = self.program or self.organization or self.region or _("全部")
        return f"{self.user} · {self.get_role_display()} · {scope}"

    def clean(self):
        scopes = {"program": self.program_id, "organization": self.organization_id, "region": self.region_id}
        given = [k for k, v in scopes.items() if v]
        needed = SCOPE_OF_ROLE.get(self.role)
        if needed and given != [needed]:
            raise ValidationError(
                {
                    needed: _("“%(role)s”须且只须指定%(scope)s。")
                    % {"role": self.get_role_display(), "scope": self._meta.get_field(needed).verbose_name}
                }
            )
        if self.role == Role.ADMIN and given:
            raise ValidationError(_("管理员授权不带范围。"))
        if self.role == Role.VIEWER and len(given) > 1:
            raise ValidationError(_("只读授权至多指定一个范围。"))


class ApiToken(models.Model):
    """A script's bearer token; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("接口令牌")
        verbose_name_plural = _("接口令牌")

    def __str__(self) -> str:
        return f"{self.user} · {self.created_at:%Y-%m-%d}"

    @staticmethod
    def digest_of(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()
