"""The program's standing 禁止对接 list: every run and "best partners" leave its pairs out."""

import pytest

from tongxin.core.errors import Forbidden, Invalid
from tongxin.core.models import AuditEntry
from tongxin.core.permissions import SYSTEM
from tongxin.orgs.models import Kind
from tongxin.orgs.services import organization_create
from tongxin.regions.models import Region

from .. import selectors, services
from ..models import ForbiddenPair, Match, MatchStatus, RunStatus
from .factories import needs_and_offers

pytestmark = pytest.mark.django_db


@pytest.fixture
def bijie(program):
    return program("组团式帮扶毕节")


def run(users, program):
    done = services.run_start(actor=users["coordinator"], program=program, background=False)
    assert done.status == RunStatus.DONE, done.message
    return {(m.need_id, m.offer_id) for m in Match.objects.filter(run=done)}


def test_a_run_never_suggests_a_forbidden_pair(users, bijie):
    coordinator = users["coordinator"]
    needs, offers = needs_and_offers(bijie)
    committee = organization_create(
        actor=SYSTEM,
        name="纳雍县测试村民委员会",
        kind=Kind.VILLAGE_COMMITTEE,
        home_region=Region.objects.get(code=needs[1].region_id),
    )
    services.need_update(actor=coordinator, need=needs[1], data={"requester": committee})
    obvious = {(n.pk, o.pk) for n, o in zip(needs, offers, strict=True)}
    assert run(users, bijie) == obvious
    locked = Match.objects.get(need=needs[0], offer=offers[0])
    services.match_lock(actor=coordinator, match=locked)

    by_pair = services.forbidden_add(
        actor=coordinator, program=bijie, need=needs[0], offer=offers[0], reason="企业负责人系该村村干部亲属"
    )
    by_orgs = services.forbidden_add(
        actor=coordinator,
        program=bijie,
        need_org=committee,
        offer_org=offers[1].organization,
        reason="双方已签订其他帮扶协议",
    )
    # the locked suggestion it covers is withdrawn, audited; both entries are audited in the program
    assert not Match.objects.filter(pk=locked.pk).exists()
    assert AuditEntry.objects.filter(action="matching.superseded", object_id=str(locked.pk)).exists()
    added = AuditEntry.objects.filter(action="matching.forbidden_added", program_id=bijie.pk)
    assert set(added.values_list("object_id", flat=True)) == {str(by_pair.pk), str(by_orgs.pk)}

    banned = {(needs[0].pk, offers[0].pk), (needs[1].pk, offers[1].pk)}
    for _ in range(2):  # on every run, not only the next one
        suggested = run(users, bijie)
        assert suggested and not suggested & banned
        assert (needs[2].pk, offers[2].pk) in suggested
    partners = {p.offer.pk for p in selectors.best_partners(user=coordinator, need=needs[0], k=10)}
    assert offers[0].pk not in partners and partners
    with pytest.raises(Invalid, match="禁止对接"):
        services.match_propose(actor=coordinator, need=needs[0], offer=offers[0])

    services.forbidden_remove(actor=coordinator, entry=by_pair)
    assert AuditEntry.objects.filter(action="matching.forbidden_removed", object_id=str(by_pair.pk)).exists()
    assert (needs[0].pk, offers[0].pk) in run(users, bijie)


def test_rules_of_the_list(users, bijie, program):
    coordinator = users["coordinator"]
    needs, offers = needs_and_offers(bijie)
    with pytest.raises(Invalid) as caught:
        services.forbidden_add(actor=coordinator, program=bijie, need=needs[0], reason="缺少资源")
    assert "need" in caught.value.fields
    with pytest.raises(Invalid) as caught:
        services.forbidden_add(actor=coordinator, program=bijie, need=needs[0], offer=offers[0], reason=" ")
    assert "reason" in caught.value.fields
    with pytest.raises(Forbidden):
        services.forbidden_add(
            actor=users["minjian"], program=bijie, need=needs[0], offer=offers[0], reason="x"
        )
    elsewhere = services.need_create(
        actor=SYSTEM,
        program=program("建安合作"),
        domain=needs[0].domain,
        text="修建村级冷库",
        region=needs[0].region,
    )
    with pytest.raises(Invalid, match="不属于该项目群"):
        services.forbidden_add(actor=SYSTEM, program=bijie, need=elsewhere, offer=offers[0], reason="x")
    services.forbidden_add(
        actor=coordinator, program=bijie, need=needs[0], offer=offers[0], reason="利益相关"
    )
    with pytest.raises(Invalid, match="已在禁止对接名单中"):
        services.forbidden_add(
            actor=coordinator, program=bijie, need=needs[0], offer=offers[0], reason="再次"
        )
    accepted = services.match_propose(actor=coordinator, need=needs[1], offer=offers[1])
    services.match_accept(actor=coordinator, match=accepted)
    with pytest.raises(Invalid, match="请先拒绝"):
        services.forbidden_add(actor=coordinator, program=bijie, need=needs[1], offer=offers[1], reason="x")
    assert Match.objects.get(pk=accepted.pk).status == MatchStatus.ACCEPTED
    assert ForbiddenPair.objects.filter(program=bijie).count() == 1


def test_forbidden_list_through_the_api(api_client, bijie):
    needs, offers = needs_and_offers(bijie)
    api = api_client.as_user("coordinator")
    url = f"/api/matching/programs/{bijie.pk}/forbidden"
    half = api.send("post", url, {"need": needs[0].pk, "reason": "缺少资源"})
    assert half.status_code == 422 and "need" in half.json()["fields"]
    created = api.send("post", url, {"need": needs[0].pk, "offer": offers[0].pk, "reason": "利益相关"})
    assert created.status_code == 201, created.content
    body = created.json()
    assert (body["need"], body["offer"], body["need_title"]) == (needs[0].pk, offers[0].pk, needs[0].title)
    listed = api.get(url).json()
    assert [e["id"] for e in listed] == [body["id"]]
    assert api.delete(f"/api/matching/forbidden/{body['id']}").status_code == 204
    assert api.get(url).json() == []
    viewer = api_client.as_user("viewer")
    refused = viewer.send("post", url, {"need": needs[1].pk, "offer": offers[1].pk, "reason": "x"})
    assert refused.status_code == 403
    assert not ForbiddenPair.objects.filter(program=bijie).exists()


def test_workspace_form_adds_and_removes(client, users, bijie, demo_password):
    needs, offers = needs_and_offers(bijie)
    client.login(username="coordinator", password=demo_password)
    response = client.post(
        f"/matching/programs/{bijie.pk}/forbidden/",
        {"need": str(needs[0].pk), "offer": str(offers[0].pk), "reason": "企业负责人系村干部亲属"},
    )
    assert response.status_code == 302
    entry = ForbiddenPair.objects.get(program=bijie)
    page = client.get(f"/matching/programs/{bijie.pk}/")
    assert (
        f'data-forbidden="{entry.pk}"' in page.content.decode()
        and "企业负责人系村干部亲属" in page.content.decode()
    )
    bad = client.post(
        f"/matching/programs/{bijie.pk}/forbidden/", {"need": "不存在", "reason": "x"}, follow=True
    )
    assert "未找到需求" in bad.content.decode()
    client.post(f"/matching/forbidden/{entry.pk}/remove/")
    assert not ForbiddenPair.objects.filter(program=bijie).exists()
    assert ForbiddenPair.all_objects.get(pk=entry.pk).deleted_at is not None
