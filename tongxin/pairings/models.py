"""结对 / 结对共建: who helps whom, in which program, and how far the pairing has come."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record


class Kind(models.TextChoices):
    ENTERPRISE_VILLAGE = "enterprise_village", _("村企结对")
    PARTY_COMMUNITY = "party_community", _("党派+社区")
    SCHOOL_SCHOOL = "school_school", _("校校结对")
    HOSPITAL_HOSPITAL = "hospital_hospital", _("院院结对")
    ORG_COUNTY = "org_county", _("组团帮扶(组织+县)")
    OTHER = "other", _("其他结对")


class Status(models.TextChoices):
    PROPOSED = "proposed", _("拟结对")
    SIGNED = "signed", _("已签约")
    ACTIVE = "active", _("帮扶中")
    ENDED = "ended", _("已结束")


# The lifecycle in one table; services refuse every other move.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.PROPOSED: frozenset({Status.SIGNED, Status.ENDED}),
    Status.SIGNED: frozenset({Status.ACTIVE, Status.ENDED}),
    Status.ACTIVE: frozenset({Status.ENDED}),
    Status.ENDED: frozenset(),
}


class PairingQuerySet(models.QuerySet):
    def in_programs(self, program_ids):
        return self.filter(program_id__in=program_ids)

    def active(self):
        return self.filter(status=Status.ACTIVE)


class LivePairingManager(models.Manager.from_queryset(PairingQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Pairing(Record):
    """Helpers (one or more organizations) ↔ one target: an organization or a region unit.

    `place` is the target's region (the region unit itself, or the target organization's home), kept
    on the row so region filters, coverage and region staff scopes are one indexed prefix range.
    Projects point here (`projects.Project.pairing`) to count what a pairing produced.
    """

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="pairings", verbose_name=_("项目群")
    )
    ref = models.CharField(_("编号"), max_length=60, blank=True, default="")
    kind = models.CharField(_("结对类型"), max_length=32, choices=Kind.choices)
    helpers = models.ManyToManyField(
        "orgs.Organization", related_name="pairings_as_helper", verbose_name=_("帮扶方")
    )
    target_org = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings_as_target",
        verbose_name=_("结对对象(组织)"),
    )
    target_region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="pairings",
        verbose_name=_("结对对象(地区)"),
    )
    place = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        verbose_name=_("所在地区"),
    )
    status = models.CharField(_("状态"), max_length=16, choices=Status.choices, default=Status.PROPOSED)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    agreement = models.ForeignKey(
        "programs.Agreement",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pairings",
        verbose_name=_("协议"),
    )
    responsibilities = models.TextField(_("帮扶责任"), blank=True)
    note = models.TextField(_("备注"), blank=True)

    objects = LivePairingManager()
    all_objects = models.Manager()

    class Meta:
        ordering = ["-id"]
        verbose_name = _("结对")
        verbose_name_plural = _("结对")
        indexes = [
            models.Index(fields=["program", "status"]),
            models.Index(fields=["place"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(target_org__isnull=False) | Q(target_region__isnull=False),
                name="pairings_has_target",
            ),
            models.UniqueConstraint(
                fields=["program", "ref"],
                condition=Q(deleted_at__isnull=True) & ~Q(ref=""),
                name="pairings_unique_ref",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.target}"

    @property
    def target(self):
        return self.target_org if self.target_org_id else self.target_region

    def clean(self):
        errors = {}
        if not self.target_org_id and not self.target_region_id:
            errors["target_org"] = _("请填写结对对象(组织或地区)。")
        if self.target_org_id and self.target_region_id:
            errors["target_region"] = _("结对对象只能是一个组织或一个地区,不能同时填写。")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            errors["end_date"] = _("结束日期不能早于开始日期。")
        if errors:
            raise ValidationError(errors)
