"""Writes to programs, the responsibility matrix and agreements; every one audited through core.crud."""

from django.utils.translation import gettext as _

from tongxin.core import crud
from tongxin.core.errors import Invalid
from tongxin.core.text import normalize

from .models import Agreement, Assignment, Program

PROGRAM_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "start_date",
    "end_date",
    "description",
    "published",
)
PROGRAM_M2M = ("lead_organizations", "partner_organizations", "target_regions")
ASSIGNMENT_FIELDS = ("organization", "region", "domain", "note")


def _reject_unknown(data: dict, allowed: tuple[str, ...]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise Invalid(
            _("未知字段:%(f)s") % {"f": ", ".join(sorted(unknown))},
            fields={f: [_("未知字段")] for f in unknown},
        )


def program_create(
    *, actor, lead_organizations=(), partner_organizations=(), target_regions=(), **data
) -> Program:
    _reject_unknown(data, PROGRAM_FIELDS)
    for key in ("name", "short_name"):
        if key in data:
            data[key] = normalize(data[key])
    return crud.create(
        actor=actor,
        instance=Program(**data),
        m2m={
            "lead_organizations": lead_organizations,
            "partner_organizations": partner_organizations,
            "target_regions": target_regions,
        },
    )


def program_update(*, actor, program: Program, data: dict, expected_version=None) -> Program:
    _reject_unknown(data, PROGRAM_FIELDS + PROGRAM_M2M)
    return crud.update(actor=actor, instance=program, data=data, expected_version=expected_version)


def program_delete(*, actor, program: Program) -> Program:
    return crud.delete(actor=actor, instance=program)


def program_restore(*, actor, program: Program) -> Program:
    return crud.restore(actor=actor, instance=program)


def _check_assignment(assignment: Assignment) -> None:
    duplicate = Assignment.objects.filter(
        program_id=assignment.program_id,
        organization_id=assignment.organization_id,
        region_id=assignment.region_id,
        domain_id=assignment.domain_id,
    ).exclude(pk=assignment.pk)
    if duplicate.exists():
        raise Invalid(
            _("该项目群中已有相同的责任分工:%(a)s。") % {"a": assignment},
            fields={"organization": [_("重复")]},
        )


def assignment_create(*, actor, program: Program, **data) -> Assignment:
    _reject_unknown(data, ASSIGNMENT_FIELDS)
    return crud.create(actor=actor, instance=Assignment(program=program, **data), check=_check_assignment)


def assignment_update(*, actor, assignment: Assignment, data: dict, expected_version=None) -> Assignment:
    _reject_unknown(data, ASSIGNMENT_FIELDS)
    return crud.update(
        actor=actor,
        instance=assignment,
        data=data,
        expected_version=expected_version,
        check=_check_assignment,
    )


def assignment_delete(*, actor, assignment: Assignment) -> Assignment:
    return crud.delete(actor=actor, instance=assignment)


def agreement_create(*, actor, program: Program, parties=(), **data) -> Agreement:
    return crud.create(actor=actor, instance=Agreement(program=program, **data), m2m={"parties": parties})


def agreement_delete(*, actor, agreement: Agreement) -> Agreement:
    return crud.delete(actor=actor, instance=agreement)
