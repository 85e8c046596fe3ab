import datetime as dt
from decimal import Decimal

import pytest

from tongxin.core import audit
from tongxin.core.errors import Invalid
from tongxin.core.permissions import SYSTEM
from tongxin.investments import demo, selectors, services
from tongxin.investments.models import Investment, State, StateChange
from tongxin.regions.models import Region

pytestmark = pytest.mark.django_db


def make(actor, programs, org, **extra):
    data = dict(
        title="亚麻纺织生产线",
        investor=org("全国工商联"),
        region=Region.objects.get(code="520524"),
        program=programs("组团式帮扶毕节"),
        event="中国光彩事业毕节行",
        amount=Decimal("500000000"),
    )
    data.update(extra)
    return services.investment_create(actor=actor, **data)


def test_states_follow_the_table_with_dates_and_history(users, program, org):
    contract = make(users["coordinator"], program, org)
    assert contract.state == State.INTENDED and contract.intended_on
    with pytest.raises(Invalid, match="不能改为投产"):
        services.investment_transition(actor=users["coordinator"], investment=contract, to=State.PRODUCING)
    on = dt.date(2025, 1, 10)
    services.investment_transition(actor=users["coordinator"], investment=contract, to=State.SIGNED, on=on)
    services.investment_transition(actor=users["coordinator"], investment=contract, to=State.PERFORMING)
    contract.refresh_from_db()
    assert contract.signed_on == on and contract.performing_on and contract.performing
    assert list(StateChange.objects.filter(investment=contract).values_list("to_state", flat=True)) == [
        State.SIGNED,
        State.PERFORMING,
    ]
    assert audit.history(contract).filter(action="investments.transition").count() == 2


def test_future_dates_and_missing_program_are_refused(users, program, org):
    with pytest.raises(Invalid) as exc:
        make(
            users["coordinator"],
            program,
            org,
            signed_on=dt.date.today() + dt.timedelta(days=10),
            state=State.SIGNED,
        )
    assert "signed_on" in exc.value.fields
    with pytest.raises(Invalid):
        make(SYSTEM, program, org, program=None, event="")


def test_fulfilment_for_any_filter(api_client, program):
    demo.load()
    bijie = program("组团式帮扶毕节")
    everything = selectors.fulfilment(Investment.objects.filter(program=bijie))
    assert (everything["signed"], everything["performing"], str(everything["rate"])) == (113, 109, "96.46")
    assert everything["signed_amount"] == Decimal("55866000000.00")
    client = api_client.as_user("coordinator")
    api = client.get(f"/api/investments/fulfilment?program={bijie.pk}").json()
    assert api == {"signed": 113, "performing": 109, "signed_amount": "55866000000.00", "rate": "96.46"}
    county = client.get(f"/api/investments/fulfilment?program={bijie.pk}&region=520524").json()
    rows = Investment.objects.filter(program=bijie, region_id="520524")
    assert county["signed"] == rows.count()
    assert county["performing"] == rows.filter(state__in=["performing", "started", "producing"]).count()
    period = client.get("/api/investments/fulfilment?period=2030-01-01..").json()
    assert period["signed"] == 0 and period["rate"] is None
    by_event = client.get("/api/investments?event=中国光彩事业毕节行&limit=1").json()
    assert by_event["count"] == 113 and by_event["totals"]["fulfilment"] == "96.46"


def test_ledger_page_shows_rate_and_funnel_links(client, users, program):
    demo.load()
    client.force_login(users["coordinator"])
    page = client.get(f"/ledgers/investments/?program={program('组团式帮扶毕节').pk}").content.decode()
    assert 'data-rate="fulfilment">96.46%' in page
    signed = client.get("/ledgers/investments/?period=1900-01-01..&state=performing,started,producing")
    assert "<strong data-total-count>109</strong>" in signed.content.decode()


def test_api_create_and_transition(api_client, org, program):
    client = api_client.as_user("coordinator")
    created = client.send(
        "post",
        "/api/investments",
        {
            "title": "竹荪深加工",
            "investor": org("光彩基金会").pk,
            "region": "520524",
            "program": program("组团式帮扶毕节").pk,
            "amount": "3000000",
            "state": "signed",
            "signed_on": "2024-05-01",
        },
    )
    assert created.status_code == 201, created.content
    pk = created.json()["id"]
    moved = client.send("post", f"/api/investments/{pk}/transition", {"state": "producing"})
    assert moved.status_code == 422
    moved = client.send("post", f"/api/investments/{pk}/transition", {"state": "performing"})
    assert moved.status_code == 200 and moved.json()["history"][0]["to_state"] == "performing"
