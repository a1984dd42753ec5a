"""A project's place and area (the team edits them), the municipality's areas (the admin
and its facilitators), partner links (facilitators), the list's map, and bad input."""

from __future__ import annotations

import re

import pytest

from stedskaping.db import db
from stedskaping.learning.places import operations
from stedskaping.learning.places.models import PlaceArea, ProjectPartner
from tests.fixtures.factories import make_cast, make_municipality, make_project
from tests.fixtures.forms import submit


def _text(response) -> str:
    """The page's words, as a reader sees them (tags out, spaces normalised)."""
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def _place_url(project) -> str:
    return f"/projects/{project.id}/place"


GOOD = {"place_name": "Torget 1", "latitude": "59.9139", "longitude": "10.7522", "area": ""}


def test_the_team_sets_the_point_and_the_area(cast, client, login_as):
    area = operations.add_area(cast["municipality"], "Sentrum")
    project = cast["project"]
    login_as(cast["member"])
    home = _text(client.get(f"/projects/{project.id}/home"))
    assert "Edit the place and area" in home
    response = submit(client, _place_url(project), GOOD | {"area": str(area.id)},
                      follow_redirects=True)
    assert "The place is saved." in _text(response)
    db.session.refresh(project)
    assert (project.latitude, project.longitude) == (59.9139, 10.7522)
    assert project.place_name == "Torget 1"
    assert operations.place_of(project).area_id == area.id
    assert "Torget 1 · Sentrum" in _text(client.get(f"/projects/{project.id}/home"))


@pytest.mark.parametrize(("changes", "message"), [
    ({"latitude": "200"}, "Between -90 and 90."),
    ({"longitude": "-999"}, "Between -180 and 180."),
    ({"latitude": "1e308"}, "Between -90 and 90."),
    ({"latitude": "nan"}, "Between -90 and 90."),
    ({"longitude": "inf"}, "Between -180 and 180."),
    ({"latitude": "abc"}, "Not a valid float value."),
    ({"longitude": ""}, "Give both latitude and longitude, or neither."),
    ({"place_name": "   "}, "Name the place."),
    ({"place_name": "Torget\x00"}, "NUL"),
])
def test_bad_input_is_refused_and_changes_nothing(cast, client, login_as, changes, message):
    project = cast["project"]
    login_as(cast["initiator"])
    response = submit(client, _place_url(project), GOOD | changes)
    assert response.status_code == 400
    if message != "NUL":
        assert message in _text(response)
    db.session.refresh(project)
    assert project.latitude is None and project.place_name == "Elveparken"


def test_an_area_of_another_municipality_is_refused(cast, client, login_as):
    other = make_cast()
    foreign = operations.add_area(other["municipality"], "Elsewhere")
    login_as(cast["initiator"])
    response = submit(client, _place_url(cast["project"]), GOOD | {"area": str(foreign.id)})
    assert response.status_code == 400
    assert operations.place_of(cast["project"]) is None


@pytest.mark.parametrize("who", ["other_user", "other_facilitator"])
def test_others_may_not_edit_the_place(cast, client, login_as, who):
    login_as(cast[who])
    assert client.get(_place_url(cast["project"])).status_code == 403


def test_the_facilitators_manage_the_areas(cast, client, login_as):
    slug = cast["municipality"].slug
    url = f"/municipalities/{slug}/areas"
    login_as(cast["facilitator"])
    response = submit(client, url, {"name": "Nordbyen", "description": "North of the river"},
                      follow_redirects=True)
    assert "Nordbyen is added." in _text(response)
    area = db.session.query(PlaceArea).one()
    again = submit(client, url, {"name": "nordbyen", "description": ""})
    assert again.status_code == 400
    assert "The municipality already has an area of that name." in _text(again)
    renamed = submit(client, f"{url}/{area.id}", {"name": "Nordbyen øst", "description": ""},
                     follow_redirects=True)
    assert "Nordbyen øst" in _text(renamed)
    assert submit(client, f"{url}/{area.id}", {"name": "\x00", "description": ""}
                  ).status_code == 400
    removed = submit(client, f"{url}/{area.id}/remove", {}, page=url, follow_redirects=True)
    assert "The area is removed." in _text(removed)
    assert db.session.query(PlaceArea).count() == 0


def test_the_admin_may_manage_areas_and_others_may_not(cast, client, login_as):
    url = f"/municipalities/{cast['municipality'].slug}/areas"
    login_as(cast["admin"])
    assert client.get(url).status_code == 200
    for who in ("other_facilitator", "member", "other_user"):
        login_as(cast[who])
        assert client.get(url).status_code == 403
    area = operations.add_area(make_cast()["municipality"], "Theirs")
    login_as(cast["facilitator"])
    assert client.get(f"{url}/{area.id}").status_code == 404


def test_a_facilitator_links_partners_shown_on_both(cast, client, login_as):
    project = cast["project"]
    other = make_project(municipality=cast["municipality"], title="Skolehagen")
    url = f"/projects/{project.id}/nearby"
    login_as(cast["facilitator"])
    response = submit(client, f"/projects/{project.id}/partners", {"partner": str(other.id)},
                      page=url, follow_redirects=True)
    assert "Skolehagen is linked as a partner." in _text(response)
    assert "Partners: Parken ved elva" in _text(client.get(f"/projects/{other.id}"))
    assert "Partners: Skolehagen" in _text(client.get(f"/projects/{project.id}"))
    for bad in ("0", "99999999999", "abc", str(project.id), "\x00"):
        assert submit(client, f"/projects/{project.id}/partners", {"partner": bad},
                      page=url).status_code == 400
    removed = submit(client, f"/projects/{project.id}/partners/{other.id}/remove", {},
                     page=url, follow_redirects=True)
    assert "The partner link is removed." in _text(removed)
    assert db.session.query(ProjectPartner).count() == 0


@pytest.mark.parametrize("who", ["member", "other_facilitator", "other_user"])
def test_only_the_facilitators_link_partners(cast, client, login_as, who):
    other = make_project(municipality=cast["municipality"], title="Skolehagen")
    login_as(cast[who])
    page = _text(client.get(f"/projects/{cast['project'].id}/nearby"))
    assert "Link a partner" not in page
    response = submit(client, f"/projects/{cast['project'].id}/partners",
                      {"partner": str(other.id)}, page="/projects/mine")
    assert response.status_code == 403
    assert db.session.query(ProjectPartner).count() == 0


def test_a_facilitator_links_only_projects_they_facilitate(cast, client, login_as):
    """Another municipality's facilitator cannot put a partner on our project from theirs."""
    theirs = make_project(municipality=make_municipality(), title="Skolehagen")
    login_as(cast["facilitator"])
    response = submit(client, f"/projects/{cast['project'].id}/partners",
                      {"partner": str(theirs.id)}, page=f"/projects/{cast['project'].id}/nearby")
    assert response.status_code == 403
    assert "You can link only projects you facilitate." in _text(response)
    assert db.session.query(ProjectPartner).count() == 0
    assert "Partners:" not in _text(client.get(f"/projects/{theirs.id}"))


def test_a_project_without_a_place_is_told_why_nothing_is_nearby(cast, client, login_as,
                                                                  app):
    """Not "nothing shares a need": nothing can be near a project that has no place."""
    project = cast["project"]
    url = f"/projects/{project.id}/nearby"
    login_as(cast["member"])
    page = _text(client.get(url))
    assert "The project has no map point or area yet" in page
    assert "Edit the place and area" in page
    assert "No nearby initiatives share a window" not in page
    visitor = _text(app.test_client().get(url + "?lang=en"))
    assert "The project has no map point or area yet" in visitor
    assert "Edit the place and area" not in visitor
    operations.set_place(project, cast["member"], latitude=59.91, longitude=10.75,
                         place_name="Torget", area_id=None)
    page = _text(client.get(url))
    assert "No nearby initiatives share a window or a need with this project." in page
    assert "no map point or area yet" not in page


def test_the_public_list_has_the_map_outline_and_the_list(cast, client, app):
    operations.set_place(cast["project"], cast["initiator"], latitude=59.91, longitude=10.75,
                         place_name="Torget", area_id=None)
    page = client.get("/projects/").get_data(as_text=True)
    assert 'class="map-outline"' in page and "Map of the projects on this page" in page
    assert 'class="map-places"' in page and "leaflet.js" not in page
    assert "'self' data:;" in client.get("/projects/").headers["Content-Security-Policy"]


def test_with_a_tile_server_the_list_gets_leaflet(cast, client, app):
    from stedskaping.security import content_security_policy

    operations.set_place(cast["project"], cast["initiator"], latitude=59.91, longitude=10.75,
                         place_name="Torget", area_id=None)
    app.config["MAP_TILE_URL"] = "https://{s}.tiles.example.org/{z}/{x}/{y}.png"
    try:
        page = client.get("/projects/").get_data(as_text=True)
        assert "vendor/leaflet/leaflet.js" in page and 'id="project-map"' in page
        assert 'class="map-outline"' in page  # still there until the script runs
        assert "img-src 'self' data: https://*.tiles.example.org" in \
            content_security_policy(app.config)
    finally:
        app.config["MAP_TILE_URL"] = ""
