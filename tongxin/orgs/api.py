from ninja import Router, Schema, Status
from pydantic import Field

from tongxin.core import permissions, refs
from tongxin.core.api import actor, get_visible, resolve_refs
from tongxin.domains.selectors import domains_get
from tongxin.regions.selectors import region_resolve

from . import selectors, services
from .models import Kind, Organization

router = Router(tags=["organizations"])


class OrganizationOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    parent: int | None = Field(None, alias="parent_id")
    home_region: str | None = Field(None, alias="home_region_id")
    credit_code: str
    domains: list[str]
    website: str
    description: str
    published: bool
    version: int

    @staticmethod
    def resolve_domains(obj) -> list[str]:
        return [d.code for d in obj.domains.all()]


class OrganizationPage(Schema):
    count: int
    items: list[OrganizationOut]


class OrganizationIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    short_name: str = ""
    kind: Kind
    parent: int | None = None
    home_region: str | None = None
    credit_code: str = ""
    domains: list[str] = []
    website: str = ""
    description: str = ""
    published: bool = True


class OrganizationPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=200)
    short_name: str | None = None
    kind: Kind | None = None
    parent: int | None = None
    home_region: str | None = None
    credit_code: str | None = None
    domains: list[str] | None = None
    website: str | None = None
    description: str | None = None
    published: bool | None = None
    version: int | None = Field(
        None, description="the version you edited; a newer one on the server is a 409"
    )


def _refs(request, data: dict) -> dict:
    return resolve_refs(
        data,
        {
            "parent": refs.visible("orgs.Organization", actor(request)),
            "home_region": region_resolve,
            "domains": domains_get,
        },
    )


@router.get("", response=OrganizationPage)
def list_organizations(
    request,
    q: str = "",
    kind: Kind | None = None,
    parent: int | None = None,
    region: str = "",
    limit: int = 50,
    offset: int = 0,
):
    qs = selectors.organization_list(user=actor(request), q=q, kind=kind or "", parent=parent, region=region)
    limit = max(1, min(limit, 500))
    return {"count": qs.count(), "items": list(qs.prefetch_related("domains")[offset : offset + limit])}


@router.get("/{org_id}", response=OrganizationOut)
def get_organization(request, org_id: int):
    return get_visible(request, Organization.objects.all(), pk=org_id)


@router.post("", response={201: OrganizationOut})
def create_organization(request, payload: OrganizationIn):
    data = _refs(request, payload.dict())
    return Status(201, services.organization_create(actor=actor(request), **data))


@router.patch("/{org_id}", response=OrganizationOut)
def update_organization(request, org_id: int, payload: OrganizationPatch):
    org = get_visible(request, Organization.objects.all(), pk=org_id)
    data = payload.dict(exclude_unset=True)
    version = data.pop("version", None)
    return services.organization_update(
        actor=actor(request), organization=org, data=_refs(request, data), expected_version=version
    )


@router.delete("/{org_id}", response={204: None})
def delete_organization(request, org_id: int):
    org = get_visible(request, Organization.objects.all(), pk=org_id)
    services.organization_delete(actor=actor(request), organization=org)
    return Status(204, None)


@router.post("/{org_id}/restore", response=OrganizationOut)
def restore_organization(request, org_id: int):
    org = permissions.get_or_404(actor(request), Organization.all_objects.all(), pk=org_id)
    return services.organization_restore(actor=actor(request), organization=org)
