from datetime import timedelta

import pytest
import sqlalchemy as sa
import time_machine

from stedskaping.access import can, registered_actions
from stedskaping.accounts import tokens
from stedskaping.accounts.models import User
from stedskaping.accounts.operations import start_session
from stedskaping.db import utcnow
from stedskaping.municipalities.models import (
    FacilitatorInvitation,
    FacilitatorMembership,
    Municipality,
)
from tests.fixtures.factories import make_facilitator, make_municipality, make_user
from tests.fixtures.forms import csrf_token, submit


@pytest.fixture
def world(db):
    home = make_municipality(name="Bergen", slug="bergen")
    away = make_municipality(name="Tromsø", slug="tromso")
    return {
        "home": home,
        "away": away,
        "admin": make_user(is_admin=True),
        "facilitator": make_facilitator(home),
        "other_facilitator": make_facilitator(away),
        "user": make_user(),
    }


ROUTES = [
    ("get", "/admin/municipalities/"),
    ("get", "/admin/municipalities/bergen"),
    ("post", "/admin/municipalities/bergen/facilitators"),
    ("get", "/admin/outbox"),
]
# Who gets what: None is an anonymous visitor (sent to the login page).
EXPECTED = {
    None: [302, 302, 302, 302],
    "user": [403, 403, 403, 403],
    "facilitator": [403, 200, 403, 403],
    "other_facilitator": [403, 403, 403, 403],
    "admin": [200, 200, 400, 200],  # the POST has no e-mail: a form error, not a refusal
}


@pytest.mark.parametrize("who", list(EXPECTED))
def test_access_matrix(client, world, login_as, who):
    if who:
        login_as(world[who])
    # A valid token for everyone, so that the answer is about access, not about CSRF.
    token = csrf_token(client, "/" if who else "/login")
    for (method, url), expected in zip(ROUTES, EXPECTED[who], strict=True):
        data = {"csrf_token": token}
        response = client.post(url, data=data) if method == "post" else client.get(url)
        assert response.status_code == expected, (who, method, url)


def test_admin_adds_a_municipality(client, world, login_as, db):
    login_as(world["admin"])
    response = submit(client, "/admin/municipalities/", {"name": "Ålesund kommune", "slug": ""})
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/municipalities/alesund-kommune"
    response = submit(client, "/admin/municipalities/?lang=en",
                      {"name": "Bergen igjen", "slug": "bergen"})
    assert response.status_code == 400
    assert "Another municipality already uses this short name." in response.get_data(
        as_text=True)
    names = db.session.scalars(sa.select(Municipality.name).order_by(Municipality.name)).all()
    assert names == ["Bergen", "Tromsø", "Ålesund kommune"]


def test_admin_adds_and_removes_a_facilitator(client, world, login_as, db):
    login_as(world["admin"])
    newcomer = make_user(email="ny@example.no", name="Nora Ny")
    page = "/admin/municipalities/bergen"
    response = submit(client, page + "/facilitators", {"email": "ny@example.no"}, page=page)
    assert response.status_code == 302
    html = client.get(page + "?lang=en").get_data(as_text=True)
    assert "Nora Ny" in html and "Remove Nora Ny" in html
    response = submit(client, page + "/facilitators?lang=en", {"email": "ny@example.no"},
                      page=page)
    assert response.status_code == 400
    assert "already a facilitator here" in response.get_data(as_text=True)
    response = submit(client, f"{page}/facilitators/{newcomer.id}/remove", {}, page=page)
    assert response.status_code == 302
    memberships = db.session.scalars(
        sa.select(FacilitatorMembership.user_id).where(
            FacilitatorMembership.municipality_id == world["home"].id)
    ).all()
    assert memberships == [world["facilitator"].id]


def test_facilitator_sees_own_municipality_without_manage_buttons(client, world, login_as):
    login_as(world["facilitator"])
    html = client.get("/admin/municipalities/bergen?lang=en").get_data(as_text=True)
    assert world["facilitator"].name in html
    assert "Add a facilitator" not in html and "Remove" not in html


def test_removing_needs_a_post_with_token(client, world, login_as):
    login_as(world["admin"])
    url = f"/admin/municipalities/bergen/facilitators/{world['facilitator'].id}/remove"
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 400


def test_unknown_municipality_is_404(client, world, login_as):
    login_as(world["admin"])
    assert client.get("/admin/municipalities/nowhere").status_code == 404


def test_access_rules_fail_closed(world):
    assert not can(world["user"], "no.such.action")
    assert not can(world["admin"], "no.such.action")
    assert "municipality.view" in registered_actions()
    assert can(world["facilitator"], "municipality.view", world["home"])
    assert not can(world["facilitator"], "municipality.view", world["away"])


def _appoint(client, email, slug="bergen"):
    page = f"/admin/municipalities/{slug}"
    return submit(client, page + "/facilitators?lang=en", {"email": email}, page=page)


def _facilitator_ids(db, municipality):
    return set(db.session.scalars(sa.select(FacilitatorMembership.user_id).where(
        FacilitatorMembership.municipality_id == municipality.id)))


def test_a_confirmed_account_becomes_facilitator_and_is_told(client, world, login_as, db,
                                                             outbox):
    login_as(world["admin"])
    nora = make_user(email="nora@example.no", name="Nora", locale="en")
    assert _appoint(client, "Nora@Example.no").status_code == 302
    assert nora.id in _facilitator_ids(db, world["home"])
    [mail] = outbox(kind="facilitator_added")
    assert mail.recipient == "nora@example.no"
    assert mail.subject == "You are a facilitator for Bergen"
    assert outbox(kind="facilitator_invitation") == []


def _link_for(mailbox, email):
    link = mailbox.link("facilitator_invitation", email)
    assert link.startswith("/account/facilitator-invitations/")
    return link


def test_an_unconfirmed_account_gets_no_rights_only_an_invitation(app, client, world, login_as,
                                                                  db, mailbox):
    login_as(world["admin"])
    squatter = make_user(email="nora@example.no", is_confirmed=False)
    response = _appoint(client, "nora@example.no")
    assert response.status_code == 302
    assert "we sent it an invitation" in client.get(
        "/admin/municipalities/bergen?lang=en").get_data(as_text=True)
    assert squatter.id not in _facilitator_ids(db, world["home"])
    link = _link_for(mailbox, "nora@example.no")
    # Signed in with another address, the page says so at once and offers no button...
    other = app.test_client()
    login_as_other(other, world["user"])
    page = other.get(link + "?lang=en").get_data(as_text=True)
    assert "This invitation was sent to nora@example.no" in page
    assert ">Accept</button>" not in page
    # ...and posting anyway changes nothing.
    response = submit(other, link + "?lang=en", {}, page="/account")
    assert response.status_code == 403
    assert "This invitation was sent to nora@example.no" in response.get_data(as_text=True)
    assert world["user"].id not in _facilitator_ids(db, world["home"])


def test_invited_person_registers_confirms_and_accepts(app, client, world, login_as, db,
                                                       mailbox):
    login_as(world["admin"])
    _appoint(client, "ny@example.no")
    link = _link_for(mailbox, "ny@example.no")
    token = link.rsplit("/", 1)[1]
    invitation = db.session.scalar(sa.select(FacilitatorInvitation))
    assert invitation.token_hash == tokens.hash_token(token) != token

    person = app.test_client()
    assert person.get(link).status_code == 302  # log in first
    submit(person, "/register", {"name": "Ny Person", "email": "ny@example.no",
                                 "password": "tretten-grønne-epler-i-kurven"})
    submit(person, mailbox.link("confirm_email", "ny@example.no"), {})
    assert "Bergen" in person.get(link + "?lang=en").get_data(as_text=True)
    response = submit(person, link, {})
    assert response.status_code == 302
    user = db.session.scalar(sa.select(User).where(User.email == "ny@example.no"))
    assert user.id in _facilitator_ids(db, world["home"])
    assert person.get("/admin/municipalities/bergen").status_code == 200
    # The link works once.
    assert person.get(link + "?lang=en").status_code == 400


def test_a_new_invitation_voids_the_old_link_and_can_be_withdrawn(client, world, login_as, db,
                                                                  mailbox):
    login_as(world["admin"])
    _appoint(client, "ny@example.no")
    first = _link_for(mailbox, "ny@example.no")
    _appoint(client, "ny@example.no")
    second = _link_for(mailbox, "ny@example.no")
    assert first != second
    assert "already been used or withdrawn" in client.get(first + "?lang=en").get_data(
        as_text=True)
    page = client.get("/admin/municipalities/bergen?lang=en").get_data(as_text=True)
    assert "Withdraw the invitation to ny@example.no" in page
    [invitation] = db.session.scalars(sa.select(FacilitatorInvitation).where(
        FacilitatorInvitation.closed_dt.is_(None))).all()
    url = f"/admin/municipalities/bergen/invitations/{invitation.id}/withdraw"
    assert submit(client, url, {}, page="/admin/municipalities/bergen").status_code == 302
    assert client.get(second).status_code == 400
    assert submit(client, url, {}, page="/admin/municipalities/bergen").status_code == 404


def test_an_invitation_expires(app, client, world, login_as, db, mailbox):
    login_as(world["admin"])
    _appoint(client, "ny@example.no")
    link = _link_for(mailbox, "ny@example.no")
    person = make_user(email="ny@example.no")
    later = app.test_client()
    with time_machine.travel(utcnow() + timedelta(days=15)):
        login_as_other(later, person)
        response = later.get(link + "?lang=en")
    assert response.status_code == 400
    assert "This invitation has expired." in response.get_data(as_text=True)


def test_only_admins_withdraw_invitations(client, world, login_as, db):
    login_as(world["facilitator"])
    url = "/admin/municipalities/bergen/invitations/1/withdraw"
    assert submit(client, url, {}, page="/projects/").status_code == 403


def login_as_other(client, user):
    with client.session_transaction() as session:
        session.update({"_user_id": str(user.id), "_fresh": True, "sid": start_session(user)})
