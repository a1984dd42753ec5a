"""Dates typed into the pages: no plan in the past, no camp before the plan allows,
and no year outside 2000-2100 in any date field (the suite's today is 2026-12-01)."""

from datetime import date

import pytest
import sqlalchemy as sa

from stedskaping.municipalities.models import Programme
from stedskaping.projects.models import CampDateRequest, Project
from tests.fixtures.factories import make_municipality, make_project, make_user
from tests.fixtures.forms import submit

pytestmark = pytest.mark.usefixtures("frozen")
RANGE = "Give a date between the years 2000 and 2100."


def _create(client, municipality, **fields):
    data = {"title": "Møteplass", "place_name": "Elveparken", "municipality": str(municipality.id),
            "description": "Benker og bed.", "workflow": "stedskaping", "plan_from": "start",
            "plan_date": "2027-01-04", **fields}
    return submit(client, "/projects/new?lang=en", data, page="/projects/new")


def _projects(db) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Project))


@pytest.mark.parametrize(("fields", "message"), [
    ({"plan_date": "2026-11-30"}, "The project cannot start in the past"),
    ({"plan_from": "camp", "plan_date": "2027-05-31"},
     "The stages before the camp need more time: the earliest possible camp date is "
     "1 June 2027."),
    ({"plan_date": "1999-12-31"}, RANGE),
    ({"plan_date": "2101-01-01"}, RANGE),
    ({"plan_from": "camp", "plan_date": "2100-12-31"}, RANGE),  # fine, but evaluation is in 2101
    ({"plan_date": "0001-01-01"}, RANGE),
    ({"plan_date": "20270-01-04"}, "Give a date, like 2027-05-01."),
])
def test_a_new_project_refuses_impossible_dates(client, db, login_as, fields, message):
    municipality = make_municipality()
    login_as(make_user())
    response = _create(client, municipality, **fields)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _projects(db) == 0


def test_a_new_project_may_start_today_or_have_the_earliest_camp(client, db, login_as):
    municipality = make_municipality()
    login_as(make_user())
    assert _create(client, municipality, plan_date="2026-12-01").status_code == 302
    assert _create(client, municipality, plan_from="camp",
                   plan_date="2027-06-01").status_code == 302
    starts = sorted(db.session.scalars(sa.select(Project.start_on)))
    assert starts == [date(2026, 12, 1), date(2026, 12, 1)]


@pytest.mark.parametrize(("camp_on", "message"), [
    ("2026-11-30", "The new camp date is in the past"),
    ("1999-01-01", RANGE),
    ("2200-01-01", RANGE),
    ("next week", "Give a date, like 2027-05-01."),
])
def test_a_camp_date_request_refuses_past_and_impossible_dates(client, db, login_as, camp_on,
                                                               message):
    initiator = make_user()
    project = make_project(initiator=initiator)
    login_as(initiator)
    url = f"/projects/{project.id}/camp-date"
    response = submit(client, url + "?lang=en", {"camp_on": camp_on, "reason": "Flytt"},
                      page=url)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CampDateRequest)) == 0


@pytest.mark.parametrize("start_on", ["1999-08-01", "2101-08-01"])
def test_a_programme_start_date_must_be_in_range(client, db, login_as, start_on):
    municipality = make_municipality(slug="bergen")
    login_as(make_user(is_admin=True))
    page = "/admin/municipalities/bergen"
    response = submit(client, page + "/programmes?lang=en",
                      {"name": "Piloter", "workflow": "stedskaping", "start_on": start_on},
                      page=page)
    assert response.status_code == 400
    assert RANGE in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Programme).where(
        Programme.municipality_id == municipality.id)) == 0


def test_date_inputs_tell_the_browser_the_range(client, db, login_as):
    login_as(make_user())
    page = client.get("/projects/new").get_data(as_text=True)
    assert 'min="2000-01-01"' in page and 'max="2100-12-31"' in page


def test_a_camp_date_request_keeps_the_stages_before_the_camp_their_time(client, db,
                                                                          login_as):
    """After a failed round the project is in planning; a new camp date tomorrow would
    leave no crowdfunding stage, so it is refused with the earliest possible date."""
    from datetime import timedelta

    from stedskaping.projects import planning
    from stedskaping.projects.process import workflow_for

    project = make_project(start_on=date(2026, 6, 1))  # its camp would already be past
    login_as(project.members[0].user)
    earliest = planning.earliest_new_camp_on(project, workflow_for(project).workflow,
                                             date(2026, 12, 1))
    assert earliest > date(2026, 12, 1) + timedelta(weeks=20)  # the stages after "idea"
    url = f"/projects/{project.id}/camp-date"
    page = client.get(url + "?lang=en").get_data(as_text=True)
    assert f'min="{earliest.isoformat()}"' in page
    response = submit(client, url + "?lang=en", {
        "camp_on": (earliest - timedelta(days=1)).isoformat(), "reason": "Nytt forsøk"})
    assert response.status_code == 400
    assert "the earliest possible camp date is" in response.get_data(as_text=True)
    assert submit(client, url, {"camp_on": earliest.isoformat(),
                                "reason": "Nytt forsøk"}).status_code == 302
