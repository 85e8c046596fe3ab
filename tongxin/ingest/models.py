"""Documents read for figures, and the facts found in them awaiting a user's decision.

Nothing found here is written to any ledger or indicator until a user confirms it.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record


class Document(Record):
    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="documents", verbose_name=_("项目群")
    )
    title = models.CharField(_("标题"), max_length=200)
    filename = models.CharField(_("文件名"), max_length=200, blank=True)
    encoding = models.CharField(_("编码"), max_length=20, blank=True)
    text = models.TextField(_("原文"))
    warnings = models.JSONField(_("疑似乱码"), default=list, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("文档")
        verbose_name_plural = _("文档")

    def __str__(self) -> str:
        return self.title


class Fact(Record):
    class Status(models.TextChoices):
        PENDING = "pending", _("待确认")
        CONFIRMED = "confirmed", _("已确认")
        REJECTED = "rejected", _("已否决")

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="facts", verbose_name=_("文档")
    )
    quote = models.CharField(_("原文片段"), max_length=500)
    value = models.DecimalField(_("数值"), max_digits=24, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=20)
    approx = models.CharField(_("约数"), max_length=8)
    what = models.CharField(_("所计"), max_length=100, blank=True)
    change = models.BooleanField(_("变化量"), default=False)
    optional = models.BooleanField(_("存疑"), default=False)
    start = models.PositiveIntegerField(_("起始位置"))
    end = models.PositiveIntegerField(_("结束位置"))
    place_code = models.CharField(_("地点代码"), max_length=12, blank=True)
    place_name = models.CharField(_("地点"), max_length=100, blank=True)
    organization = models.CharField(_("组织"), max_length=200, blank=True)
    status = models.CharField(_("状态"), max_length=12, choices=Status.choices, default=Status.PENDING)
    reported_value = models.ForeignKey(
        "indicators.ReportedValue", null=True, blank=True, on_delete=models.SET_NULL, related_name="facts"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["document", "start"]
        verbose_name = _("提取的数字")
        verbose_name_plural = _("提取的数字")

    def __str__(self) -> str:
        return self.quote
