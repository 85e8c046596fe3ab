"""合作 / 帮扶 / 行动: programs, their responsibility matrix (地域 + 领域) and agreements."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record


class Kind(models.TextChoices):
    REGIONAL_COOPERATION = "regional_cooperation", _("区域合作")
    GROUP_ASSISTANCE = "group_assistance", _("组团式帮扶")
    CAMPAIGN = "campaign", _("专项行动")
    PAIRING = "pairing", _("结对帮扶")


class Program(Record):
    name = models.CharField(_("名称"), max_length=200)
    short_name = models.CharField(_("简称"), max_length=60, blank=True)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("所属总体工作"),
    )
    start_date = models.DateField(_("开始日期"), null=True, blank=True)
    end_date = models.DateField(_("结束日期"), null=True, blank=True)
    description = models.TextField(_("说明"), blank=True)
    published = models.BooleanField(_("公开"), default=False)
    lead_organizations = models.ManyToManyField(
        "orgs.Organization", related_name="lead_programs", verbose_name=_("牵头单位"), blank=True
    )
    partner_organizations = models.ManyToManyField(
        "orgs.Organization", related_name="partner_programs", verbose_name=_("参与单位"), blank=True
    )
    target_regions = models.ManyToManyField(
        "regions.Region", related_name="programs", verbose_name=_("帮扶地区"), blank=True
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("合作/帮扶项目群")
        verbose_name_plural = _("合作/帮扶项目群")

    def __str__(self) -> str:
        return self.short_name or self.name

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("结束日期不能早于开始日期。")})
        if self.parent_id and self.parent_id == self.pk:
            raise ValidationError({"parent": _("不能以自身为上级。")})


class Assignment(Record):
    """One cell of the responsibility matrix: this organization takes this region (and domain)."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("项目群")
    )
    organization = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("责任单位")
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="assignments", verbose_name=_("地域")
    )
    domain = models.ForeignKey(
        "domains.Domain",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
        verbose_name=_("领域"),
    )
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["program", "region", "domain__position", "organization__name"]
        verbose_name = _("责任分工")
        verbose_name_plural = _("责任分工")
        constraints = [
            models.UniqueConstraint(
                fields=["program", "organization", "region", "domain"],
                condition=Q(deleted_at__isnull=True),
                name="programs_unique_live_assignment",
            )
        ]

    def __str__(self) -> str:
        domain = f" · {self.domain}" if self.domain_id else ""
        return f"{self.organization} · {self.region}{domain}"


def agreement_path(instance: "Agreement", filename: str) -> str:
    return f"agreements/{instance.program_id}/{filename}"


class Agreement(Record):
    """框架协议: a signed document attached to a program."""

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="agreements", verbose_name=_("项目群")
    )
    title = models.CharField(_("标题"), max_length=200)
    signed_on = models.DateField(_("签署日期"), null=True, blank=True)
    parties = models.ManyToManyField(
        "orgs.Organization", blank=True, related_name="agreements", verbose_name=_("签约方")
    )
    document = models.FileField(_("文件"), upload_to=agreement_path, blank=True)
    note = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["-signed_on", "title"]
        verbose_name = _("框架协议")
        verbose_name_plural = _("框架协议")

    def __str__(self) -> str:
        return self.title
