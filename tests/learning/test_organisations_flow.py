"""Organisations: the public interest form (no account), the facilitators' paged list,
the invitation to a forum (a mail), the link to a project (shown to its team), access
and bad input."""

from __future__ import annotations

import re

import pytest

from stedskaping.db import db
from stedskaping.learning.forums import operations as forums
from stedskaping.learning.organisations import operations
from stedskaping.learning.organisations.models import Organisation, OrganisationProject
from stedskaping.learning.places import operations as places
from tests.fixtures.factories import make_cast
from tests.fixtures.forms import submit

GOOD = {"name": "Mjøs Trebygg AS", "kind": "company", "contact_name": "Kari Mjøs",
        "email": "kari@trebygg.example", "phone": "", "offer": "Timber and two carpenters."}


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _register(municipality, **changes) -> Organisation:
    data = GOOD | changes
    return operations.register_interest(municipality, operations.Interest(**data))


def test_an_organisation_registers_interest_without_an_account(cast, client):
    area = places.add_area(cast["municipality"], "Sentrum")
    url = f"/municipalities/{cast['municipality'].slug}/interest"
    page = _text(client.get(url))
    assert "Develop the area with us" in page and "Sentrum" in page
    response = submit(client, url, GOOD | {"areas": [str(area.id)]}, follow_redirects=True)
    assert "the municipality&#39;s facilitators will be in touch." in _text(response)
    organisation = db.session.query(Organisation).one()
    assert organisation.name == "Mjøs Trebygg AS" and [a.name for a in organisation.areas] == \
        ["Sentrum"]


def test_the_public_form_is_rate_limited(cast, client):
    """No account is needed, so one address cannot fill the facilitators' list."""
    url = f"/municipalities/{cast['municipality'].slug}/interest"
    for n in range(20):
        assert submit(client, url, GOOD | {"name": f"Lag {n}"}).status_code == 302
    assert submit(client, url, GOOD | {"name": "Lag 21"}).status_code == 429
    assert db.session.query(Organisation).count() == 20


@pytest.mark.parametrize("bad", [
    {"name": "   "}, {"name": "Mjøs\x00"}, {"kind": "government"}, {"email": "not-an-address"},
    {"offer": ""}, {"name": "x" * 5000}, {"areas": ["99999999"]},
])
def test_bad_interest_is_refused(cast, client, bad):
    url = f"/municipalities/{cast['municipality'].slug}/interest"
    assert submit(client, url, GOOD | bad).status_code == 400
    assert db.session.query(Organisation).count() == 0


def test_the_facilitator_sees_the_list_invites_and_links(cast, client, login_as, outbox):
    organisation = _register(cast["municipality"])
    forum = forums.create_forum(cast["municipality"], cast["facilitator"],
                                forums.ForumData(title="Forum for Sentrum"))
    slug = cast["municipality"].slug
    login_as(cast["facilitator"])
    listing = _text(client.get(f"/municipalities/{slug}/organisations"))
    assert "1 organisation" in listing and "Mjøs Trebygg AS" in listing
    show = f"/municipalities/{slug}/organisations/{organisation.id}"
    response = submit(client, f"{show}/invite", {"forum": str(forum.id)}, page=show,
                      follow_redirects=True)
    assert "The invitation is sent to kari@trebygg.example." in _text(response)
    mail = outbox(kind="forum_invitation")[-1]
    assert mail.recipient == "kari@trebygg.example" and "Forum for Sentrum" in mail.subject
    project = cast["project"]
    response = submit(client, f"{show}/projects", {"project": str(project.id)}, page=show,
                      follow_redirects=True)
    assert "Mjøs Trebygg AS is linked to Parken ved elva." in _text(response)
    login_as(cast["member"])
    home = _text(client.get(f"/projects/{project.id}/home"))
    assert "Organisations offering help" in home and "Timber and two carpenters." in home


def test_links_and_invitations_stay_in_the_municipality(cast, client, login_as):
    organisation = _register(cast["municipality"])
    other = make_cast()
    theirs = forums.create_forum(other["municipality"], other["facilitator"],
                                 forums.ForumData(title="Theirs"))
    slug = cast["municipality"].slug
    show = f"/municipalities/{slug}/organisations/{organisation.id}"
    login_as(cast["facilitator"])
    assert submit(client, f"{show}/invite", {"forum": str(theirs.id)},
                  page=show).status_code == 400
    for bad in (str(other["project"].id), "0", "abc", "99999999999999"):
        assert submit(client, f"{show}/projects", {"project": bad}, page=show
                      ).status_code == 400
    assert db.session.query(OrganisationProject).count() == 0
    foreign = _register(other["municipality"])
    assert client.get(f"/municipalities/{slug}/organisations/{foreign.id}").status_code == 404


@pytest.mark.parametrize("who", ["other_facilitator", "member", "other_user"])
def test_only_the_municipality_sees_its_organisations(cast, client, login_as, who):
    organisation = _register(cast["municipality"])
    slug = cast["municipality"].slug
    login_as(cast[who])
    assert client.get(f"/municipalities/{slug}/organisations").status_code == 403
    assert client.get(f"/municipalities/{slug}/organisations/{organisation.id}"
                      ).status_code == 403


def test_the_list_is_paged(cast, client, login_as):
    for n in range(55):
        _register(cast["municipality"], name=f"Lag {n:02d}")
    login_as(cast["facilitator"])
    url = f"/municipalities/{cast['municipality'].slug}/organisations"
    first = _text(client.get(url))
    assert "55 organisations" in first and "Lag 54" in first and "Lag 04" not in first
    assert "Lag 04" in _text(client.get(f"{url}?page=2"))
