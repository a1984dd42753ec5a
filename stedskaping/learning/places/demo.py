"""Places for the demo: the demo municipality's areas and a point for each of its
projects, in and around Lillehammer (so that several are near one another)."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa

from stedskaping.db import db
from stedskaping.learning.places import operations
from stedskaping.projects.models import Project

AREAS = (("Sentrum", "Storgata, Stortorget and the streets around them."),
         ("Nordre Ål", "North of the centre, along Mesnaelva."),
         ("Søre Ål", "South of the centre, down towards Mjøsa."))
# (latitude, longitude, area): given to the projects in the order they were made.
POINTS = ((61.1153, 10.4662, "Sentrum"), (61.1189, 10.4701, "Sentrum"),
          (61.1228, 10.4835, "Nordre Ål"), (61.1071, 10.4590, "Søre Ål"),
          (61.1137, 10.4615, "Sentrum"), (61.1262, 10.4780, "Nordre Ål"),
          (61.1042, 10.4522, "Søre Ål"), (61.1175, 10.4560, "Sentrum"))


def seed_places(municipality, users, today: date | None = None) -> None:
    """The areas, then a point and an area for each project of the municipality that has
    no place yet (the facilitator sets them); then the forum and an organisation."""
    areas = {a.name: a for a in operations.areas_of(municipality.id)}
    for name, description in AREAS:
        if name not in areas:
            areas[name] = operations.add_area(municipality, name, description)
    projects = db.session.scalars(sa.select(Project).where(
        Project.municipality_id == municipality.id).order_by(Project.id))
    for n, project in enumerate(projects):
        if operations.place_of(project) is not None:
            continue
        lat, lon, area = POINTS[n % len(POINTS)]
        operations.set_place(project, users["facilitator"], latitude=lat, longitude=lon,
                             place_name=project.place_name or area, area_id=areas[area].id)
    seed_forum(municipality, users, today or date.today())


FORUM_NOTES = """**Til stede:** 23, blant dem velforeningen, to byggefirmaer, Statsbygg og
kommunens fasilitator.

- Tre prosjekter i Sentrum planlegger leir samme uke i juni: de deler verktøycontainer.
- Statsbygg eier tomtene til to av dem og gir ett felles svar på søknadene.
- Neste forum: grønne lunger og overvann.
"""


def seed_forum(municipality, users, today: date) -> None:
    """A quarterly forum with a session held (its notes published), the next one open for
    sign-up, open doors every Thursday 16–19, and an interested organisation."""
    from stedskaping.learning.forums import operations as forums
    from stedskaping.learning.forums.models import Forum
    from stedskaping.learning.organisations import operations as organisations
    from stedskaping.participation.meetings.operations import MeetingPlan

    if db.session.scalar(sa.select(Forum.id).where(Forum.municipality_id == municipality.id)):
        return
    facilitator = users["facilitator"]
    sentrum = next(a for a in operations.areas_of(municipality.id) if a.name == "Sentrum")
    forum = forums.create_forum(municipality, facilitator, forums.ForumData(
        title="Utviklingsforum for Sentrum", themes="møteplasser, grønne lunger, trafikk",
        description="Et forum hver tredje måned for alle som utvikler sentrum: naboer, lag "
                    "og foreninger, næringsliv og grunneiere. Fasilitert av kommunen.",
        area_id=sentrum.id))
    forums.add_open_door(forum, 3, time(16), time(19), "Bibliotekets verksted, Storgata 12")
    held = datetime.combine(today - timedelta(days=30), time(17), UTC)
    plan = MeetingPlan(title="Forum: høsten", starts_dt=held, ends_dt=held + timedelta(hours=2),
                       description="1. Runde rundt bordet\n2. Leirene i juni\n3. Grunneiere",
                       place="Kulturhuset", capacity=40)
    meeting = forums.plan_session(forum, facilitator, plan, now=held - timedelta(days=20))
    for person in users["team"]:
        forums.sign_up(meeting, person, now=held - timedelta(days=3))
    forums.publish_notes(meeting, facilitator, FORUM_NOTES, now=held + timedelta(hours=3))
    coming = datetime.combine(today + timedelta(days=60), time(17), UTC)
    forums.plan_session(forum, facilitator, MeetingPlan(
        title="Forum: vinteren", starts_dt=coming, ends_dt=coming + timedelta(hours=2),
        description="1. Grønne lunger\n2. Overvann\n3. Åpne dører i vinter",
        place="Kulturhuset", capacity=30), now=coming - timedelta(days=61))
    organisations.register_interest(municipality, organisations.Interest(
        name="Mjøs Trebygg AS", kind="company", contact_name="Kari Mjøs",
        email="kari@mjostrebygg.example", offer="Restvirke og to snekkere en dag i leiruka.",
        area_ids=(sentrum.id,)))
