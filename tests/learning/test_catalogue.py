"""The good-practice catalogue: nomination, the five hallmarks, publication (never with a
hallmark unmet), the public catalogue's search and filters, and who sees what."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.learning.catalogue import operations
from stedskaping.learning.catalogue.hallmarks import HALLMARK_KEYS
from stedskaping.learning.catalogue.models import CatalogueEntry, EntryStatus
from stedskaping.notifications.models import Notification
from tests.fixtures.factories import make_cast, make_facilitator
from tests.fixtures.forms import submit
from tests.learning.helpers import completed_cast

NOMINATION = {"theme": "meeting_place", "why": "A bench by the river that the whole "
              "street uses.", "story": "We built it in six days."}


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def _assessment(met=True, **changes) -> dict:
    form = {"dimensions": ["social", "ecological"]}
    for key in HALLMARK_KEYS:
        form[f"{key}_met"] = "yes" if met else "no"
        form[f"{key}_why"] = f"Because of {key}."
    return form | changes


@pytest.fixture
def done(cast, monkeypatch):
    return completed_cast(cast, monkeypatch)


def _nominate(client, login_as, cast, who="initiator"):
    login_as(cast[who])
    url = f"/projects/{cast['project'].id}/catalogue/nominate"
    return submit(client, url, NOMINATION)


def _kinds(user):
    return db.session.scalars(sa.select(Notification.message).where(
        Notification.user_id == user.id, Notification.kind == "catalogue")
        .order_by(Notification.id)).all()


def test_nominate_assess_and_publish(done, login_as, client):
    project = done["project"]
    assert _nominate(client, login_as, done).status_code == 302
    assert _kinds(done["facilitator"]) == ["nominated"]
    assert _kinds(done["member"]) == ["nominated"]
    assert _kinds(done["other_facilitator"]) == []
    login_as(done["facilitator"])
    url = f"/projects/{project.id}/catalogue"
    assert "Publishing needs all five hallmarks met" in _text(client.get(url))
    assert submit(client, url, _assessment()).status_code == 302
    assert _kinds(done["member"]) == ["nominated", "assessed"]
    response = submit(client, f"{url}/publish", {}, page=url)
    entry = db.session.scalar(sa.select(CatalogueEntry))
    assert response.status_code == 302 and entry.status == EntryStatus.PUBLISHED
    assert _kinds(done["initiator"]) == ["assessed", "published"]
    page = _text(client.get(f"/catalogue/{entry.id}"))
    assert "A bench by the river" in page and "Because of demand." in page
    assert "Impact on more than one sustainability dimension" in page
    assert "Social and Ecological" in page
    assert entry.group_size == 2 + 20  # the team of two and the 20 confirmed supporters
    assert project.title in _text(client.get("/catalogue"))


def test_not_publishable_with_a_hallmark_unmet(done, login_as, client):
    _nominate(client, login_as, done)
    login_as(done["facilitator"])
    url = f"/projects/{done['project'].id}/catalogue"
    submit(client, url, _assessment(demand_met="no"))
    page = _text(client.get(url))
    assert "4 of 5 hallmarks met" in page and "Publish in the catalogue" not in page
    submit(client, f"{url}/publish", {}, page=url)
    entry = db.session.scalar(sa.select(CatalogueEntry))
    assert entry.status == EntryStatus.ASSESSED
    with pytest.raises(operations.CatalogueError, match="all five"):
        operations.publish(done["project"], entry, done["facilitator"])
    visitor = client.application.test_client()
    assert visitor.get(f"/catalogue/{entry.id}").status_code in (302, 401)  # hidden
    assert visitor.get(f"/catalogue/{entry.id}/photo").status_code in (302, 401)
    assert done["project"].title not in _text(visitor.get("/catalogue"))
    login_as(done["other_user"])
    assert client.get(f"/catalogue/{entry.id}").status_code == 403


@pytest.mark.parametrize("bad", [
    {"demand_why": "   "}, {"verifiable_met": ""}, {"dimensions": ["social"]},
    {"dimensions": ["social", "nonsense"]}, {"stakeholders_why": "x" * 2001},
])
def test_bad_assessments_are_field_errors_and_change_nothing(done, login_as, client, bad):
    _nominate(client, login_as, done)
    login_as(done["facilitator"])
    url = f"/projects/{done['project'].id}/catalogue"
    response = submit(client, url, _assessment(**bad))
    assert response.status_code == 400 and "Please correct the following" in _text(response)
    entry = db.session.scalar(sa.select(CatalogueEntry))
    assert entry.status == EntryStatus.NOMINATED and entry.hallmarks == []


def test_who_may_nominate_and_assess(done, cast, login_as, client):
    project = done["project"]
    for who in ("other_user", "other_facilitator"):
        assert _nominate(client, login_as, done, who).status_code == 403
    assert _nominate(client, login_as, done, "member").status_code == 302
    url = f"/projects/{project.id}/catalogue"
    login_as(done["member"])
    assert client.get(url).status_code == 200
    token_page = f"/projects/{project.id}/catalogue"
    login_as(done["facilitator"])
    from tests.fixtures.forms import csrf_token
    token = csrf_token(client, token_page)
    login_as(done["member"])
    assert client.post(url, data={"csrf_token": token, **_assessment()}).status_code in (
        400, 403)
    login_as(done["other_facilitator"])
    assert client.get(url).status_code == 403
    assert db.session.scalar(sa.select(CatalogueEntry)).hallmarks == []


def test_only_a_completed_project_is_nominated(login_as, client):
    cast = make_cast()
    response = _nominate(client, login_as, cast)
    assert response.status_code == 409 or "Only a completed project" in _text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CatalogueEntry)) == 0


def test_a_bad_nomination_is_a_field_error(done, login_as, client):
    login_as(done["initiator"])
    url = f"/projects/{done['project'].id}/catalogue/nominate"
    for bad in ({"theme": "castles"}, {"why": "  "}, {"why": "x" * 2001}):
        response = submit(client, url, {**NOMINATION, **bad})
        assert response.status_code == 400, bad
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CatalogueEntry)) == 0


def test_another_municipality_facilitator_cannot_publish(done, login_as, client):
    _nominate(client, login_as, done)
    stranger = make_facilitator(done["other_facilitator"].facilitator_memberships[0].municipality)
    login_as(stranger)
    url = f"/projects/{done['project'].id}/catalogue"
    assert client.post(f"{url}/publish", data={}).status_code in (400, 403)


def test_the_photo_is_stored_without_its_metadata_and_shown_by_access(done, login_as, client):
    from tests.fixtures import images
    from tests.participation.helpers import post

    login_as(done["initiator"])
    url = f"/projects/{done['project'].id}/catalogue/nominate"
    response = post(client, url, NOMINATION, page=url,
                    files={"photo": ("benken.png", images.png())})
    assert response.status_code == 302
    entry = db.session.scalar(sa.select(CatalogueEntry))
    photo = client.get(f"/catalogue/{entry.id}/photo")
    photo.close()
    assert photo.status_code == 200 and photo.mimetype == "image/png"
    assert client.application.test_client().get(
        f"/catalogue/{entry.id}/photo").status_code in (302, 401)  # not published yet


def test_a_photo_that_is_not_a_picture_is_refused(done, login_as, client):
    from tests.participation.helpers import post

    login_as(done["initiator"])
    url = f"/projects/{done['project'].id}/catalogue/nominate"
    response = post(client, url, NOMINATION, page=url, files={"photo": ("x.png", b"text")})
    assert response.status_code == 400 and "PNG or JPEG" in _text(response)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CatalogueEntry)) == 0
