"""领域: the managed vocabulary every record is classified by."""

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record

# Seeded by migration 0002; administrators may add more.
SEED = [
    ("industry", "产业发展", "Industry"),
    ("education", "教育", "Education"),
    ("health", "医疗卫生", "Health"),
    ("culture", "文化与文物保护", "Culture & heritage"),
    ("rural", "乡村振兴", "Rural revitalization"),
    ("talent", "人才与培训", "Talent & training"),
    ("science", "科技", "Science & technology"),
    ("infrastructure", "基础设施", "Infrastructure"),
    ("employment", "就业", "Employment"),
    ("governance", "基层治理", "Governance"),
    ("welfare", "公益慈善", "Public welfare"),
    ("think_tank", "智库咨询", "Think tank"),
]


class Domain(Record):
    code = models.SlugField(_("代码"), max_length=32, unique=True)
    name_zh = models.CharField(_("中文名"), max_length=50, unique=True)
    name_en = models.CharField(_("英文名"), max_length=80)
    position = models.PositiveSmallIntegerField(_("排序"), default=100)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("领域")
        verbose_name_plural = _("领域")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return self.name_en if translation.get_language() == "en" else self.name_zh


def seed(model=Domain) -> None:
    """Ensure the seeded vocabulary exists (the migration passes its historical model)."""
    for position, (code, zh, en) in enumerate(SEED, start=1):
        model.objects.get_or_create(
            code=code, defaults={"name_zh": zh, "name_en": en, "position": position * 10}
        )
