"""行政区划: the Ministry of Civil Affairs codes, with villages and communities added by users."""

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record


class Level(models.TextChoices):
    PROVINCE = "province", _("省级")
    PREFECTURE = "prefecture", _("地级")
    COUNTY = "county", _("县级")
    TOWNSHIP = "township", _("乡级")
    VILLAGE = "village", _("村级")


LEVEL_ORDER = [Level.PROVINCE, Level.PREFECTURE, Level.COUNTY, Level.TOWNSHIP, Level.VILLAGE]
# How many leading digits of a code are shared by everything under it.
PREFIX_LENGTH = {
    Level.PROVINCE: 2,
    Level.PREFECTURE: 4,
    Level.COUNTY: 6,
    Level.TOWNSHIP: 9,
    Level.VILLAGE: 12,
}
CODE_LENGTH = {Level.PROVINCE: 6, Level.PREFECTURE: 6, Level.COUNTY: 6, Level.TOWNSHIP: 9, Level.VILLAGE: 12}

_ETHNIC = (
    "蒙古|回|藏|维吾尔|苗|彝|壮|布依|朝鲜|满|侗|瑶|白|土家|哈尼|哈萨克|傣|黎|傈僳|佤|畲|高山|拉祜|水|东乡|"
    "纳西|景颇|柯尔克孜|土|达斡尔|仫佬|羌|布朗|撒拉|毛南|仡佬|锡伯|阿昌|普米|塔吉克|怒|乌孜别克|俄罗斯|"
    "鄂温克|德昂|保安|裕固|京|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺|各"
)
_AUTONOMOUS = re.compile(rf"(?:(?:{_ETHNIC})族)+自治(?:区|州|县|旗)$")
_SUFFIX = re.compile(
    r"(?:特别行政区|省|市|地区|盟|林区|新区|县|区|旗|街道办事处|街道|镇|乡|苏木|村委会|居委会|社区|村)$"
)


def short_name(name: str) -> str:
    """毕节市 → 毕节, 威宁彝族回族苗族自治县 → 威宁; kept whole when too little would remain."""
    stripped = _AUTONOMOUS.sub("", name)
    if stripped == name:
        stripped = _SUFFIX.sub("", name)
    return stripped if len(stripped) >= 2 else name


class Region(Record):
    code = models.CharField(_("区划代码"), max_length=12, primary_key=True)
    name = models.CharField(_("名称"), max_length=100, db_index=True)
    short_name = models.CharField(_("简称"), max_length=100, db_index=True, editable=False)
    level = models.CharField(_("级别"), max_length=12, choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("上级"),
    )
    official = models.BooleanField(_("官方代码"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = _("行政区划")

    def __str__(self) -> str:
        return self.name

    @property
    def prefix(self) -> str:
        return self.code[: PREFIX_LENGTH[self.level]]

    def clean(self):
        if not self.code.isdigit() or len(self.code) != CODE_LENGTH.get(self.level, 0):
            raise ValidationError(
                {
                    "code": _("%(level)s区划代码应为%(n)s位数字。")
                    % {"level": self.get_level_display(), "n": CODE_LENGTH.get(self.level)}
                }
            )
        if self.parent_id and not self.code.startswith(self.parent.prefix):
            raise ValidationError(
                {
                    "code": _("代码 %(code)s 不在上级 %(parent)s 之下。")
                    % {"code": self.code, "parent": self.parent}
                }
            )
        if self.name:
            self.short_name = short_name(self.name)
