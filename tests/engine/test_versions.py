"""Projects keep the workflow version they started with; a used version is frozen."""

import shutil
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from flask.cli import ScriptInfo

from stedskaping import create_app
from stedskaping.cli import workflow as workflow_cli
from stedskaping.db import commit
from stedskaping.extensions import db
from stedskaping.projects import process
from stedskaping.projects.models import Project
from tests.conftest import TEST_CONFIG
from tests.fixtures.factories import make_project

WORKFLOWS = Path(__file__).resolve().parents[2] / "stedskaping" / "workflows"


def _app_with(folder, app):
    other = create_app({**TEST_CONFIG, "WORKFLOW_FOLDER": str(folder),
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"]})
    other.test_client_class = app.test_client_class
    return other


def test_changed_content_under_a_used_version_is_refused(tmp_path, app):
    folder = tmp_path / "workflows"
    folder.mkdir()
    shutil.copy(WORKFLOWS / "smaaprosjekt-v1.yaml", folder / "smaaprosjekt.yaml")
    first = _app_with(folder, app)
    with first.app_context():
        project_id = make_project(workflow_key="smaaprosjekt").id
        commit()  # into the test's outer transaction, which still rolls back at the end

    path = folder / "smaaprosjekt.yaml"
    path.write_text(path.read_text().replace('title: {nb: "Budsjett", en: "Budget"}',
                                             'title: {nb: "Budsjettet", en: "Budget"}'))
    changed = _app_with(folder, app)
    with changed.app_context():
        project = db.session.get(Project, project_id)
        with pytest.raises(process.WorkflowChanged, match="has changed since projects started"):
            process.workflow_for(project)
        result = CliRunner().invoke(workflow_cli, ["check"],
                                    obj=ScriptInfo(create_app=lambda: changed))
    assert result.exit_code != 0
    assert "smaaprosjekt.yaml: workflow 'smaaprosjekt' version 1 has changed" in result.output


def test_a_new_version_is_used_by_new_projects_only(tmp_path, app):
    folder = tmp_path / "workflows"
    folder.mkdir()
    shutil.copy(WORKFLOWS / "smaaprosjekt-v1.yaml", folder / "smaaprosjekt-v1.yaml")
    with _app_with(folder, app).app_context():
        old_id = make_project(workflow_key="smaaprosjekt").id
        commit()

    data = yaml.safe_load((WORKFLOWS / "smaaprosjekt-v1.yaml").read_text())
    data["version"] = 2
    data["stages"]["review"]["duration"] = {"days": 5}
    (folder / "smaaprosjekt-v2.yaml").write_text(
        yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    with _app_with(folder, app).app_context():
        new = make_project(workflow_key="smaaprosjekt")
        old = db.session.get(Project, old_id)
        assert (old.workflow_version, new.workflow_version) == (1, 2)
        assert process.workflow_for(old).workflow.stage("review").duration_days == 7
        assert process.workflow_for(new).workflow.stage("review").duration_days == 5


def test_formatting_and_comments_do_not_change_the_digest(tmp_path):
    from stedskaping import build_registry
    from stedskaping.engine import definition

    text = (WORKFLOWS / "smaaprosjekt.yaml").read_text()
    a, b = tmp_path / "a.yaml", tmp_path / "b.yaml"
    a.write_text(text)
    b.write_text("# a new comment\n" + text.replace("key: smaaprosjekt", "key:   smaaprosjekt"))
    names = set(build_registry().guards)
    assert definition.load_file(a, names).digest == definition.load_file(b, names).digest
