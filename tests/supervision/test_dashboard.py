"""The dashboard: what it shows, health, filters, CSV, query counts and the overview."""

import csv
import io
import re
from datetime import timedelta

import pytest

from stedskaping.projects import planning, process
from stedskaping.projects.models import ProjectEvent
from stedskaping.supervision import health
from tests.conftest import TODAY
from tests.fixtures.factories import (
    complete_required_tasks,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
)
from tests.fixtures.forms import submit


@pytest.fixture
def portfolio(db):
    home = make_municipality(name="Bergen", slug="bergen")
    away = make_municipality(name="Tromsø", slug="tromso")
    facilitator = make_facilitator(home, name="Frida")
    fresh = make_project(municipality=home, title="Fersk idé", start_on=TODAY)
    late = make_project(municipality=home, title="Sen park", start_on=TODAY - timedelta(days=30))
    slipping = make_project(municipality=home, title="Glidende scene",
                            start_on=TODAY - timedelta(days=3))
    workflow = process.workflow_for(slipping).workflow
    planning.replan(slipping, workflow, None, "Senere", stage="idea", days=7)
    other = make_project(municipality=away, title="Tromsø-prosjekt")
    return {"home": home, "facilitator": facilitator, "fresh": fresh, "late": late,
            "slipping": slipping, "other": other}


def _rows(html):
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    rows = []
    for tr in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", tr, re.S)
        rows.append([re.sub(r"<[^>]+>", "", c).strip() for c in cells])
    return rows


def test_dashboard_shows_own_municipality_with_health(client, db, login_as, portfolio):
    login_as(portfolio["facilitator"])
    html = client.get("/supervision/?lang=en&sort=title").get_data(as_text=True)
    rows = {r[0]: r for r in _rows(html)}
    assert set(rows) == {"Fersk idé", "Sen park", "Glidende scene"}  # not Tromsø's
    assert rows["Fersk idé"][1] == "On track"
    assert rows["Sen park"][1] == "Late"  # its idea window ended 16 days ago
    assert rows["Glidende scene"][1] == "At risk"  # the camp slipped 7 days
    assert rows["Glidende scene"][8] == "7"
    assert rows["Sen park"][6] == "4"  # the idea stage's four tasks are all overdue
    assert rows["Fersk idé"][5] == "0/2 (0%)"  # English writes no space before %


def test_health_rule():
    limits = health.Limits(7, 14, 21)
    base = {"active": True, "today": TODAY, "stage_ends_on": TODAY, "overdue": 0,
            "oldest_required_overdue": None, "slip_days": 0, "last_activity": TODAY,
            "limits": limits}
    assert health.flag(**base) == health.ON_TRACK
    assert health.flag(**{**base, "overdue": 1}) == health.AT_RISK
    assert health.flag(**{**base, "last_activity": TODAY - timedelta(days=22)}) == health.AT_RISK
    assert health.flag(**{**base, "slip_days": 15}) == health.LATE
    assert health.flag(**{**base, "stage_ends_on": TODAY - timedelta(days=1)}) == health.LATE
    assert health.flag(**{**base, "overdue": 1,
                          "oldest_required_overdue": TODAY - timedelta(days=8)}) == health.LATE
    assert health.flag(**{**base, "active": False, "slip_days": 99}) == health.NOT_APPLICABLE


def test_filters_and_sorting(client, db, login_as, portfolio):
    login_as(portfolio["facilitator"])
    html = client.get("/supervision/?lang=en&health=late").get_data(as_text=True)
    assert [r[0] for r in _rows(html)] == ["Sen park"]
    html = client.get("/supervision/?sort=slip&order=desc").get_data(as_text=True)
    assert _rows(html)[0][0] == "Glidende scene"
    html = client.get("/supervision/?municipality=tromso").get_data(as_text=True)
    # Not one of theirs: the filter is ignored, and Tromsø's project stays hidden.
    assert "Tromsø-prosjekt" not in [r[0] for r in _rows(html)] and len(_rows(html)) == 3
    assert client.get("/supervision/?sort=<x>&order=sideways").status_code == 200


def test_csv_holds_what_the_page_shows(client, db, login_as, portfolio):
    login_as(portfolio["facilitator"])
    page_rows = _rows(client.get("/supervision/?lang=en&sort=title").get_data(as_text=True))
    response = client.get("/supervision/export.csv?lang=en&sort=title")
    assert response.headers["Content-Type"].startswith("text/csv")
    text = response.get_data(as_text=True).lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert table[0][0] == "Project" and table[0][1] == "Health"
    assert [[cell.replace("&amp;", "&") for cell in row] for row in page_rows] == table[1:]


def test_admin_sees_every_municipality(client, db, login_as, portfolio):
    login_as(make_user(is_admin=True))
    titles = {r[0] for r in _rows(client.get("/supervision/").get_data(as_text=True))}
    assert "Tromsø-prosjekt" in titles and len(titles) == 4


def _portfolio_of(size, municipality):
    for n in range(size):
        project = make_project(municipality=municipality, title=f"P{n}",
                               start_on=TODAY - timedelta(days=n % 40))
        if n % 3 == 0:
            complete_required_tasks(project, project.members[0].user)


def test_dashboard_queries_do_not_grow_with_projects(client, db, login_as, count_queries):
    small, large = make_municipality(), make_municipality()
    _portfolio_of(20, small)
    _portfolio_of(200, large)
    counts = []
    for municipality in (small, large):
        login_as(make_facilitator(municipality))
        client.get("/supervision/")  # warm up: workflow digests are checked once
        with count_queries() as queries:
            response = client.get("/supervision/")
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1], counts


def test_admin_overview_compares_municipalities(client, db, login_as, portfolio):
    project = portfolio["fresh"]
    initiator = project.members[0].user
    complete_required_tasks(project, initiator)
    process.advance(project, "submit_for_review", initiator)
    db.session.add(ProjectEvent(project_id=project.id, kind="x"))
    login_as(make_user(is_admin=True))
    html = client.get("/supervision/overview?lang=en").get_data(as_text=True)
    bergen = next(r for r in _rows(html) if r[0] == "Bergen")
    # Bergen: idea 2, review 1; three projects, none completed; median slip of 0, 0 and 7.
    assert bergen[1:3] == ["2", "1"]
    assert bergen[-4:] == ["3", "0 %", "0", "0"]
    login_as(portfolio["facilitator"])
    assert client.get("/supervision/overview").status_code == 403


def test_programmes(client, db, login_as, portfolio):
    login_as(make_user(is_admin=True))
    url = "/admin/municipalities/bergen"
    response = submit(client, f"{url}/programmes", {
        "name": "Piloter 2027", "workflow": "stedskaping", "start_on": "2027-01-04"}, page=url)
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Piloter 2027" in page and "<title>Bergen · stedskaping</title>" in page
    assert page.count('id="programmes-heading"') == 1
    response = submit(client, f"{url}/programmes?lang=en", {
        "name": "Piloter 2027", "workflow": "stedskaping", "start_on": "2027-01-04"}, page=url)
    assert response.status_code == 400 and "already has a programme" in response.get_data(
        as_text=True)
    html = client.get("/supervision/?lang=en").get_data(as_text=True)
    assert "Piloter 2027 (Bergen)" in html


@pytest.mark.parametrize("title", ['=HYPERLINK("https://evil.example","Klikk")', "+47 1234",
                                   "-2+3", "@SUM(A1:A9)"])
def test_csv_cells_that_could_run_as_formulas_are_neutralised(client, db, login_as, portfolio,
                                                              title):
    make_project(municipality=portfolio["home"], title=title)
    login_as(portfolio["facilitator"])
    text = client.get("/supervision/export.csv?lang=en").get_data(as_text=True).lstrip("\ufeff")
    table = list(csv.reader(io.StringIO(text), delimiter=";"))
    titles = [row[0] for row in table[1:]]
    assert "'" + title in titles
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r"))
                   for row in table for cell in row)


def test_safe_cell_leaves_ordinary_text_alone():
    from stedskaping.csvfile import csv_text, safe_cell

    assert [safe_cell(v) for v in ("Parken", "12", None, "a=b", "–", 3)] == [
        "Parken", "12", "", "a=b", "–", "3"]
    assert [safe_cell(v) for v in ("=1+1", "+5", "-5", "@x", "\tx", "\rx")] == [
        "'=1+1", "'+5", "'-5", "'@x", "'\tx", "'\rx"]
    assert csv_text(["A", "B"], [["=x", "y"]]) == "\ufeffA;B\r\n'=x;y\r\n"


def test_sql_sorted_pages_hold_the_rows_python_sorts(app, db, portfolio):
    """The SQL that sorts and pages the dashboard (health, overdue, deadline, slip,
    activity) gives the rows, the order and the health counts of the Python sort."""
    from stedskaping.pages import PAGE_SIZE
    from stedskaping.supervision import queries, sorting

    _portfolio_of(70, portfolio["home"])  # two pages, with done, overdue and fresh ones
    user = portfolio["facilitator"]
    for sort in sorted(sorting.SQL_SORTS):
        for descending in (False, True):
            for flag in (None, health.LATE, health.AT_RISK, health.ON_TRACK):
                choices = {"today": TODAY, "lang": "en", "sort": sort,
                           "descending": descending, "health_flag": flag}
                expected = queries.dashboard(user, **choices)
                counts = {f: sum(r.health == f for r in expected) for f in health.ORDER}
                for number in range(1, len(expected) // PAGE_SIZE + 2):
                    with app.test_request_context(f"/supervision/?page={number}"):
                        page, seen = sorting.dashboard_page(user, **choices)
                    wanted = expected[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]
                    assert [(r.project.id, r.health) for r in page.items] == [
                        (r.project.id, r.health) for r in wanted], (sort, descending, flag)
                    assert page.total == len(expected) and seen == counts
