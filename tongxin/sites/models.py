"""阵地: bases, service stations, workstations … with their designation (挂牌), status and yearly
evaluations (考核评估) against an administrator-edited scoring template.

An evaluation keeps each item's score beside the item's weight and maximum as they were when it
was scored, so editing the template later never rewrites a past year's total or grade.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record

SCORE = {"max_digits": 7, "decimal_places": 2}


class Kind(models.TextChoices):
    BASE = "base", _("基地")
    SERVICE_STATION = "service_station", _("服务站")
    WORKSTATION = "workstation", _("工作站")
    PRACTICE_BASE = "practice_base", _("实践基地")
    LIBRARY = "library", _("图书室")
    INCUBATOR = "incubator", _("孵化器")
    EXHIBITION = "exhibition", _("展馆")
    STUDIO = "studio", _("工作室")
    CENTER = "center", _("中心")


class Tier(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")


class Status(models.TextChoices):
    ACTIVE = "active", _("运行")
    SUSPENDED = "suspended", _("暂停")
    WITHDRAWN = "withdrawn", _("摘牌")


# 摘牌 is final: a withdrawn site is designated anew as a new record.
TRANSITIONS: dict[str, frozenset[str]] = {
    Status.ACTIVE: frozenset({Status.SUSPENDED, Status.WITHDRAWN}),
    Status.SUSPENDED: frozenset({Status.ACTIVE, Status.WITHDRAWN}),
    Status.WITHDRAWN: frozenset(),
}


class Grade(models.TextChoices):
    EXCELLENT = "excellent", _("优秀")
    GOOD = "good", _("良好")
    PASS = "pass", _("合格")
    FAIL = "fail", _("不合格")


# Lower bounds in percent of the template's weighted maximum, best first.
GRADE_BOUNDS = ((Decimal(90), Grade.EXCELLENT), (Decimal(75), Grade.GOOD), (Decimal(60), Grade.PASS))


def grade_for(percent: Decimal) -> str:
    for bound, grade in GRADE_BOUNDS:
        if percent >= bound:
            return grade
    return Grade.FAIL


class Site(Record):
    code = models.CharField(_("编号"), max_length=64, blank=True, default="")
    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    # The brand a report counts by: "新阶层服务站132处", "科技专家服务站23个".
    series = models.CharField(_("系列"), max_length=100, blank=True, db_index=True)
    tier = models.CharField(_("级别"), max_length=12, choices=Tier.choices)
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="sites", verbose_name=_("所在地区")
    )
    host = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="sites", verbose_name=_("依托单位")
    )
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="sites",
        verbose_name=_("项目群"),
    )
    designated_on = models.DateField(_("挂牌日期"))
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.ACTIVE)
    status_on = models.DateField(_("状态日期"), null=True, blank=True)
    address = models.CharField(_("地址"), max_length=200, blank=True)
    note = models.TextField(_("说明"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("阵地")
        verbose_name_plural = _("阵地")
        indexes = [models.Index(fields=["program", "status"], name="sites_program_status")]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(deleted_at__isnull=True) & ~Q(code=""),
                name="sites_unique_live_code",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        errors = {}
        today = timezone.localdate()
        if self.designated_on and self.designated_on > today:
            errors["designated_on"] = _("挂牌日期不能晚于今天。")
        if self.status_on and self.designated_on and self.status_on < self.designated_on:
            errors["status_on"] = _("状态日期不能早于挂牌日期。")
        if errors:
            raise ValidationError(errors)


class Template(Record):
    """考核评分模板: items with weights and maximum scores; administrators edit it in the admin."""

    name = models.CharField(_("名称"), max_length=100)
    kind = models.CharField(_("适用类型"), max_length=20, choices=Kind.choices, blank=True)
    active = models.BooleanField(_("启用"), default=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("考核评分模板")
        verbose_name_plural = _("考核评分模板")

    def __str__(self) -> str:
        return self.name


class Item(models.Model):
    template = models.ForeignKey(Template, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveSmallIntegerField(_("序号"), default=0)
    name = models.CharField(_("考核项目"), max_length=100)
    weight = models.DecimalField(_("权重"), default=Decimal(1), **SCORE)
    max_score = models.DecimalField(_("满分"), **SCORE)
    guidance = models.CharField(_("评分标准"), max_length=300, blank=True)

    class Meta:
        ordering = ["template", "position", "id"]
        verbose_name = _("考核项目")
        verbose_name_plural = _("考核项目")
        constraints = [
            models.CheckConstraint(condition=Q(max_score__gt=0), name="sites_item_max_positive"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="sites_item_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name}(满分{self.max_score})"


class Evaluation(Record):
    site = models.ForeignKey(
        Site, on_delete=models.CASCADE, related_name="evaluations", verbose_name=_("阵地")
    )
    year = models.PositiveSmallIntegerField(_("年度"))
    template = models.ForeignKey(
        Template, on_delete=models.PROTECT, related_name="evaluations", verbose_name=_("评分模板")
    )
    evaluated_on = models.DateField(_("评估日期"))
    evaluator = models.CharField(_("评估单位/人"), max_length=200, blank=True)
    # Computed by the service from the scores; stored so the ledger can sort and sum them.
    total = models.DecimalField(_("加权得分"), default=0, **SCORE)
    maximum = models.DecimalField(_("加权满分"), default=0, **SCORE)
    percent = models.DecimalField(_("得分率"), default=0, **SCORE)
    grade = models.CharField(_("等次"), max_length=12, choices=Grade.choices, blank=True)
    note = models.TextField(_("评语"), blank=True)

    class Meta:
        ordering = ["site", "-year"]
        verbose_name = _("考核评估")
        verbose_name_plural = _("考核评估")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "year"],
                condition=Q(deleted_at__isnull=True),
                name="sites_one_evaluation_a_year",
            )
        ]

    def __str__(self) -> str:
        return f"{self.site} {self.year}年度考核"

    def clean(self):
        errors = {}
        if self.evaluated_on and self.evaluated_on > timezone.localdate():
            errors["evaluated_on"] = _("评估日期不能晚于今天。")
        if self.year and self.evaluated_on and self.year > self.evaluated_on.year:
            errors["year"] = _("年度不能晚于评估日期所在年份。")
        if errors:
            raise ValidationError(errors)


class Score(models.Model):
    """One item's score, with the item's weight and maximum copied as they were when scored."""

    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    item = models.ForeignKey(Item, null=True, on_delete=models.SET_NULL, related_name="+")
    name = models.CharField(_("考核项目"), max_length=100)
    weight = models.DecimalField(_("权重"), **SCORE)
    max_score = models.DecimalField(_("满分"), **SCORE)
    score = models.DecimalField(_("得分"), **SCORE)

    class Meta:
        ordering = ["evaluation", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__gte=0) & Q(score__lte=models.F("max_score")), name="sites_score_within_max"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.score}/{self.max_score}"


def evidence_path(instance, filename: str) -> str:
    return f"sites/evidence/{instance.evaluation.site_id}/{instance.evaluation.year}/{filename}"


class Evidence(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="evidence")
    title = models.CharField(_("名称"), max_length=200, blank=True)
    file = models.FileField(_("佐证材料"), upload_to=evidence_path)
    uploaded_at = models.DateTimeField(auto_now_add=True)
    uploaded_by = models.CharField(max_length=150, blank=True)

    class Meta:
        ordering = ["evaluation", "id"]
        verbose_name = _("佐证材料")
        verbose_name_plural = _("佐证材料")

    def __str__(self) -> str:
        return self.title or self.file.name
