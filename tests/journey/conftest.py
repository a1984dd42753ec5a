"""A second app whose workflow folder also holds test workflows made here."""

import shutil
from pathlib import Path

import pytest
import yaml

from stedskaping import create_app
from tests.conftest import TEST_CONFIG

WORKFLOWS = Path(__file__).resolve().parents[2] / "stedskaping" / "workflows"


def _text(value):
    return {"nb": value, "en": value}


def _workflow(key, tasks):
    """A two-stage workflow (work, then a camp) whose first stage holds ``tasks``."""
    return {
        "key": key, "version": 1, "languages": ["nb", "en"], "title": _text(key),
        "plan": {"horizon": {"weeks": 20}, "camp_stage": "camp"},
        "stages": {
            "work": {"title": _text("Arbeid"), "duration": {"weeks": 20}, "tasks": tasks},
            "camp": {"title": _text("Leir"), "duration": {"days": 2}},
            "done": {"title": _text("Ferdig"), "final": True},
        },
        "transitions": [
            {"trigger": "build", "from": "work", "to": "camp", "title": _text("Bygg"),
             "roles": ["initiator"], "conditions": ["required_tasks_done"]},
            {"trigger": "finish", "from": "camp", "to": "done", "title": _text("Ferdig"),
             "roles": ["initiator"]},
        ],
    }


ALL_TYPES = [{
    "key": "everything", "title": _text("Alt"), "guidance": _text("Fyll inn alt."),
    "required": True, "due": {"weeks": 2},
    "fields": [
        {"key": "name", "type": "text", "label": _text("Navn"), "required": True,
         "max_length": 10},
        {"key": "story", "type": "long_text", "label": _text("Historie"), "max_length": 50},
        {"key": "count", "type": "integer", "label": _text("Antall"), "min": 1, "max": 10},
        {"key": "budget", "type": "money", "label": _text("Budsjett"), "min": 100,
         "max": 1000},
        {"key": "when", "type": "date", "label": _text("Når")},
        {"key": "kind", "type": "choice", "label": _text("Type"),
         "choices": {"bench": _text("Benk"), "bed": _text("Bed")}},
        {"key": "agreed", "type": "checkbox", "label": _text("Enig"), "required": True},
        {"key": "consent", "type": "file", "label": _text("Samtykke"), "accept": ["pdf"],
         "max_mb": 1},
        {"key": "map", "type": "link", "label": _text("Kart")},
    ],
}]


def _bulk(n):
    return [{"key": f"task_{i}", "title": _text(f"Oppgave {i}"), "guidance": _text("Gjør det."),
             "required": i % 2 == 0, "due": {"days": i % 140}} for i in range(n)]


@pytest.fixture(scope="session")
def custom_app(app, tmp_path_factory):
    folder = tmp_path_factory.mktemp("workflows")
    shutil.copy(WORKFLOWS / "stedskaping.yaml", folder)
    for key, tasks in (("alltypes", ALL_TYPES), ("bulk10", _bulk(10)),
                       ("bulk200", _bulk(200))):
        (folder / f"{key}.yaml").write_text(
            yaml.safe_dump(_workflow(key, tasks), allow_unicode=True, sort_keys=False))
    other = create_app({**TEST_CONFIG, "WORKFLOW_FOLDER": str(folder),
                        "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    other.test_client_class = app.test_client_class
    return other


@pytest.fixture
def custom_client(custom_app):
    return custom_app.test_client()
