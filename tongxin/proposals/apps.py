from django.apps import AppConfig


class ProposalsConfig(AppConfig):
    name = "tongxin.proposals"
    label = "proposals"
    verbose_name = "建言献策"

    def ready(self):
        from tongxin.core import audit, ledger, panels, permissions
        from tongxin.core.permissions import ADD, CHANGE, DELETE, Policy, Role

        from . import figures
        from .ledgers import PROPOSALS, TASKS
        from .models import Extension, Measure, Proposal, Step, StepKind, Task

        coordinator = frozenset({Role.COORDINATOR})
        writers = frozenset({Role.COORDINATOR, Role.MEMBER})
        # A coordinator of 临沂五大行动 reaches the records of its five campaigns too.
        program = ("program_id", "program__parent_id")
        permissions.register(
            Proposal,
            Policy(
                program=program,
                org=("submitters__path", "tasks__lead__path"),
                region=("place_id",),
                roles={ADD: writers, CHANGE: writers, DELETE: coordinator},
                distinct=True,
            ),
        )
        via = ("proposal__program_id", "proposal__program__parent_id")
        permissions.register(
            Task,
            Policy(
                program=via,
                org=("lead__path", "assisting__path"),
                region=("proposal__place_id",),
                roles={ADD: coordinator, CHANGE: writers, DELETE: coordinator},
                distinct=True,
            ),
        )
        permissions.register(
            Step,
            Policy(
                program=via,
                org=("proposal__submitters__path", "task__lead__path"),
                region=("proposal__place_id",),
                roles={ADD: writers, CHANGE: writers, DELETE: writers},
                distinct=True,
            ),
        )
        permissions.register(
            Extension,
            Policy(
                program=("task__proposal__program_id", "task__proposal__program__parent_id"),
                org=("task__lead__path",),
                roles={ADD: writers, CHANGE: coordinator, DELETE: coordinator},
            ),
        )
        permissions.register(
            Measure,
            Policy(program=program, roles={ADD: writers, CHANGE: coordinator, DELETE: coordinator}),
        )
        for kind in StepKind:
            audit.register(f"proposals.{kind.value}", f"登记{kind.label}")
        for name, label in (
            ("task_created", "交办事项"),
            ("task_claimed", "领办"),
            ("task_replied", "反馈"),
            ("task_closed", "办结"),
            ("measure_created", "出台工作举措"),
            ("step_withdrawn", "撤销环节"),
            ("extension_requested", "申请延期"),
            ("extension_approved", "同意延期"),
            ("extension_refused", "不同意延期"),
            ("deadline_extended", "期限延长"),
            ("reminder", "催办"),
            ("yellow_card", "黄牌"),
            ("notice", "通报"),
            ("bulk_created", "批量创建"),
        ):
            audit.register(f"proposals.{name}", label)
        ledger.register(PROPOSALS)
        ledger.register(TASKS)
        figures.register_all()
        panels.register("program", "proposals/_program_panel.html", figures.program_panel, position=60)
