"""招商引资签约项目: investment contracts, their states with dates, and the state history.

The fulfilment rate (履约率) is never stored: it is performing-or-later ÷ signed over whatever
selection is asked for (see selectors.fulfilment).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tongxin.core.models import Record


class State(models.TextChoices):
    INTENDED = "intended", _("意向")
    SIGNED = "signed", _("签约")
    PERFORMING = "performing", _("履约")
    STARTED = "started", _("开工")
    PRODUCING = "producing", _("投产")
    STALLED = "stalled", _("停滞")
    TERMINATED = "terminated", _("终止")


PERFORMING_OR_LATER = frozenset({State.PERFORMING, State.STARTED, State.PRODUCING})

# The lifecycle, in one place; services refuse every other change of state.
TRANSITIONS: dict[str, frozenset[str]] = {
    State.INTENDED: frozenset({State.SIGNED, State.TERMINATED}),
    State.SIGNED: frozenset({State.PERFORMING, State.STARTED, State.STALLED, State.TERMINATED}),
    State.PERFORMING: frozenset({State.STARTED, State.PRODUCING, State.STALLED, State.TERMINATED}),
    State.STARTED: frozenset({State.PRODUCING, State.STALLED, State.TERMINATED}),
    State.PRODUCING: frozenset({State.STALLED, State.TERMINATED}),
    State.STALLED: frozenset({State.PERFORMING, State.STARTED, State.PRODUCING, State.TERMINATED}),
    State.TERMINATED: frozenset(),
}

# The date column each state stamps when it is entered.
DATE_FIELD = {s: f"{s}_on" for s in State.values}


class Investment(Record):
    code = models.CharField(_("编号"), max_length=64, blank=True, default="")
    title = models.CharField(_("项目名称"), max_length=200)
    investor = models.ForeignKey(
        "orgs.Organization", on_delete=models.PROTECT, related_name="investments", verbose_name=_("投资方")
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="investments", verbose_name=_("落地地区")
    )
    program = models.ForeignKey(
        "programs.Program",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investments",
        verbose_name=_("项目群"),
    )
    event = models.CharField(_("签约活动"), max_length=200, blank=True, db_index=True)
    domain = models.ForeignKey(
        "domains.Domain",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investments",
        verbose_name=_("领域"),
    )
    amount = models.DecimalField(_("投资额"), max_digits=18, decimal_places=2, default=0)
    state = models.CharField(_("状态"), max_length=20, choices=State.choices, default=State.INTENDED)
    intended_on = models.DateField(_("意向日期"), null=True, blank=True)
    signed_on = models.DateField(_("签约日期"), null=True, blank=True)
    performing_on = models.DateField(_("履约日期"), null=True, blank=True)
    started_on = models.DateField(_("开工日期"), null=True, blank=True)
    producing_on = models.DateField(_("投产日期"), null=True, blank=True)
    stalled_on = models.DateField(_("停滞日期"), null=True, blank=True)
    terminated_on = models.DateField(_("终止日期"), null=True, blank=True)
    note = models.TextField(_("说明"), blank=True)
    is_demo = models.BooleanField(_("演示数据"), default=False)

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("招商签约项目")
        verbose_name_plural = _("招商签约项目")
        indexes = [models.Index(fields=["program", "state"], name="investments_program_state")]
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(deleted_at__isnull=True) & ~Q(code=""),
                name="investments_unique_live_code",
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="investments_amount_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def performing(self) -> bool:
        return self.state in PERFORMING_OR_LATER

    def clean(self):
        errors = {}
        if not self.program_id and not self.event:
            errors["program"] = _("请填写项目群或签约活动。")
        today = timezone.localdate()
        for state, name in DATE_FIELD.items():
            value = getattr(self, name)
            if value and value > today:
                errors[name] = _("%(state)s日期不能晚于今天。") % {"state": State(state).label}
        if self.state != State.INTENDED and self.state != State.TERMINATED and not self.signed_on:
            errors["signed_on"] = _("已签约的项目须有签约日期。")
        if errors:
            raise ValidationError(errors)


class StateChange(models.Model):
    """Append-only, dated history of a contract's states."""

    investment = models.ForeignKey(Investment, on_delete=models.CASCADE, related_name="state_changes")
    from_state = models.CharField(max_length=20, choices=State.choices, blank=True)
    to_state = models.CharField(max_length=20, choices=State.choices)
    on = models.DateField(_("日期"))
    note = models.CharField(_("说明"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=150)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["investment", "at", "id"]

    def __str__(self) -> str:
        return f"{self.on} {self.get_from_state_display()} → {self.get_to_state_display()}"
