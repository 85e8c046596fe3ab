"""Reads over programs: the visible list, and the responsibility matrix as a grid."""

from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from tongxin.core import permissions
from tongxin.core.text import normalize
from tongxin.regions.selectors import RegionNotFound, region_lookup, region_resolve

from .models import Assignment, Program


def program_lineage(program_id: int, depth: int) -> list[int]:
    """The program and up to depth - 1 of its ancestors (campaign → 临沂五大行动)."""
    ids = [program_id]
    while len(ids) < depth:
        parent = Program.objects.filter(pk=ids[-1]).values_list("parent_id", flat=True).first()
        if parent is None:
            break
        ids.append(parent)
    return ids


def program_list(
    *, user, q: str = "", kind: str = "", region: str = "", organization: int | None = None
) -> QuerySet:
    qs = permissions.scoped(user, permissions.VIEW, Program.objects.all())
    if q:
        term = normalize(q)
        qs = qs.filter(Q(name__contains=term) | Q(short_name__contains=term))
    if kind:
        qs = qs.filter(kind=kind)
    if region:
        qs = qs.filter(
            pk__in=Program.objects.filter(
                permissions.prefix_q("target_regions__code", region)
                | permissions.prefix_q("assignments__region_id", region)
            ).values("pk")
        )
    if organization is not None:
        qs = qs.filter(
            Q(lead_organizations=organization)
            | Q(partner_organizations=organization)
            | Q(assignments__organization=organization)
        ).distinct()
    return qs.order_by("name")


def assignment_list(
    *,
    user,
    program: int | None = None,
    organization: int | None = None,
    region: str = "",
    domain: str = "",
    q: str = "",
) -> QuerySet:
    qs = permissions.scoped(
        user,
        permissions.VIEW,
        Assignment.objects.select_related("program", "organization", "region", "domain"),
    )
    if program is not None:
        qs = qs.filter(program_id=program)
    if organization is not None:
        qs = qs.filter(organization_id=organization)
    if region:
        qs = qs.filter(permissions.prefix_q("region_id", region))
    if domain:
        qs = qs.filter(domain__code=domain)
    if q:
        term = normalize(q)
        qs = qs.filter(
            Q(organization__name__contains=term) | Q(region__name__contains=term) | Q(note__contains=term)
        )
    return qs


@dataclass
class Matrix:
    """Rows = regions, columns = domains (plus 'all domains' when a row has undomained cells)."""

    regions: list = field(default_factory=list)
    domains: list = field(default_factory=list)
    cells: dict = field(default_factory=dict)

    def rows(self):
        for region in self.regions:
            yield (
                region,
                [
                    (domain, self.cells.get((region.code, domain.pk if domain else None), []))
                    for domain in self.domains
                ],
            )


def program_matrix(*, user, program: Program) -> Matrix:
    matrix = Matrix()
    assignments = assignment_list(user=user, program=program.pk).order_by("region_id", "organization__name")
    regions, domains = {}, {}
    for a in assignments:
        regions.setdefault(a.region_id, a.region)
        domains.setdefault(a.domain_id, a.domain)
        matrix.cells.setdefault((a.region_id, a.domain_id), []).append(a)
    matrix.regions = sorted(regions.values(), key=lambda r: r.code)
    matrix.domains = sorted((d for d in domains.values() if d), key=lambda d: (d.position, d.code))
    if None in domains:
        matrix.domains.append(None)
    return matrix


def program_region_resolve(program: Program, name: str):
    """A region name read in the program's context: within its target regions first (纳雍 → 纳雍县
    under 毕节), then nationally; ambiguity is still refused with every candidate."""
    found = {
        c.region.code: c
        for target in program.target_regions.all()
        for c in region_lookup(name, within=target)
    }
    if len(found) == 1:
        return next(iter(found.values())).region
    if len(found) > 1:
        raise RegionNotFound(name, list(found.values()))
    return region_resolve(name)
