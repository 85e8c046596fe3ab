"""建言献策: proposals, the adoption ladder of dated steps, assigned tasks (交办) and measures (转化).

A proposal climbs a ladder whose rungs can hold at once (adopted by several bodies, instructed by a
leader, assigned to departments). Each rung is a `Step` with who, at what level and when, so the
report's figures (470 / 1100 / 630 / 56 / 320) are counts of steps, never typed numbers.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record


class Kind(models.TextChoices):
    SUGGESTION = "suggestion", _("建议")
    RESEARCH_REPORT = "research_report", _("调研报告")
    PUBLIC_OPINION = "public_opinion", _("社情民意信息")
    PROPOSAL = "proposal", _("提案")
    IDEA = "idea", _("金点子")


# "征集意见建议470余条" counts these kinds; "报送调研报告、社情民意信息1100余篇" the others.
SUGGESTION_KINDS = (Kind.SUGGESTION, Kind.PROPOSAL, Kind.IDEA)
REPORT_KINDS = (Kind.RESEARCH_REPORT, Kind.PUBLIC_OPINION)


class Channel(models.TextChoices):
    REGULAR = "regular", _("常规报送")
    DIRECT = "direct", _("直通车")
    CONSULTATION = "consultation", _("协商会议")
    SURVEY = "survey", _("调研")
    CPPCC = "cppcc", _("政协提案")
    OTHER = "other", _("其他")


class Level(models.TextChoices):
    NATIONAL = "national", _("国家级")
    PROVINCIAL = "provincial", _("省级")
    MUNICIPAL = "municipal", _("市级")
    COUNTY = "county", _("县级")


class StepKind(models.TextChoices):
    SUBMITTED = "submitted", _("提交")
    FORWARDED = "forwarded", _("报送")
    ADOPTED = "adopted", _("采用")
    INSTRUCTED = "instructed", _("批示")
    ASSIGNED = "assigned", _("交办")
    REPLIED = "replied", _("反馈")
    CLOSED = "closed", _("办结")
    CONVERTED = "converted", _("转化")


LADDER = list(StepKind.values)
RANK = {kind: n for n, kind in enumerate(LADDER)}

# What must already hold before a step may be recorded; services refuse every other order.
REQUIRES: dict[str, tuple[str, ...]] = {
    StepKind.SUBMITTED: (),
    StepKind.FORWARDED: (),
    StepKind.ADOPTED: (),
    StepKind.INSTRUCTED: (),
    StepKind.ASSIGNED: (),
    StepKind.REPLIED: (StepKind.ASSIGNED,),
    StepKind.CLOSED: (StepKind.ASSIGNED,),
    StepKind.CONVERTED: (),
}


class Proposal(Record):
    """One suggestion, report or proposal; `stage` is the highest rung reached (kept by the services
    for filtering), `place` the region it concerns (for region filters and region staff)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="proposals", verbose_name=_("项目群")
    )
    ref = models.CharField(_("编号"), max_length=60, blank=True, default="")
    title = models.CharField(_("标题"), max_length=300)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices)
    channel = models.CharField(_("报送渠道"), max_length=20, choices=Channel.choices, default=Channel.REGULAR)
    submitters = models.ManyToManyField(
        "orgs.Organization", related_name="proposals", verbose_name=_("提交单位")
    )
    authors = models.ManyToManyField(
        "orgs.Contact", blank=True, related_name="proposals", verbose_name=_("执笔人")
    )
    domains = models.ManyToManyField(
        "domains.Domain", blank=True, related_name="proposals", verbose_name=_("领域")
    )
    place = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("涉及地区"),
    )
    submitted_on = models.DateField(_("提交日期"))
    text = models.TextField(_("内容"), blank=True)
    attachment = models.FileField(_("附件"), upload_to="proposals/%Y/", blank=True)
    stage = models.CharField(
        _("进展"), max_length=16, choices=StepKind.choices, default=StepKind.SUBMITTED, editable=False
    )

    class Meta:
        ordering = ["-submitted_on", "-id"]
        verbose_name = _("意见建议")
        verbose_name_plural = _("意见建议")
        indexes = [models.Index(fields=["program", "kind"]), models.Index(fields=["submitted_on"])]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "ref"],
                condition=Q(deleted_at__isnull=True) & ~Q(ref=""),
                name="proposals_unique_ref",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def status(self) -> str:
        """ "closed" once handled (办结) or converted, for readers that only ask whether it is done."""
        return "closed" if self.stage in (StepKind.CLOSED, StepKind.CONVERTED) else self.stage


class Measure(Record):
    """转化: a measure a body issued because of one or more proposals."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="measures", verbose_name=_("项目群")
    )
    title = models.CharField(_("举措名称"), max_length=300)
    issuing_body = models.CharField(_("出台单位"), max_length=200)
    issuing_org = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("出台单位(组织)"),
    )
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, blank=True)
    issued_on = models.DateField(_("出台日期"))
    text = models.TextField(_("内容"), blank=True)
    proposals = models.ManyToManyField(Proposal, related_name="measures", verbose_name=_("来源建议"))

    class Meta:
        ordering = ["-issued_on", "-id"]
        verbose_name = _("工作举措")
        verbose_name_plural = _("工作举措")

    def __str__(self) -> str:
        return self.title


class Escalation(models.TextChoices):
    NONE = "", _("无")
    REMINDER = "reminder", _("催办")
    YELLOW_CARD = "yellow_card", _("黄牌")
    NOTICE = "notice", _("通报")


class Task(Record):
    """交办: one assignment of a proposal to a lead department (and assisting ones), with the claim
    (领办) and reply (反馈) deadlines that supervision (督办) watches."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="tasks", verbose_name=_("建议")
    )
    lead = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="lead_tasks", verbose_name=_("牵头单位")
    )
    assisting = models.ManyToManyField(
        "orgs.Organization", blank=True, related_name="assisting_tasks", verbose_name=_("协办单位")
    )
    assigned_on = models.DateField(_("交办日期"))
    claim_due = models.DateField(_("领办期限"))
    due = models.DateField(_("反馈期限"))
    claimed_on = models.DateField(_("领办日期"), null=True, blank=True)
    replied_on = models.DateField(_("反馈日期"), null=True, blank=True)
    closed_on = models.DateField(_("办结日期"), null=True, blank=True)
    measure_taken = models.TextField(_("办理措施"), blank=True)
    escalation = models.CharField(
        _("督办等级"), max_length=16, choices=Escalation.choices, blank=True, default=""
    )

    class Meta:
        ordering = ["due", "id"]
        verbose_name = _("交办事项")
        verbose_name_plural = _("交办事项")
        indexes = [models.Index(fields=["closed_on", "due"])]

    def __str__(self) -> str:
        return f"{self.proposal} → {self.lead}"

    def clean(self):
        errors = {}
        if self.assigned_on and self.due and self.due <= self.assigned_on:
            errors["due"] = _("反馈期限必须晚于交办日期。")
        if self.assigned_on and self.claim_due and self.claim_due < self.assigned_on:
            errors["claim_due"] = _("领办期限不能早于交办日期。")
        for name in ("claimed_on", "replied_on", "closed_on"):
            value = getattr(self, name)
            if value and self.assigned_on and value < self.assigned_on:
                errors[name] = _("不能早于交办日期。")
        if errors:
            raise ValidationError(errors)


class Step(Record):
    """One rung of the ladder: by which body, at what level, which person or office, when, what."""

    proposal = models.ForeignKey(
        Proposal, on_delete=models.CASCADE, related_name="steps", verbose_name=_("建议")
    )
    kind = models.CharField(_("环节"), max_length=16, choices=StepKind.choices)
    on = models.DateField(_("日期"))
    body = models.CharField(_("单位"), max_length=200, blank=True)
    body_org = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("单位(组织)"),
    )
    level = models.CharField(_("层级"), max_length=16, choices=Level.choices, blank=True)
    person = models.CharField(_("领导或处室"), max_length=100, blank=True)
    text = models.TextField(_("内容"), blank=True)
    task = models.ForeignKey(
        Task,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="steps",
        verbose_name=_("交办事项"),
    )
    measure = models.ForeignKey(
        Measure,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="steps",
        verbose_name=_("工作举措"),
    )

    class Meta:
        ordering = ["on", "id"]
        verbose_name = _("办理环节")
        verbose_name_plural = _("办理环节")
        indexes = [models.Index(fields=["kind", "on"]), models.Index(fields=["proposal", "kind"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.on:%Y-%m-%d} {self.body}".strip()


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", _("待审批")
    APPROVED = "approved", _("已同意")
    REFUSED = "refused", _("不同意")


class Extension(Record):
    """延期: a department asks for a later reply deadline with a reason; a coordinator decides."""

    task = models.ForeignKey(
        Task, on_delete=models.CASCADE, related_name="extensions", verbose_name=_("交办事项")
    )
    reason = models.TextField(_("延期理由"))
    old_due = models.DateField(_("原期限"))
    new_due = models.DateField(_("申请期限"))
    status = models.CharField(
        _("状态"), max_length=16, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("申请人"),
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("审批人"),
    )
    decided_on = models.DateField(_("审批日期"), null=True, blank=True)
    decision_note = models.TextField(_("审批意见"), blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("延期申请")
        verbose_name_plural = _("延期申请")

    def __str__(self) -> str:
        return f"{self.task} 延期至 {self.new_due:%Y-%m-%d}"

    def clean(self):
        if self.new_due and self.old_due and self.new_due <= self.old_due:
            raise ValidationError({"new_due": _("申请期限必须晚于原期限。")})


class Reminder(models.Model):
    """One escalation sent for one task, one deadline and one level: the unique key is what makes
    `tongxin remind` safe to run twice."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders")
    deadline = models.CharField(max_length=8)  # "claim" | "reply"
    due = models.DateField()
    level = models.CharField(max_length=16, choices=Escalation.choices)
    days_overdue = models.PositiveIntegerField()
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "deadline", "due", "level"], name="proposals_reminder_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_level_display()} {self.task}"


class Notification(models.Model):
    """An in-app message for one user (催办, 黄牌, 通报, extension decisions)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    reminder = models.ForeignKey(
        Reminder, null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    emailed = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "reminder"], condition=Q(reminder__isnull=False), name="proposals_notify_once"
            )
        ]

    def __str__(self) -> str:
        return self.text
