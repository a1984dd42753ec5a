"""The dugnad ledger: verified hours at the configured rate, accepted materials and money
from backers as own effort, match funds and entered grants as grants; the shares against
the grant rules; the CSV for the grant report; who may see and change it."""

import pytest

from stedskaping.funding.models import (
    CARD,
    HOURS,
    MATERIAL,
    OFFLINE,
    Campaign,
    CampaignStatus,
    Pledge,
    PledgeStatus,
)
from stedskaping.realisation.ledger import operations, queries
from stedskaping.realisation.shifts import checkin, signups
from tests.fixtures.factories import make_user
from tests.realisation.camp.helpers import on_day, plan_activity, plan_shift, post, text


def _campaign(cast, db):
    campaign = Campaign(project_id=cast["project"].id, minimum_amount=10_000_00,
                        optimum_amount=20_000_00, status=CampaignStatus.SUCCEEDED)
    db.session.add(campaign)
    db.session.flush()
    backer = make_user()
    for kind, status, amount, matched, hours in (
            (CARD, PledgeStatus.PAID, 10_000_00, 5_000_00, 0),
            (OFFLINE, PledgeStatus.RECEIVED, 2_000_00, 0, 0),
            (MATERIAL, PledgeStatus.ACCEPTED, 3_000_00, 0, 0),
            (MATERIAL, PledgeStatus.OFFERED, 1_000_00, 0, 0),  # not accepted: not counted
            (HOURS, PledgeStatus.OFFERED, 0, 0, 8)):  # hours count when worked
        db.session.add(Pledge(campaign_id=campaign.id, backer_id=backer.id, kind=kind,
                              status=status, amount=amount, matched_amount=matched,
                              hours=hours))
    db.session.flush()


def _worked(cast, clock, hours_each):
    shift = plan_shift(cast, plan_activity(cast), capacity=5)  # 09:00 to 13:00
    rows = [signups.sign_up(shift, cast["project"], make_user(), signups.SignUp())
            for _ in hours_each]
    on_day(clock, cast["days"][0])
    for row, minutes in zip(rows, hours_each, strict=True):
        checkin.check_in(shift, cast["project"], row.id, acknowledged=True)
        checkin.record_hours(shift, cast["project"], row.id, minutes)
    # One more signed up who never came: not verified, not counted.
    signups.sign_up(shift, cast["project"], make_user(), signups.SignUp())


def test_the_worked_example(cast, db, clock):
    """Three volunteers checked in: 4 h + 4 h + 3.5 h = 11.5 h, at NOK 300 an hour:
    NOK 3 450. Materials accepted: NOK 3 000 (the NOK 1 000 only offered does not count).
    Money from backers: NOK 10 000 by card + NOK 2 000 offline = NOK 12 000.
    Own effort: 3 450 + 3 000 + 12 000 = NOK 18 450.
    Grants: the match fund's NOK 5 000 + the entered NOK 5 000 = NOK 10 000.
    Budget: NOK 28 450. Own effort 18 450 / 28 450 = 64.85 % (at least 50 %: passes);
    grants 10 000 / 28 450 = 35.15 % (at most 75 %: passes).
    With a further grant of NOK 50 000: grants NOK 60 000 of NOK 78 450 = 76.48 % (fails),
    own effort 23.52 % (fails)."""
    _campaign(cast, db)
    _worked(cast, clock, [240, 240, 210])
    operations.add_grant(cast["project"], cast["initiator"], "Nærmiljøtilskudd", 5_000_00)
    ledger = queries.ledger(cast["project"])
    assert ledger.minutes == 690 and ledger.hours_value == 3_450_00
    assert (ledger.materials, ledger.money, ledger.matched) == (3_000_00, 12_000_00, 5_000_00)
    assert ledger.own_effort == 18_450_00 and ledger.grant_total == 10_000_00
    assert ledger.total == 28_450_00
    assert round(ledger.own_share * 100, 2) == 64.85 and round(ledger.grant_share * 100, 2) == 35.15
    assert ledger.own_passes and ledger.grant_passes
    operations.add_grant(cast["project"], cast["initiator"], "Stiftelsen", 50_000_00)
    ledger = queries.ledger(cast["project"])
    assert round(ledger.grant_share * 100, 2) == 76.48
    assert not ledger.own_passes and not ledger.grant_passes


def test_the_page_shows_the_budget_and_the_rules(cast, db, clock, login_as, client):
    _campaign(cast, db)
    _worked(cast, clock, [240, 240, 210])
    operations.add_grant(cast["project"], cast["initiator"], "Nærmiljøtilskudd", 5_000_00)
    login_as(cast["initiator"])
    page = text(client.get(f"/projects/{cast['project'].id}/ledger"))
    assert "Volunteer hours (verified) 11.5 NOK 3,450" in page
    assert "Own effort NOK 18,450" in page and "Budget NOK 28,450" in page
    assert "✓ Passes: own effort 65%, at least 50% asked" in page
    assert "✓ Passes: grants 35%, at most 75% allowed" in page


def test_the_csv_for_the_grant_report(cast, db, clock, login_as, client):
    _campaign(cast, db)
    _worked(cast, clock, [240, 240, 210])
    operations.add_grant(cast["project"], cast["initiator"], "=Tilskudd", 5_000_00)
    login_as(cast["facilitator"])
    response = client.get(f"/projects/{cast['project'].id}/ledger/ledger.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()
    assert lines[0] == "Kind;Line;Hours;Amount (NOK)"
    assert "Own effort;Volunteer hours (verified);11,50;3450,00" in lines
    assert "Grant;'=Tilskudd;;5000,00" in lines  # no formula in a spreadsheet
    assert "Total;Budget;;28450,00" in lines


def test_a_grant_line_is_added_and_removed(cast, db, login_as, client):
    login_as(cast["initiator"])
    url = f"/projects/{cast['project'].id}/ledger"
    for bad in ({"name": " ", "amount": "100"}, {"name": "X", "amount": "-5"},
                {"name": "X", "amount": "99999999999"}, {"name": "X", "amount": "0"}):
        assert post(client, url + "/grants", bad, page=url).status_code == 400, bad
    assert queries.grants_of(cast["project"].id) == []
    assert post(client, url + "/grants", {"name": "Sparebankstiftelsen", "amount": "20 000"},
                page=url).status_code == 302
    grant = queries.grants_of(cast["project"].id)[0]
    assert grant.amount == 20_000_00
    assert "Sparebankstiftelsen NOK 20,000" in text(client.get(url))
    assert post(client, url + f"/grants/{grant.id}/delete", {}, page=url).status_code == 302
    assert queries.grants_of(cast["project"].id) == []


@pytest.mark.parametrize("who, status", [("other_user", 403), ("other_facilitator", 403),
                                         ("facilitator", 200), ("member", 200)])
def test_who_sees_the_ledger(cast, login_as, client, who, status):
    login_as(cast[who])
    assert client.get(f"/projects/{cast['project'].id}/ledger").status_code == status


def test_the_facilitator_sees_but_does_not_change(cast, login_as, client):
    login_as(cast["facilitator"])
    url = f"/projects/{cast['project'].id}/ledger"
    assert "Add a grant" not in text(client.get(url))
    assert post(client, url + "/grants", {"name": "X", "amount": "5"},
                page=url).status_code == 403


def test_another_projects_grant_is_not_found(cast, db, login_as, client):
    from tests.fixtures.factories import make_cast

    other = make_cast()
    theirs = operations.add_grant(other["project"], other["initiator"], "Theirs", 100_00)
    login_as(cast["initiator"])
    url = f"/projects/{cast['project'].id}/ledger"
    response = post(client, url + f"/grants/{theirs.id}/delete", {}, page=url)
    assert response.status_code == 404
    assert queries.grants_of(other["project"].id) == [theirs]
