"""The finished project's public page: the story, the photo, the daily log, who took
part, the hours, the ledger and the measures with their keepers; no pledge button nor
"support the project" call once the project is past its camp."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime, time

import pytest
import sqlalchemy as sa
from PIL import Image

from stedskaping.db import db
from stedskaping.funding.models import Campaign, CampaignStatus
from stedskaping.projects import files
from stedskaping.projects.models import TaskProgress
from stedskaping.realisation.camp.models import CampActivity
from stedskaping.realisation.ledger.models import LedgerGrant
from stedskaping.realisation.log.models import LogEntry
from stedskaping.realisation.shifts.models import CampShift, CampSignup, CampVolunteer, SignupStatus
from tests.fixtures.factories import make_cast
from tests.learning.helpers import completed_cast


def _text(response) -> str:
    return " ".join(response.get_data(as_text=True).split())


def _campaign(project, status=CampaignStatus.SUCCEEDED):
    db.session.add(Campaign(project_id=project.id, round=1, status=status,
                            minimum_amount=100_000, optimum_amount=200_000, cost_plan=[]))
    db.session.flush()


def _worked(project, minutes: int, names=("Ola", "Kari")):
    activity = CampActivity(project_id=project.id, day_number=1, starts_at=time(9),
                            ends_at=time(15), title="Build")
    db.session.add(activity)
    db.session.flush()
    shift = CampShift(project_id=project.id, activity_id=activity.id, title="Builders",
                      starts_at=time(9), ends_at=time(15), capacity=10)
    db.session.add(shift)
    db.session.flush()
    for n, name in enumerate(names):
        volunteer = CampVolunteer(project_id=project.id, name=name, code=f"CODE{n:04d}")
        db.session.add(volunteer)
        db.session.flush()
        db.session.add(CampSignup(shift_id=shift.id, volunteer_id=volunteer.id,
                                  status=SignupStatus.SEATED, queued_dt=datetime.now(UTC),
                                  checked_in_dt=datetime.now(UTC), worked_minutes=minutes))
    db.session.flush()


def _png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), "green").save(out, "PNG")
    return out.getvalue()


def _story(project, with_photo=True):
    progress = db.session.scalar(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id, TaskProgress.task_key == "project_story"))
    answers = dict(progress.answers or {})
    answers["story"] = "We built a bench.\n\nNow the street meets there."
    if with_photo:
        data = _png()
        stored = files.store(project.id, "png", data)
        answers["photo"] = {"stored": stored, "name": "result.png", "type": "png",
                            "size": len(data)}
    progress.answers = answers
    db.session.flush()


@pytest.fixture
def done(cast, monkeypatch):
    done = completed_cast(cast, monkeypatch)
    project = done["project"]
    _campaign(project)
    _worked(project, 150)
    db.session.add(LedgerGrant(project_id=project.id, name="Municipal grant", amount=500_000))
    db.session.add(LogEntry(project_id=project.id, day_on=date.today(),
                            note="Day one: the frame stands."))
    _story(project)
    return done


def test_the_finished_page_shows_what_was_built(done, client):
    project = done["project"]
    page = _text(client.get(f"/projects/{project.id}"))
    assert "What was built" in page
    assert "We built a bench." in page and "Now the street meets there." in page
    assert "Day one: the frame stands." in page  # the daily log
    assert "Volunteers checked in</dt><dd>2</dd>" in page
    assert "Hours of work</dt><dd>5</dd>" in page  # 2 × 150 minutes
    assert "Grants</dt><dd>NOK 5,000</dd>" in page
    assert "kept by Velforeningen" in page
    assert f'/projects/{project.id}/story-photo' in page
    photo = client.get(f"/projects/{project.id}/story-photo")
    assert photo.status_code == 200 and photo.mimetype == "image/png"


def test_the_place_before_and_after(done, client):
    project = done["project"]
    progress = db.session.scalar(sa.select(TaskProgress).where(
        TaskProgress.project_id == project.id, TaskProgress.task_key == "project_story"))
    data = _png()
    progress.answers = dict(progress.answers) | {"photo_before": {
        "stored": files.store(project.id, "png", data), "name": "before.png", "type": "png",
        "size": len(data)}}
    db.session.flush()
    page = _text(client.get(f"/projects/{project.id}"))
    assert f"The place before: {project.title}" in page and "Before" in page
    assert f"Photo of the result: {project.title}" in page and "After" in page
    before = client.get(f"/projects/{project.id}/story-photo/before")
    assert before.status_code == 200 and before.mimetype == "image/png"
    assert client.get(f"/projects/{project.id}/story-photo/later").status_code == 404


def test_no_pledge_button_nor_support_call(done, client):
    page = _text(client.get(f"/projects/{done['project'].id}"))
    assert "Support the project" not in page
    assert "Sign up as a supporter" not in page
    assert f"/projects/{done['project'].id}/campaign" not in page


def test_before_the_camp_the_calls_stay_and_nothing_is_shown(cast, client):
    project = cast["project"]
    _campaign(project, CampaignStatus.LIVE)
    page = _text(client.get(f"/projects/{project.id}"))
    assert "Support the project" in page and "Sign up as a supporter" in page
    assert "What was built" not in page
    assert client.get(f"/projects/{project.id}/story-photo").status_code == 404


def test_the_story_photo_of_an_unknown_project(client):
    assert client.get("/projects/999999/story-photo").status_code == 404
    other = make_cast()
    assert client.get(f"/projects/{other['project'].id}/story-photo").status_code == 404
