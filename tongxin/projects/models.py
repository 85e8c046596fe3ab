"""项目: assistance projects, their money, participants, status lifecycle and outcomes.

A project is counted once, under its primary place (`region`) and primary domain (`domain`): the
ledger filters, the region × domain pivot and the program figures all use these two columns, so a
pivot cell, its drill-down rows and the totals row always agree, and a region-subtree + domain
filter is one composite index range even at a million rows. Further places and domains are
recorded beside them (`places`, `domains`) and shown, but do not make a project count twice.
Who may edit a project follows its one reporting organization (IATI's reporting-org), so every
permission scope is single-valued too and a scoped read stays an indexed WHERE.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record

MONEY = {"max_digits": 16, "decimal_places": 2, "default": 0}


class Kind(models.TextChoices):
    DONATION = "donation", _("捐赠/公益")
    INVESTMENT = "investment", _("投资")
    SERVICE = "service", _("服务")
    TRAINING = "training", _("培训")
    ADVISORY = "advisory", _("咨询")
    INFRASTRUCTURE = "infrastructure", _("基础设施")


class Status(models.TextChoices):
    PLANNED = "planned", _("计划")
    UNDER_WAY = "under_way", _("实施中")
    COMPLETED = "completed", _("已完成")
    SUSPENDED = "suspended", _("暂停")
    CANCELLED = "cancelled", _("已取消")


# The lifecycle, in one place: services refuse every other change of status.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PLANNED: frozenset({Status.UNDER_WAY, Status.SUSPENDED, Status.CANCELLED}),
    Status.UNDER_WAY: frozenset({Status.COMPLETED, Status.SUSPENDED, Status.CANCELLED}),
    Status.SUSPENDED: frozenset({Status.PLANNED, Status.UNDER_WAY, Status.CANCELLED}),
    Status.COMPLETED: frozenset(),
    Status.CANCELLED: frozenset(),
}


class Role(models.TextChoices):
    """The IATI organisation roles, plus the beneficiary a 帮扶 ledger always names."""

    FUNDING = "funding", _("出资方")
    IMPLEMENTING = "implementing", _("实施方")
    BENEFICIARY = "beneficiary", _("受益方")
    COORDINATING = "coordinating", _("协调方")


class Project(Record):
    # Foreign keys without an index of their own where a composite index starts with them, or with
    # a partial one where most rows are empty: each index costs every insert of a 100,000-row import.
    program = models.ForeignKey(
        "programs.Program",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("项目群"),
        db_index=False,
    )
    code = models.CharField(
        _("编号"), max_length=64, blank=True, default="", help_text=_("外部编号;再次导入时按编号更新")
    )
    title = models.CharField(_("项目名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("状态"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    status_on = models.DateField(_("状态日期"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="projects", verbose_name=_("地点")
    )
    places = models.ManyToManyField(
        "regions.Region", blank=True, related_name="+", verbose_name=_("其他地点")
    )
    domain = models.ForeignKey(
        "domains.Domain",
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("领域"),
        db_index=False,
    )
    domains = models.ManyToManyField(
        "domains.Domain", blank=True, related_name="+", verbose_name=_("其他领域")
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("完成日期"), null=True, blank=True)
    committed = models.DecimalField(_("计划投入"), **MONEY)
    disbursed = models.DecimalField(_("资金到位"), **MONEY)
    in_kind = models.DecimalField(_("物资折价"), **MONEY)
    beneficiaries = models.PositiveIntegerField(_("受益人数"), null=True, blank=True)
    beneficiary_times = models.PositiveIntegerField(_("受益人次"), null=True, blank=True)
    # IATI's reporting organisation: the one organization that keeps this record. Its members may
    # edit the project; by default the first implementing (else funding) participant.
    reporting_org = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_projects",
        verbose_name=_("登记单位"),
    )
    # The pairing (结对) that produced this project: "4221家企业与3702个行政村结对共建,达成合作项目4492个".
    pairing = models.ForeignKey(
        "pairings.Pairing",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
        verbose_name=_("来自结对"),
        db_index=False,
    )
    description = models.TextField(_("说明"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)
    deleted_by = models.ForeignKey(  # Record's, with the partial index below instead of a full one
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("删除人"),
        db_index=False,
    )

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("帮扶项目")
        verbose_name_plural = _("帮扶项目")
        indexes = [
            models.Index(fields=["domain", "region"], name="projects_domain_region"),
            models.Index(fields=["program", "region"], name="projects_program_region"),
            models.Index(fields=["pairing"], condition=Q(pairing__isnull=False), name="projects_pairing"),
            models.Index(
                fields=["deleted_by"], condition=Q(deleted_by__isnull=False), name="projects_deleted_by"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(deleted_at__isnull=True) & ~Q(code=""),
                name="projects_unique_live_code",
            ),
            models.CheckConstraint(
                condition=Q(committed__gte=0) & Q(disbursed__gte=0) & Q(in_kind__gte=0),
                name="projects_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("完成日期不能早于开始日期。")
        if self.status == Status.COMPLETED:
            today = timezone.localdate()
            if self.end_date and self.end_date > today:
                errors["end_date"] = _("已完成的项目,完成日期不能晚于今天。")
            if self.status_on and self.status_on > today:
                errors["status_on"] = _("已完成的项目,状态日期不能晚于今天。")
        if errors:
            raise ValidationError(errors)


class Participation(models.Model):
    """An organization's part in a project; rewritten as a whole by the project services."""

    # No single-column indexes: the unique (project, organization, role) and the (organization,
    # role) indexes start with these columns.
    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="participations", db_index=False
    )
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="project_participations", db_index=False
    )
    role = models.CharField(_("角色"), max_length=20, choices=Role.choices)

    class Meta:
        ordering = ["project", "role", "organization"]
        constraints = [
            models.UniqueConstraint(fields=["project", "organization", "role"], name="projects_unique_role")
        ]
        indexes = [models.Index(fields=["organization", "role"], name="projects_part_org_role")]

    def __str__(self) -> str:
        return f"{self.organization} · {self.get_role_display()}"


class StatusChange(models.Model):
    """Append-only and dated: when a project entered each status, and who said so."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["project", "at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_from_status_display()} → {self.get_to_status_display()}"


class Outcome(Record):
    """成效指标: one measured result of a project, against its baseline and target."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="outcomes")
    name = models.CharField(_("指标"), max_length=200)
    unit = models.CharField(_("单位"), max_length=30, blank=True)
    baseline = models.DecimalField(_("基线值"), max_digits=18, decimal_places=2, null=True, blank=True)
    target = models.DecimalField(_("目标值"), max_digits=18, decimal_places=2, null=True, blank=True)
    actual = models.DecimalField(_("实际值"), max_digits=18, decimal_places=2, null=True, blank=True)
    as_of = models.DateField(_("截至日期"), null=True, blank=True)

    class Meta:
        ordering = ["project", "name"]
        verbose_name = _("成效指标")
        verbose_name_plural = _("成效指标")

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.as_of and self.as_of > timezone.localdate():
            raise ValidationError({"as_of": _("截至日期不能晚于今天。")})


def evidence_path(instance: "Evidence", filename: str) -> str:
    return f"evidence/{instance.outcome.project_id}/{filename}"


class Evidence(Record):
    """A file that backs an outcome (photos, acceptance certificates); served through permissions."""

    outcome = models.ForeignKey(Outcome, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("标题"), max_length=200)
    file = models.FileField(_("文件"), upload_to=evidence_path)

    class Meta:
        ordering = ["outcome", "pk"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.title
