"""指标: named measures and the values reported for them by hand or from documents.

Figures that records can produce are computed by the registry (`core.figures`) and never stored
here; a ReportedValue holds only what no record holds, with where it came from (provenance).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record


class Approx(models.TextChoices):
    EXACT = "exact", _("精确")
    OVER = "over", _("余/多/超")
    ABOUT = "about", _("约/近")
    UNDER = "under", _("不足")


class Indicator(Record):
    name = models.CharField(_("名称"), max_length=100, unique=True)
    unit = models.CharField(_("单位"), max_length=20)
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("指标")
        verbose_name_plural = _("指标")

    def __str__(self) -> str:
        return f"{self.name}({self.unit})"


class ReportedValue(Record):
    """A value someone confirmed, with its source: a document offset, or a note when typed in."""

    program = models.ForeignKey(
        "programs.Program", on_delete=models.PROTECT, related_name="reported_values", verbose_name=_("项目群")
    )
    indicator = models.ForeignKey(
        Indicator, on_delete=models.PROTECT, related_name="values", verbose_name=_("指标")
    )
    region = models.ForeignKey(
        "regions.Region",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("地区"),
    )
    period_start = models.DateField(_("期间起"), null=True, blank=True)
    period_end = models.DateField(_("期间止"), null=True, blank=True)
    value = models.DecimalField(_("数值"), max_digits=20, decimal_places=4)
    unit = models.CharField(_("单位"), max_length=20)
    approx = models.CharField(_("约数"), max_length=8, choices=Approx.choices, default=Approx.EXACT)
    source_label = models.CharField(_("来源"), max_length=300, blank=True)
    source_content_type = models.ForeignKey(
        "contenttypes.ContentType", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    source_object_id = models.CharField(max_length=64, blank=True)
    source_start = models.PositiveIntegerField(null=True, blank=True)
    source_end = models.PositiveIntegerField(null=True, blank=True)
    source_quote = models.CharField(_("原文"), max_length=500, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("确认人"),
    )
    confirmed_at = models.DateTimeField(_("确认时间"), null=True)

    class Meta:
        ordering = ["-confirmed_at", "-pk"]
        verbose_name = _("上报数据")
        verbose_name_plural = _("上报数据")

    def __str__(self) -> str:
        return f"{self.indicator.name} {self.value.normalize():f}{self.unit}"

    def clean(self):
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("期间止不能早于期间起。")})
        if self.value is not None and self.value < 0:
            raise ValidationError({"value": _("数值不能为负。")})
