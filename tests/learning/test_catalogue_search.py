"""The public catalogue's search and filters, and its pages."""

from __future__ import annotations

from datetime import date

import pytest

from stedskaping.db import db
from stedskaping.learning.catalogue import operations, queries
from stedskaping.learning.catalogue.hallmarks import HALLMARK_KEYS
from tests.fixtures.factories import make_facilitator, make_municipality, make_project, make_user


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def publish(title, municipality, *, theme="meeting_place", why="Good for the street.",
            camp_on=date(2027, 7, 5), cost=None, supporters=0, unmet=(), publish=True):
    """A completed project's entry, assessed and (with every hallmark met) published. The
    project is put in its final state directly: the walk through the gates is tested in
    test_catalogue.py, and these tests are about finding entries."""
    initiator = make_user()
    project = make_project(municipality=municipality, initiator=initiator, title=title,
                           camp_on=camp_on, start_on=None)
    project.state = "completed"
    if supporters:
        from tests.fixtures.participation import add_supporters
        add_supporters(project, supporters)
    entry = operations.nominate(project, initiator, operations.Nomination(
        theme=theme, why=why, story=""))
    facilitator = make_facilitator(municipality)
    operations.assess(project, entry, facilitator, operations.Assessment(
        hallmarks={k: (k not in unmet, "Yes.") for k in HALLMARK_KEYS},
        dimensions=("social", "cultural")))
    entry.cost_amount = cost  # what the succeeded campaign's budget was
    if publish and not unmet:
        operations.publish(project, entry, facilitator)
    db.session.flush()
    return entry


@pytest.fixture
def entries(db):
    oslo, bergen = make_municipality(name="Oslo"), make_municipality(name="Bergen")
    return {
        "bench": publish("Benken ved elva", oslo, why="A bench by the river.", cost=3_000_000),
        "stage": publish("Scenen i parken", bergen, theme="culture", cost=12_000_000,
                         camp_on=date(2027, 4, 12), supporters=25),
        "garden": publish("Hagen på taket", oslo, theme="green", cost=30_000_000,
                          camp_on=date(2027, 10, 4), supporters=60),
        "hidden": publish("Ikke publisert", oslo, unmet=("demand",)),
        "oslo": oslo, "bergen": bergen,
    }


def _titles(f: queries.Filters) -> list[str]:
    return sorted(e.project.title for e in queries.search(f).entries)


def test_search_and_filters(entries):
    assert _titles(queries.Filters()) == ["Benken ved elva", "Hagen på taket", "Scenen i parken"]
    assert _titles(queries.Filters(text="RIVER")) == ["Benken ved elva"]
    assert _titles(queries.Filters(text="taket")) == ["Hagen på taket"]
    assert _titles(queries.Filters(text="100%_")) == []
    assert _titles(queries.Filters(theme="culture")) == ["Scenen i parken"]
    assert _titles(queries.Filters(municipality=entries["bergen"].id)) == ["Scenen i parken"]
    assert _titles(queries.Filters(cost="small")) == ["Benken ved elva"]
    assert _titles(queries.Filters(cost="medium")) == ["Scenen i parken"]
    assert _titles(queries.Filters(cost="large")) == ["Hagen på taket"]
    assert _titles(queries.Filters(group="small")) == ["Benken ved elva"]
    assert _titles(queries.Filters(group="medium")) == ["Scenen i parken"]
    assert _titles(queries.Filters(group="large")) == ["Hagen på taket"]
    assert _titles(queries.Filters(season="spring")) == ["Scenen i parken"]
    assert _titles(queries.Filters(season="autumn")) == ["Hagen på taket"]
    assert _titles(queries.Filters(dimension="cultural")) == [
        "Benken ved elva", "Hagen på taket", "Scenen i parken"]
    assert _titles(queries.Filters(dimension="economic")) == []
    assert _titles(queries.Filters(hallmarks=("demand", "documented"))) == [
        "Benken ved elva", "Hagen på taket", "Scenen i parken"]


def test_the_catalogue_page_filters_and_ignores_made_up_values(entries, client):
    page = _text(client.get("/catalogue?theme=culture"))
    assert "1 good practice" in page and "Scenen i parken" in page
    assert "Benken ved elva" not in page
    page = _text(client.get(f"/catalogue?municipality={entries['oslo'].id}&q=bench"))
    assert "Benken ved elva" in page and "Hagen på taket" not in page
    for odd in ("theme=castles", "municipality=abc", "page=-4", "page=99999999999",
                "cost=%00", "q=" + "x" * 500, "hallmark=nope"):
        response = client.get(f"/catalogue?{odd}")
        assert response.status_code in (200, 400), odd
    assert "Ikke publisert" not in _text(client.get("/catalogue?q=Ikke"))


def test_the_catalogue_pages(entries, client, monkeypatch):
    monkeypatch.setattr(queries, "PER_PAGE", 2)
    first = _text(client.get("/catalogue"))
    assert "3 good practices" in first and "Page 1 of 2" in first and "Next page" in first
    second = _text(client.get("/catalogue?page=2"))
    assert "Page 2 of 2" in second and "Previous page" in second
    assert sum(t in second for t in ("Benken", "Hagen", "Scenen")) == 1


def test_an_entry_page_shows_hallmarks_and_figures(entries, client):
    entry = entries["stage"]
    page = _text(client.get(f"/catalogue/{entry.id}"))
    assert "Scenen i parken" in page and "Culture and stage" in page and "Bergen" in page
    assert "NOK 120,000" in page and "Spring" in page
    assert page.count("Met:") == 5 or page.count("Met</strong>") == 5
    assert "No evaluation round yet." in page


def test_the_catalogue_and_an_entry_take_as_many_queries_however_many_entries(
        entries, client, count_queries):
    def queries_for(url):
        client.get(url)  # the first request loads what is cached per process
        with count_queries() as statements:
            assert client.get(url).status_code == 200
        return len(statements)

    few = queries_for("/catalogue")
    entry_few = queries_for(f"/catalogue/{entries['bench'].id}")
    for n in range(4):
        publish(f"Flere {n}", entries["oslo"], supporters=2)
    assert queries_for("/catalogue") == few
    assert queries_for(f"/catalogue/{entries['bench'].id}") == entry_few
