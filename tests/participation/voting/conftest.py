"""The participation tests run on an app whose workflow folder also holds ``deltakelse``,
a small workflow whose gate to planning reads the proposals and the vote, and whose
``concept_cost`` role names the budget's minimum."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from stedskaping import create_app
from tests.conftest import TEST_CONFIG

WORKFLOWS = Path(__file__).resolve().parents[3] / "stedskaping" / "workflows"
def _text(value):
    return {"nb": value, "en": value}


def _money(key):
    return {"key": key, "type": "money", "label": _text(key), "required": True,
            "min": 1000, "max": 5000000}


DELTAKELSE = {
    "key": "deltakelse", "version": 1, "languages": ["nb", "en"], "title": _text("Deltakelse"),
    "plan": {"horizon": {"weeks": 20}, "camp_stage": "camp"},
    "roles": {"concept_cost": "budget.minimum"},
    "stages": {
        "participation": {"title": _text("Medvirkning"), "duration": {"weeks": 8}},
        "planning": {"title": _text("Planlegging"), "duration": {"weeks": 12}, "tasks": [{
            "key": "budget", "title": _text("Budsjett"), "guidance": _text("Sett budsjett."),
            "required": True, "due": {"weeks": 2},
            "fields": [_money("minimum"), _money("optimum")]}]},
        "camp": {"title": _text("Leir"), "duration": {"days": 2}},
        "done": {"title": _text("Ferdig"), "final": True},
    },
    "transitions": [
        {"trigger": "start_planning", "from": "participation", "to": "planning",
         "title": _text("Til planlegging"), "roles": ["initiator"],
         "conditions": [{"proposals_answered": "all"}, {"vote_closed": True}]},
        {"trigger": "build", "from": "planning", "to": "camp", "title": _text("Bygg"),
         "roles": ["initiator"]},
        {"trigger": "finish", "from": "camp", "to": "done", "title": _text("Ferdig"),
         "roles": ["initiator"]},
    ],
}


@pytest.fixture(scope="session")
def app(app, tmp_path_factory):
    """The shared app's database, with the test workflow beside the real ones."""
    folder = tmp_path_factory.mktemp("participation-workflows")
    for path in WORKFLOWS.glob("*.yaml"):
        shutil.copy(path, folder)
    (folder / "deltakelse.yaml").write_text(
        yaml.safe_dump(DELTAKELSE, allow_unicode=True, sort_keys=False))
    other = create_app({**TEST_CONFIG, "WORKFLOW_FOLDER": str(folder),
                        "UPLOAD_FOLDER": str(tmp_path_factory.mktemp("uploads")),
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    other.test_client_class = app.test_client_class
    return other


@pytest.fixture
def cast():
    """A project following ``deltakelse`` and the people around it (make_cast)."""
    from tests.fixtures.factories import make_cast

    return make_cast(workflow_key="deltakelse")

