"""所需 / 所长 / 对接: needs, offers, the matches between them and the runs that suggest them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record


class NeedKind(models.TextChoices):
    NEED = "need", _("需求")
    WISH = "wish", _("微心愿")
    ISSUE = "issue", _("企业诉求/难题")


class NeedStatus(models.TextChoices):
    OPEN = "open", _("待对接")
    MATCHED = "matched", _("已对接")
    FULFILLED = "fulfilled", _("已实现")
    CLOSED = "closed", _("已关闭")


NEED_TRANSITIONS: dict[str, frozenset[str]] = {
    NeedStatus.OPEN: frozenset({NeedStatus.MATCHED, NeedStatus.CLOSED}),
    NeedStatus.MATCHED: frozenset({NeedStatus.FULFILLED, NeedStatus.CLOSED, NeedStatus.OPEN}),
    NeedStatus.FULFILLED: frozenset(),
    NeedStatus.CLOSED: frozenset({NeedStatus.OPEN}),
}


class OfferStatus(models.TextChoices):
    OPEN = "open", _("可对接")
    CLOSED = "closed", _("已关闭")


class Need(Record):
    """From an organization or a region unit; `region` is always set (the organization's home when the
    need comes from an organization), because distance is part of every score."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="needs", verbose_name=_("项目群")
    )
    ref = models.CharField(_("编号"), max_length=60, blank=True, default="")
    kind = models.CharField(_("类型"), max_length=16, choices=NeedKind.choices, default=NeedKind.NEED)
    domain = models.ForeignKey(
        "domains.Domain", on_delete=models.PROTECT, related_name="needs", verbose_name=_("领域")
    )
    title = models.CharField(_("标题"), max_length=120)
    text = models.TextField(_("内容"))
    requester = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="needs",
        verbose_name=_("提出单位"),
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="needs", verbose_name=_("所在地区")
    )
    amount = models.DecimalField(_("金额(元)"), max_digits=16, decimal_places=2, null=True, blank=True)
    quantity = models.PositiveIntegerField(_("数量"), null=True, blank=True)
    unit = models.CharField(_("单位"), max_length=20, blank=True)
    partners_wanted = models.PositiveSmallIntegerField(
        _("所需伙伴数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    status = models.CharField(_("状态"), max_length=16, choices=NeedStatus.choices, default=NeedStatus.OPEN)
    evidence = models.TextField(_("实现情况"), blank=True)
    fulfilled_on = models.DateField(_("实现日期"), null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("需求")
        verbose_name_plural = _("需求")
        indexes = [models.Index(fields=["program", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "ref"],
                condition=Q(deleted_at__isnull=True) & ~Q(ref=""),
                name="matching_unique_need_ref",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if not (self.text or "").strip():
            raise ValidationError({"text": _("请填写需求内容,匹配依据这段文字。")})
        if self.amount is not None and self.amount < 0:
            raise ValidationError({"amount": _("金额不能为负数。")})
        if self.status == NeedStatus.FULFILLED and not (self.evidence or "").strip():
            raise ValidationError({"evidence": _("标记为已实现时,请填写实现情况。")})


class Offer(Record):
    """所长 / 资源 of an organization; `regions` limits where it is willing to help (empty: anywhere)."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="offers", verbose_name=_("项目群")
    )
    ref = models.CharField(_("编号"), max_length=60, blank=True, default="")
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="offers", verbose_name=_("提供单位")
    )
    domain = models.ForeignKey(
        "domains.Domain", on_delete=models.PROTECT, related_name="offers", verbose_name=_("领域")
    )
    title = models.CharField(_("标题"), max_length=120)
    text = models.TextField(_("内容"))
    capacity = models.PositiveSmallIntegerField(
        _("可帮扶对象数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="offers_from", verbose_name=_("所在地区")
    )
    regions = models.ManyToManyField(
        "regions.Region", blank=True, related_name="offers_willing", verbose_name=_("愿意帮扶的地区")
    )
    status = models.CharField(_("状态"), max_length=16, choices=OfferStatus.choices, default=OfferStatus.OPEN)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("资源")
        verbose_name_plural = _("资源")
        indexes = [models.Index(fields=["program", "status"])]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "ref"],
                condition=Q(deleted_at__isnull=True) & ~Q(ref=""),
                name="matching_unique_offer_ref",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self):
        if not (self.text or "").strip():
            raise ValidationError({"text": _("请填写资源内容,匹配依据这段文字。")})


class MatchSettings(models.Model):
    """A program's matching settings: the weights of the score parts and the hard rules."""

    program = models.OneToOneField(
        "programs.Program",
        on_delete=models.CASCADE,
        related_name="matching_settings",
        verbose_name=_("项目群"),
    )
    weight_text = models.FloatField(_("文本相似权重"), default=0.4, validators=[MinValueValidator(0)])
    weight_domain = models.FloatField(_("领域匹配权重"), default=0.25, validators=[MinValueValidator(0)])
    weight_distance = models.FloatField(_("距离权重"), default=0.25, validators=[MinValueValidator(0)])
    weight_rule = models.FloatField(_("项目规则权重"), default=0.1, validators=[MinValueValidator(0)])
    same_province = models.BooleanField(_("仅限同省"), default=False)
    east_west = models.BooleanField(_("东西部协作(东部资源对西部需求)"), default=False)
    exclude_paired = models.BooleanField(_("排除已结对的双方"), default=True)
    min_score = models.FloatField(
        _("最低分"), default=0.0, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    top_k = models.PositiveSmallIntegerField(
        _("每方初始候选数"), default=6, validators=[MinValueValidator(1), MaxValueValidator(50)]
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)
    version = models.PositiveIntegerField(_("版本"), default=1, editable=False)

    class Meta:
        verbose_name = _("对接设置")
        verbose_name_plural = _("对接设置")

    def __str__(self) -> str:
        return f"{self.program} · 对接设置"

    @property
    def weights(self) -> dict:
        return {
            "text": self.weight_text,
            "domain": self.weight_domain,
            "distance": self.weight_distance,
            "rule": self.weight_rule,
        }

    def clean(self):
        if sum(self.weights.values()) <= 0:
            raise ValidationError({"weight_text": _("各项权重之和须大于0。")})


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("排队中")
    RUNNING = "running", _("计算中")
    DONE = "done", _("已完成")
    EMPTY = "empty", _("无可匹配")
    INFEASIBLE = "infeasible", _("无可行对接")
    CANCELLED = "cancelled", _("已取消")
    FAILED = "failed", _("失败")


FINISHED = frozenset(
    {RunStatus.DONE, RunStatus.EMPTY, RunStatus.INFEASIBLE, RunStatus.CANCELLED, RunStatus.FAILED}
)


class MatchingRun(models.Model):
    """One background matching job: its progress, then its certificate; suggestions reference it."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="matching_runs", verbose_name=_("项目群")
    )
    status = models.CharField(_("状态"), max_length=16, choices=RunStatus.choices, default=RunStatus.QUEUED)
    progress = models.FloatField(_("进度"), default=0.0)
    stage = models.CharField(_("阶段"), max_length=100, blank=True)
    message = models.TextField(_("说明"), blank=True)
    cancel_requested = models.BooleanField(_("已请求取消"), default=False)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("发起人"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    started_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    finished_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    needs = models.PositiveIntegerField(_("需求数"), default=0)
    offers = models.PositiveIntegerField(_("资源数"), default=0)
    pairs = models.PositiveIntegerField(_("建议对数"), default=0)
    objective = models.FloatField(_("总分"), null=True, blank=True)
    settings = models.JSONField(_("设置"), default=dict, blank=True)
    certificate = models.JSONField(_("最优性证明"), default=dict, blank=True)
    timings = models.JSONField(_("用时"), default=dict, blank=True)

    class Meta:
        ordering = ["-id"]
        verbose_name = _("对接计算")
        verbose_name_plural = _("对接计算")

    def __str__(self) -> str:
        return f"{self.program} · 对接计算 #{self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in FINISHED

    @property
    def percent(self) -> int:
        return round(self.progress * 100)


class MatchStatus(models.TextChoices):
    PROPOSED = "proposed", _("建议")
    ACCEPTED = "accepted", _("已接受")
    REJECTED = "rejected", _("已拒绝")


class Match(Record):
    """对接: a need ↔ offer link with its score, the parts of the score and the shared words.

    A run writes proposed matches; a coordinator accepts (fixed in later runs), rejects with a reason
    (excluded from later runs) or locks a suggestion (kept as a fixed pair). On agreement an accepted
    match produces a Pairing.
    """

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="matches", verbose_name=_("项目群")
    )
    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="matches", verbose_name=_("需求"))
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="matches", verbose_name=_("资源"))
    run = models.ForeignKey(
        MatchingRun,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matches",
        verbose_name=_("计算"),
    )
    score = models.FloatField(_("得分"), default=0.0)
    parts = models.JSONField(_("得分构成"), default=dict, blank=True)
    phrases = models.JSONField(_("共同词语"), default=list, blank=True)
    status = models.CharField(
        _("状态"), max_length=16, choices=MatchStatus.choices, default=MatchStatus.PROPOSED
    )
    locked = models.BooleanField(_("锁定"), default=False)
    reason = models.TextField(_("理由"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("决定人"),
    )
    decided_at = models.DateTimeField(_("决定时间"), null=True, blank=True)
    pairing = models.ForeignKey(
        "pairings.Pairing",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matches",
        verbose_name=_("结对"),
    )

    class Meta:
        ordering = ["-score", "id"]
        verbose_name = _("对接")
        verbose_name_plural = _("对接")
        constraints = [
            models.UniqueConstraint(
                fields=["need", "offer"],
                condition=Q(deleted_at__isnull=True),
                name="matching_unique_live_match",
            )
        ]

    def __str__(self) -> str:
        return f"{self.need} ↔ {self.offer}"

    @property
    def fixed(self) -> bool:
        """A re-run keeps this pair: it was accepted, or a coordinator locked the suggestion."""
        return self.status == MatchStatus.ACCEPTED or (self.locked and self.status == MatchStatus.PROPOSED)


class ForbiddenPair(Record):
    """禁止对接: a program's standing exclusion, kept until a coordinator removes it.

    Either one need ↔ one offer, or one organization pair: every need raised by `need_org` with every
    offer of `offer_org` (e.g. a firm and the village committee its owner chairs). Every run and every
    "best partners" query leave these pairs out, whatever the score, locks or earlier suggestions.
    """

    program = models.ForeignKey(
        "programs.Program", on_delete=models.CASCADE, related_name="forbidden_pairs", verbose_name=_("项目群")
    )
    need = models.ForeignKey(
        Need, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("需求")
    )
    offer = models.ForeignKey(
        Offer, null=True, blank=True, on_delete=models.CASCADE, related_name="+", verbose_name=_("资源")
    )
    need_org = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("需求方单位"),
    )
    offer_org = models.ForeignKey(
        "orgs.Organization",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("资源方单位"),
    )
    reason = models.TextField(_("理由"))

    class Meta:
        ordering = ["-id"]
        verbose_name = _("禁止对接")
        verbose_name_plural = _("禁止对接名单")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(need__isnull=False, offer__isnull=False, need_org__isnull=True, offer_org__isnull=True)
                    | Q(
                        need__isnull=True, offer__isnull=True, need_org__isnull=False, offer_org__isnull=False
                    )
                ),
                name="matching_forbidden_one_kind",
            ),
            models.UniqueConstraint(
                fields=["program", "need", "offer"],
                condition=Q(deleted_at__isnull=True, need__isnull=False),
                name="matching_unique_forbidden_pair",
            ),
            models.UniqueConstraint(
                fields=["program", "need_org", "offer_org"],
                condition=Q(deleted_at__isnull=True, need_org__isnull=False),
                name="matching_unique_forbidden_orgs",
            ),
        ]

    def __str__(self) -> str:
        if self.need_id:
            return f"{self.need} ✕ {self.offer}"
        return f"{self.need_org} ✕ {self.offer_org}"

    def clean(self):
        by_records = self.need_id is not None or self.offer_id is not None
        by_orgs = self.need_org_id is not None or self.offer_org_id is not None
        complete = (self.need_id and self.offer_id) or (self.need_org_id and self.offer_org_id)
        if by_records == by_orgs or not complete:
            raise ValidationError({"need": _("请填写一对需求与资源,或一对需求方单位与资源方单位(二选一)。")})
        if not (self.reason or "").strip():
            raise ValidationError({"reason": _("请填写禁止对接的理由。")})
