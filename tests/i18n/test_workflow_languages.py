"""The shipped workflows speak nynorsk (both), Swedish and Finnish (the default one); the
version 1 files stay as they were, for the projects that started on them."""

from pathlib import Path

import sqlalchemy as sa
import yaml
from click.testing import CliRunner
from flask.cli import ScriptInfo

from stedskaping.cli import workflow as workflow_cli
from stedskaping.engine.definition import digest_of
from stedskaping.projects import process
from stedskaping.projects.models import Project
from tests.fixtures.factories import make_project, make_user

WORKFLOWS = Path(__file__).resolve().parents[2] / "stedskaping" / "workflows"
REQUIRED = {"stedskaping": ("nb", "nn", "en", "sv", "fi"), "smaaprosjekt": ("nb", "nn", "en")}


def test_workflow_check_finds_no_missing_text_in_the_languages_given(app):
    result = CliRunner().invoke(workflow_cli, ["check"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning")]
    assert not [w for w in warnings if "stedskaping.yaml" in w]
    assert not [w for w in warnings if "'nn'" in w]
    assert warnings == ["warning  smaaprosjekt.yaml: no texts in 'sv' (all 41 are shown in 'nb')",
                        "warning  smaaprosjekt.yaml: no texts in 'fi' (all 41 are shown in 'nb')"]


def test_every_text_of_the_newest_versions_is_written_in_each_language(app):
    for compiled in app.extensions["stedskaping.workflows"].all():
        wf = compiled.workflow
        if wf.version < 2:
            continue
        for path, text in wf.texts():
            for lang in REQUIRED[wf.key]:
                assert text.has(lang), f"{wf.key} v{wf.version}: {path} lacks {lang}"
            # Translated, not copied: a long text reads differently in each language.
            if len(text.get("nb")) > 40:
                assert text.get("nn") != text.get("nb"), path


# The digests version 1 had when projects started on it (before the new languages).
VERSION_1 = {
    "stedskaping": "830b9a52e4ae070294bd9c9fc44916e6860501bdfc8f07614bd6aaf7a72f26f0",
    "smaaprosjekt": "a8db654f2c651dc8a062539b57fb798e2abe449aa77d302fc38bd7aa3e49518e",
}


def test_version_1_files_keep_the_content_projects_recorded():
    for name, digest in VERSION_1.items():
        data = yaml.safe_load((WORKFLOWS / f"{name}-v1.yaml").read_text(encoding="utf-8"))
        assert (data["version"], digest_of(data)) == (1, digest)


def test_version_2_of_the_default_stays_as_projects_recorded_it():
    # Version 3 put the realisation's guards in; projects on version 2 keep their process.
    data = yaml.safe_load((WORKFLOWS / "stedskaping-v2.yaml").read_text(encoding="utf-8"))
    assert (data["version"], digest_of(data)) == (
        2, "2bb98465a6bfdfa8c942e4261e49bb49605bc12eb319d7b9f7906f9ce43fe01f")


def test_a_project_on_version_1_keeps_it_and_new_projects_get_the_newest(client, db, login_as):
    user = make_user()
    old = make_project(initiator=user)
    db.session.execute(sa.update(Project).where(Project.id == old.id).values(workflow_version=1))
    db.session.expire_all()
    old = db.session.get(Project, old.id)
    new = make_project(initiator=user, title="Ny park")
    assert (old.workflow_version, new.workflow_version) == (1, 3)
    assert process.workflow_for(old).workflow.stage("idea").title.has("nn") is False
    login_as(user)
    page = client.get(f"/projects/{old.id}/home?lang=nn").get_data(as_text=True)
    assert '<span lang="nb">Idé</span>' in page  # v1 has no nynorsk, and says so
    page = client.get(f"/projects/{new.id}/home?lang=nn").get_data(as_text=True)
    assert "Medverknad" in page and '<span lang="nb">' not in page.split("</header>", 1)[1]
