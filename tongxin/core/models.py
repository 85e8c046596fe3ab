"""Mechanisms shared by every record type: recoverable deletes and the audit trail (留痕)."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class LiveManager(models.Manager):
    """Hides soft-deleted rows, so no page, list or figure counts them by accident."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Record(models.Model):
    """Base of every audited record: soft delete and an edit counter against lost updates."""

    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)
    deleted_at = models.DateTimeField(_("删除时间"), null=True, blank=True, editable=False)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("删除人"),
    )

    objects = LiveManager()
    all_objects = models.Manager()  # noqa: DJ012

    class Meta:
        abstract = True
        base_manager_name = "all_objects"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class AuditEntry(models.Model):
    """Append-only: who changed what, when, from what to what. Written only by `audit`'s writers.

    An entry names one row (`object_id`), or, for rows a bulk import created at once, the run of
    primary keys `first_pk`..`last_pk`: one entry per run instead of one per row, because 100,000
    per-row entries cost more to write than the rows themselves while telling no more than who,
    when, from which batch (the rows' first values are the rows themselves, later changes each
    have their own entry)."""

    class Source(models.TextChoices):
        WEB = "web", _("网页")
        API = "api", _("接口")
        IMPORT = "import", _("导入")
        COMMAND = "command", _("命令")
        ADMIN = "admin", _("管理后台")

    # db_index off: the (content_type, object_id, -at) index starts with it.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, db_index=False)
    object_id = models.CharField(max_length=64)
    first_pk = models.BigIntegerField(null=True, blank=True)
    last_pk = models.BigIntegerField(null=True, blank=True)
    object_label = models.CharField(max_length=300)
    program_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    action = models.CharField(max_length=64)
    changes = models.JSONField(default=dict)
    source = models.CharField(max_length=16, choices=Source.choices)
    batch = models.UUIDField(null=True, blank=True, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "-at"]),
            models.Index(
                fields=["content_type", "first_pk"],
                condition=models.Q(first_pk__isnull=False),
                name="core_audit_pk_runs",
            ),
        ]
        verbose_name = _("留痕记录")
        verbose_name_plural = _("留痕记录")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_label} {self.action} {self.object_label}"

    def save(self, *args, **kwargs):
        if self.pk:
            raise RuntimeError("audit entries are append-only")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise RuntimeError("audit entries are append-only")
