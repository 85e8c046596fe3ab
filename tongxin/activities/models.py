"""活动 / 会议 / 协商: meetings, consultations, trainings, visits … and the outcomes they produced.

An outcome is a link to any record by content type and id (a proposal, an assigned task, a need, a
project), so this app never imports the apps it points at, and the chain consultation → task →
closure can be read both ways: from the activity to whether each outcome was done, and from the
record back to the activity that started it.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record


class Kind(models.TextChoices):
    CONSULTATION = "consultation", _("协商会/民生议事堂")
    SYMPOSIUM = "symposium", _("座谈会")
    INSPECTION = "inspection", _("视察调研")
    TRAINING = "training", _("培训")
    BRIEFING = "briefing", _("宣讲")
    FREE_CLINIC = "free_clinic", _("义诊")
    ROADSHOW = "roadshow", _("推介/路演")
    FORUM = "forum", _("论坛")
    VOLUNTEER = "volunteer", _("志愿服务")
    VISIT = "visit", _("走访")


class Activity(Record):
    code = models.CharField(_("编号"), max_length=64, blank=True, default="")
    title = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="activities", verbose_name=_("项目群")
    )
    organizer = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="activities", verbose_name=_("主办单位")
    )
    co_organizers = models.ManyToManyField(
        "orgs.Organization", blank=True, related_name="co_activities", verbose_name=_("协办单位")
    )
    held_on = models.DateField(_("日期"))
    ends_on = models.DateField(_("结束日期"), null=True, blank=True)
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("地点(地区)"),
    )
    venue = models.CharField(_("场所"), max_length=200, blank=True)
    domain = models.ForeignKey(
        "domains.Domain",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="activities",
        verbose_name=_("领域"),
    )
    participants = models.PositiveIntegerField(_("参加人数"), default=0)
    person_times = models.PositiveIntegerField(_("参加人次"), default=0)
    topics = models.TextField(_("议题/主题"), blank=True)
    outcome = models.TextField(_("成果记录"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["-held_on", "-pk"]
        verbose_name = _("活动")
        verbose_name_plural = _("活动")
        indexes = [models.Index(fields=["program", "held_on"], name="activities_program_held")]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(deleted_at__isnull=True) & ~Q(code=""),
                name="activities_unique_live_code",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        errors = {}
        if self.ends_on and self.held_on and self.ends_on < self.held_on:
            errors["ends_on"] = _("结束日期不能早于开始日期。")
        if self.person_times and self.participants and self.person_times < self.participants:
            errors["person_times"] = _("参加人次不能少于参加人数。")
        if errors:
            raise ValidationError(errors)


class Outcome(models.Model):
    """What an activity produced: a link to any record (by model label and id), never a copy of it."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="outcomes")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    note = models.CharField(_("说明"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["activity", "id"]
        verbose_name = _("活动成果")
        verbose_name_plural = _("活动成果")
        indexes = [models.Index(fields=["content_type", "object_id"], name="activities_outcome_target")]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "content_type", "object_id"], name="activities_outcome_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.activity} → {self.content_type.app_labeled_name} {self.object_id}"

    @property
    def label(self) -> str:
        return f"{self.content_type.app_label}.{self.content_type.model_class().__name__}"
