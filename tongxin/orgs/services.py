"""Writes to organizations and contacts; every one audited through core.crud."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat, Substr
from django.utils.translation import gettext as _

from tongxin.core import crud
from tongxin.core.errors import Invalid
from tongxin.core.text import normalize

from .models import Contact, Organization

ORG_FIELDS = (
    "name",
    "short_name",
    "kind",
    "parent",
    "home_region",
    "credit_code",
    "website",
    "description",
    "published",
)


def _normalized(data: dict) -> dict:
    return {
        k: normalize(v) if k in ("name", "short_name") and isinstance(v, str) else v for k, v in data.items()
    }


def _check_credit_code(org: Organization) -> None:
    if not org.credit_code:
        return
    other = Organization.all_objects.filter(credit_code=org.credit_code).exclude(pk=org.pk).first()
    if other:
        state = _("(已删除)") if other.is_deleted else ""
        raise Invalid(
            _("统一社会信用代码 %(code)s 已被“%(name)s”%(state)s使用。")
            % {"code": org.credit_code, "name": other.name, "state": state},
            fields={"credit_code": [_("已被“%(name)s”使用") % {"name": other.name}]},
        )


def _check_parent(org: Organization) -> None:
    if org.pk and org.parent_id and org.parent.path.startswith(org.path or "\0"):
        raise Invalid(_("上级组织不能是本组织或其下级。"), fields={"parent": [_("形成循环")]})


def _set_path(org: Organization) -> None:
    """Recompute the materialized path and carry the change to every descendant."""
    old = org.path
    new = f"{org.parent.path if org.parent_id else '/'}{org.pk}/"
    if old == new:
        return
    Organization.all_objects.filter(pk=org.pk).update(path=new)
    if old:
        Organization.all_objects.filter(path__startswith=old).exclude(pk=org.pk).update(
            path=Concat(Value(new), Substr("path", len(old) + 1))
        )
    org.path = new


def organization_create(*, actor, domains=(), **data) -> Organization:
    org = Organization(**{k: v for k, v in _normalized(data).items() if k in ORG_FIELDS})
    return crud.create(
        actor=actor, instance=org, m2m={"domains": domains}, check=_check_credit_code, after_save=_set_path
    )


def organization_update(
    *, actor, organization: Organization, data: dict, expected_version=None
) -> Organization:
    unknown = set(data) - {*ORG_FIELDS, "domains"}
    if unknown:
        raise Invalid(
            _("未知字段:%(f)s") % {"f": ", ".join(sorted(unknown))}, fields={f: ["未知字段"] for f in unknown}
        )

    def check(org):
        _check_credit_code(org)
        _check_parent(org)

    return crud.update(
        actor=actor,
        instance=organization,
        data=_normalized(data),
        expected_version=expected_version,
        check=check,
        after_save=_set_path,
    )


def organization_delete(*, actor, organization: Organization) -> Organization:
    if organization.children.exists():
        raise Invalid(_("“%(n)s”还有下级组织,请先处理下级组织。") % {"n": organization.name})
    return crud.delete(actor=actor, instance=organization)


def organization_restore(*, actor, organization: Organization) -> Organization:
    return crud.restore(actor=actor, instance=organization)


def contact_create(*, actor, organization: Organization, **data) -> Contact:
    contact = Contact(organization=organization, **data)
    return crud.create(actor=actor, instance=contact)


def contact_update(*, actor, contact: Contact, data: dict) -> Contact:
    return crud.update(actor=actor, instance=contact, data=data)


def contact_delete(*, actor, contact: Contact) -> Contact:
    return crud.delete(actor=actor, instance=contact)


@transaction.atomic
def organization_get_or_create(*, actor, name: str, **data) -> tuple[Organization, bool]:
    """For loaders: the live organization with this exact name, or a new one."""
    found = Organization.objects.filter(name=normalize(name)).first()
    if found:
        return found, False
    return organization_create(actor=actor, name=name, **data), True


def organization_bulk_create(*, actor, organizations: list[Organization]) -> list[Organization]:
    """The loaders' path for thousands of rows: validated like single creates, written in bulk,
    audited row by row in one batch. Only administrators and the system may bulk-load."""
    from tongxin.core import audit, permissions
    from tongxin.core.errors import Forbidden

    if actor is not permissions.SYSTEM and not permissions.is_admin(actor):
        raise Forbidden(_("批量新增组织仅限管理员。"))
    seen: dict[str, int] = {}
    for row, org in enumerate(organizations, start=1):
        org.name, org.short_name = normalize(org.name), normalize(org.short_name)
        try:
            org.full_clean(validate_constraints=False)
        except ValidationError as exc:
            raise Invalid(_("第%(n)s行:%(e)s") % {"n": row, "e": Invalid.from_django(exc).message}) from None
        if org.credit_code:
            if org.credit_code in seen:
                raise Invalid(
                    _("第%(n)s行与第%(m)s行的统一社会信用代码相同。") % {"n": row, "m": seen[org.credit_code]}
                )
            seen[org.credit_code] = row
    taken = Organization.all_objects.filter(credit_code__in=list(seen)).first()
    if taken:
        raise Invalid(
            _("统一社会信用代码 %(c)s 已被“%(n)s”使用。") % {"c": taken.credit_code, "n": taken.name}
        )
    with transaction.atomic():
        created = Organization.objects.bulk_create(organizations, batch_size=1000)
        for org in created:
            org.path = f"{org.parent.path if org.parent_id else '/'}{org.pk}/"
        Organization.objects.bulk_update(created, ["path"], batch_size=1000)
        audit.record_bulk(actor=actor, action="created", objs=created)
    return created
