"""Long lists come in pages of 50 with their true totals; a bad page number never fails."""

import re

import pytest

from stedskaping.notifications.models import Notification
from tests.fixtures import bulk
from tests.fixtures.factories import make_facilitator, make_municipality, make_project, make_user
from tests.fixtures.stripe import live_campaign


@pytest.fixture(autouse=True)
def _in_english(english, client):
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def _text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.fixture
def many_projects(db):
    municipality = make_municipality(name="Storby")
    member = make_user()
    first = make_project(municipality=municipality, title="Torget")
    bulk.copies(first, 119, member_id=member.id)
    return {"municipality": municipality, "member": member}


def test_the_public_list_says_the_true_total_and_pages(client, many_projects):
    text = _text(client.get("/projects/"))
    assert "120 projects" in text
    assert "Page 1 of 3" in text
    html = client.get("/projects/?page=2").get_data(as_text=True)
    assert "Showing 51–100 of 120 projects" in _text(client.get("/projects/?page=2"))
    assert '<nav class="pager" aria-label="Pages of projects">' in html
    assert re.search(r'href="/projects/\?page=2" aria-current="page"', html)
    assert 'rel="prev"' in html and 'rel="next"' in html
    assert html.count('<li class="card">') == 50
    last = client.get("/projects/?page=3").get_data(as_text=True)
    assert last.count('<li class="card">') == 20 and 'rel="next"' not in last


def test_the_filters_stay_on_the_page_links(client, many_projects):
    html = client.get("/projects/?q=torget&page=2").get_data(as_text=True)
    assert "q=torget" in re.search(r'href="([^"]*)" rel="prev"', html).group(1).replace(
        "&amp;", "&")


@pytest.mark.parametrize("page", ["abc", "-1", "0", "1.5", "²", "", "%20"])
def test_a_page_that_is_no_number_shows_the_first(client, many_projects, page):
    response = client.get(f"/projects/?page={page}")
    assert response.status_code == 200
    assert "Page 1 of 3" in _text(response)


def test_a_nul_in_the_page_is_refused_as_all_nul_input_is(client, many_projects):
    response = client.get("/projects/?page=2%00")
    assert response.status_code == 400  # the app's answer to NUL anywhere in a request


@pytest.mark.parametrize("page", ["4", "999999", "99999999999999999999999999"])
def test_a_page_past_the_last_is_not_found(client, many_projects, page):
    assert client.get(f"/projects/?page={page}").status_code == 404


def test_my_projects_are_paged(client, login_as, many_projects):
    login_as(many_projects["member"])
    assert "Showing 51–100 of 119 projects" in _text(client.get("/projects/mine?page=2"))


def test_the_dashboard_is_paged_with_its_totals(client, login_as, many_projects):
    login_as(make_facilitator(many_projects["municipality"]))
    text = _text(client.get("/supervision/?page=3"))
    assert "Showing 101–120 of 120 projects" in text and "Page 3 of 3" in text
    html = client.get("/supervision/?sort=title&page=2").get_data(as_text=True)
    assert html.count('<th scope="row">') == 50
    assert "sort=title" in re.search(r'href="([^"]*)" rel="prev"', html).group(1)
    assert client.get("/supervision/?page=4").status_code == 404


def test_notifications_are_paged(client, db, login_as):
    user = make_user()
    bulk.notifications(user.id, 130)
    login_as(user)
    text = _text(client.get("/notifications/?page=3"))
    assert "Showing 101–130 of 130 notifications" in text
    assert "Notice 0" in text and "Notice 129" not in text  # newest first
    assert db.session.query(Notification).filter_by(user_id=user.id).count() == 130


def test_backers_and_my_pledges_are_paged(client, login_as, db):
    cast = live_campaign()
    backer = make_user()
    others = bulk.users(3)
    bulk.pledges(cast["campaign"].id, [backer.id, *others], 240)
    text = _text(client.get(f"/projects/{cast['project'].id}/campaign?page=5"))
    assert "Showing 201–240 of 240 pledges" in text and "Page 5 of 5" in text
    html = client.get(f"/projects/{cast['project'].id}/campaign?page=2").get_data(as_text=True)
    assert "#backers-heading" in html
    login_as(backer)
    assert "Showing 51–60 of 60 pledges" in _text(client.get("/pledges/?page=2"))
    assert client.get("/pledges/?page=3").status_code == 404


def test_pledge_statuses_are_named_once_a_page_in_the_language_of_each_request(
        client, login_as, db):
    cast = live_campaign()
    backer = make_user()
    bulk.pledges(cast["campaign"].id, [backer.id], 3)
    login_as(backer)
    english = _text(client.get("/pledges/"))
    assert english.count("promised; pay when the campaign reaches its minimum") == 3
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "nb"
    norwegian = _text(client.get("/pledges/?lang=nb"))
    assert "promised; pay when" not in norwegian
    assert norwegian.count("lovet; betal når innsamlingen når minimum") == 3
