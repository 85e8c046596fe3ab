"""组织 / 单位: the parties that help, are helped and coordinate, with their sub-units and contacts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record

from .credit_code import credit_code_error


class Kind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("党委及其工作部门")
    DEMOCRATIC_PARTY = "democratic_party", _("民主党派组织")
    PARTY_BRANCH = "party_branch", _("党支部")
    FEDERATION = "federation", _("工商联/商会/协会")
    ENTERPRISE = "enterprise", _("企业")
    FOUNDATION = "foundation", _("基金会")
    GOVERNMENT = "government", _("政府部门")
    SCHOOL = "school", _("学校")
    HOSPITAL = "hospital", _("医院")
    VILLAGE_COMMITTEE = "village_committee", _("村委会")
    COMMUNITY = "community", _("社区(居委会)")
    RESEARCH = "research", _("科研院所")
    OVERSEAS = "overseas", _("海外社团")
    OTHER = "other", _("其他")


class Organization(Record):
    name = models.CharField(_("名称"), max_length=200, db_index=True)
    short_name = models.CharField(_("简称"), max_length=100, blank=True, db_index=True)
    kind = models.CharField(_("类型"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级组织"),
    )
    # Materialized ids from the root ("/3/17/"), so a subtree is one indexed prefix range.
    path = models.CharField(max_length=255, db_index=True, editable=False, default="")
    home_region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("所在地区"),
    )
    domains = models.ManyToManyField(
        "domains.Domain", blank=True, related_name="organizations", verbose_name=_("领域")
    )
    credit_code = models.CharField(_("统一社会信用代码"), max_length=18, blank=True, default="")
    website = models.URLField(_("网站"), blank=True)
    description = models.TextField(_("简介"), blank=True)
    published = models.BooleanField(_("公开"), default=True)

    class Meta:
        ordering = ["path"]
        verbose_name = _("组织")
        verbose_name_plural = _("组织")
        constraints = [
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="orgs_unique_credit_code"
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2

    def clean(self):
        errors = {}
        if self.credit_code:
            self.credit_code = self.credit_code.strip().upper()
            if reason := credit_code_error(self.credit_code):
                errors["credit_code"] = reason
        if errors:
            raise ValidationError(errors)


class Contact(Record):
    """A named contact of an organization: name, role, phone and e-mail, nothing else about a person."""

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="contacts", verbose_name=_("组织")
    )
    name = models.CharField(_("姓名"), max_length=50)
    role = models.CharField(_("职务"), max_length=100, blank=True)
    phone = models.CharField(_("电话"), max_length=30, blank=True)
    email = models.EmailField(_("邮箱"), blank=True)

    class Meta:
        ordering = ["organization", "name"]
        verbose_name = _("联系人")
        verbose_name_plural = _("联系人")

    def __str__(self) -> str:
        return f"{self.name}({self.organization.name})"
