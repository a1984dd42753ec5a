import pytest
import sqlalchemy as sa

from stedskaping.access import can, registered_actions
from stedskaping.municipalities.models import FacilitatorMembership, Municipality
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
    response = submit(client, page + "/facilitators?lang=en", {"email": "ukjent@example.no"},
                      page=page)
    assert "Ask the person to register first" in response.get_data(as_text=True)
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
