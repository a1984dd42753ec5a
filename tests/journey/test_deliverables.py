"""Every deliverable field type through the real task form, files included."""

import gc
import io
import shutil
import warnings
from pathlib import Path

import pytest

from stedskaping.accounts.operations import start_session
from stedskaping.db import commit
from stedskaping.projects.models import Project
from stedskaping.projects.operations import task_progress
from tests.fixtures.factories import make_project, make_user
from tests.fixtures.forms import csrf_token

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


@pytest.fixture
def setup(custom_app, custom_client, db):
    with custom_app.app_context():
        initiator = make_user(locale="en")
        project = make_project(initiator=initiator, workflow_key="alltypes")
        token = start_session(initiator)
        ids = project.id, initiator.id
        commit()  # into the test's transaction, so that the other app's requests see it
    with custom_client.session_transaction() as session:
        session.update({"_user_id": str(ids[1]), "_fresh": True, "sid": token})
    return db.session.get(Project, ids[0]), f"/projects/{ids[0]}/tasks/work/everything"


VALID = {"name": "Benk", "story": "Kort.", "count": "3", "budget": "250,50",
         "when": "2027-05-01", "kind": "bench", "agreed": "y", "map": "https://kart.no/x"}


def _post(client, url, data, files=None):
    payload = {"csrf_token": csrf_token(client, url), **data}
    for key, (name, content) in (files or {}).items():
        payload[key] = (io.BytesIO(content), name)
    return client.post(url, data=payload, content_type="multipart/form-data")


@pytest.mark.parametrize(("field", "value", "message"), [
    ("name", "elleve tegn!", "Field cannot be longer than 10 characters."),
    ("story", "x" * 51, "Field cannot be longer than 50 characters."),
    ("count", "11", "Use a value from 1 to 10."),
    ("count", "tre", "Not a valid integer value."),
    ("budget", "99", "Use a value from 100 to 1000."),
    ("budget", "12,345", "Write an amount in kroner"),
    ("budget", "-5", "Write an amount in kroner"),
    ("when", "1. mai", "Give a date, like 2027-05-01."),
    ("when", "1999-12-31", "Give a date between the years 2000 and 2100."),
    ("when", "2101-01-01", "Give a date between the years 2000 and 2100."),
    ("kind", "swing", "Not a valid choice."),
    ("map", "javascript:alert(1)", "Give a web address starting with https://."),
])
def test_each_field_type_rejects_bad_input_and_saves_nothing(custom_client, setup, db, field,
                                                             value, message):
    project, url = setup
    response = _post(custom_client, url + "?lang=en", {**VALID, field: value,
                                                       "action": "save"})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    db.session.expire_all()
    assert task_progress(project, "work", "everything").answers == {}


def test_valid_answers_are_kept_in_their_types(custom_client, setup, db):
    project, url = setup
    response = _post(custom_client, url, {**VALID, "action": "complete"},
                     files={"consent": ("samtykke.pdf", PDF)})
    assert response.status_code == 302
    db.session.expire_all()
    progress = task_progress(project, "work", "everything")
    answers = progress.answers
    assert progress.status == "done"
    assert {k: answers[k] for k in VALID} == {
        "name": "Benk", "story": "Kort.", "count": 3, "budget": 25050, "when": "2027-05-01",
        "kind": "bench", "agreed": True, "map": "https://kart.no/x"}
    assert answers["consent"]["name"] == "samtykke.pdf" and answers["consent"]["size"] == len(PDF)
    page = custom_client.get(url + "?lang=en").get_data(as_text=True)
    assert 'value="250,50"' in page and "samtykke.pdf" in page


def test_required_fields_are_needed_only_to_mark_done(custom_client, setup, db):
    project, url = setup
    response = _post(custom_client, url + "?lang=en", {"action": "complete", "story": "Hei"})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    # The task page has a second form (comments), so the deliverable's ids carry "task-".
    assert 'id="task-name-error">This is needed to mark the task as done.' in html
    assert 'id="task-agreed-error">This is needed to mark the task as done.' in html
    assert 'id="task-story-error"' not in html
    assert _post(custom_client, url, {"action": "save", "story": "Hei"}).status_code == 302
    db.session.expire_all()
    assert task_progress(project, "work", "everything").status == "draft"


@pytest.mark.parametrize(("name", "content", "message"), [
    ("program.exe", b"MZ\x90\x00", "Upload a file of type pdf."),
    ("faktura.pdf", b"MZ\x90\x00this is not a pdf", "does not match its type"),
    ("stor.pdf", PDF + b"0" * (1024 * 1024), "The file is too large: at most 1 MB."),
])
def test_bad_files_are_refused_and_not_kept(custom_app, custom_client, setup, db, name, content,
                                            message):
    project, url = setup
    folder = Path(custom_app.config["UPLOAD_FOLDER"]) / str(project.id)
    before = set(folder.iterdir()) if folder.exists() else set()
    response = _post(custom_client, url + "?lang=en", {**VALID, "action": "save"},
                     files={"consent": (name, content)})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert (set(folder.iterdir()) if folder.exists() else set()) == before
    # Werkzeug's test client spools a large request body to a temporary file it never
    # closes; collect it here rather than let its ResourceWarning land in another test.
    del response
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


def test_files_are_stored_outside_the_web_root_and_need_access(custom_app, custom_client, setup,
                                                              db):
    project, url = setup
    _post(custom_client, url, {**VALID, "action": "save"},
          files={"consent": ("samtykke.pdf", PDF)})
    db.session.expire_all()
    stored = task_progress(project, "work", "everything").answers["consent"]["stored"]
    path = Path(custom_app.config["UPLOAD_FOLDER"]) / str(project.id) / stored
    assert path.read_bytes() == PDF
    assert not str(path).startswith(custom_app.static_folder)
    download = custom_client.get(f"/projects/{project.id}/files/{stored}?name=samtykke.pdf")
    assert download.status_code == 200 and download.data == PDF
    assert "attachment" in download.headers["Content-Disposition"]
    download.close()
    assert custom_client.get(f"/projects/{project.id}/files/..%2Fsecret").status_code == 404
    stranger = custom_app.test_client()
    assert stranger.get(f"/projects/{project.id}/files/{stored}").status_code == 302


def _folder(custom_app, project) -> Path:
    return Path(custom_app.config["UPLOAD_FOLDER"]) / str(project.id)


@pytest.fixture
def empty_folder(custom_app, setup):
    """The project's upload folder, emptied: ids come back after a test's rollback, and
    files saved in earlier tests stay on disk."""
    folder = _folder(custom_app, setup[0])
    if folder.exists():
        shutil.rmtree(folder)
    return folder


def _files(custom_app, project) -> set[str]:
    folder = _folder(custom_app, project)
    return {p.name for p in folder.iterdir()} if folder.exists() else set()


def _consent(db, project):
    db.session.expire_all()
    return task_progress(project, "work", "everything").answers.get("consent")


def test_a_replaced_or_removed_file_leaves_storage(custom_app, custom_client, setup, db,
                                                   empty_folder):
    project, url = setup
    _post(custom_client, url, {**VALID, "action": "save"}, files={"consent": ("a.pdf", PDF)})
    first = _consent(db, project)["stored"]
    assert _files(custom_app, project) == {first}
    page = custom_client.get(url + "?lang=en").get_data(as_text=True)
    assert "Remove the saved file" in page

    response = _post(custom_client, url, {**VALID, "action": "save"},
                     files={"consent": ("b.pdf", PDF + b"%b")})
    assert response.status_code == 302
    second = _consent(db, project)
    assert second["name"] == "b.pdf" and _files(custom_app, project) == {second["stored"]}

    response = _post(custom_client, url, {**VALID, "action": "save", "consent__remove": "y"})
    assert response.status_code == 302
    assert _consent(db, project) is None and _files(custom_app, project) == set()


def test_a_failed_request_leaves_no_stray_file(custom_app, custom_client, setup, db, empty_folder):
    project, url = setup
    # Refused by the engine after the file was stored: a required field is empty.
    response = _post(custom_client, url, {**VALID, "name": "", "action": "complete"},
                     files={"consent": ("a.pdf", PDF)})
    assert response.status_code == 400
    assert _files(custom_app, project) == set()
    # Refused as a conflict: someone saved in between.
    _post(custom_client, url, {**VALID, "action": "save"})
    response = _post(custom_client, url, {**VALID, "action": "save",
                                          "started_from_version": "1"},
                     files={"consent": ("a.pdf", PDF)})
    assert response.status_code == 409
    assert _files(custom_app, project) == set() and _consent(db, project) is None


def test_a_rollback_keeps_the_old_file_and_drops_the_new(custom_app, setup, db, empty_folder):
    from stedskaping.db import rollback
    from stedskaping.projects import files
    from stedskaping.projects.operations import save_task

    project, url = setup
    with custom_app.test_request_context():
        old = files.store(project.id, "pdf", PDF)
        commit()  # the old file is saved for good
        save_task(project, "work", "everything", project.members[0].user,
                  {"consent": {"stored": old, "name": "a.pdf", "type": "pdf", "size": 1}},
                  complete=False)
        commit()
        new = files.store(project.id, "pdf", PDF)
        save_task(project, "work", "everything", project.members[0].user,
                  {"consent": {"stored": new, "name": "b.pdf", "type": "pdf", "size": 1}},
                  complete=False)
        rollback()  # the request failed after the save
    assert _files(custom_app, project) == {old}


def test_the_download_name_is_the_saved_one(custom_app, custom_client, setup, db, empty_folder):
    project, url = setup
    _post(custom_client, url, {**VALID, "action": "save"},
          files={"consent": ("Samtykke fra grunneier.pdf", PDF)})
    stored = _consent(db, project)["stored"]
    download = custom_client.get(f"/projects/{project.id}/files/{stored}?name=evil.exe")
    assert download.status_code == 200
    disposition = download.headers["Content-Disposition"]
    assert "evil" not in disposition and "Samtykke" in disposition
    download.close()
    page = custom_client.get(url).get_data(as_text=True)
    assert f"/files/{stored}?name=" not in page
    # A file in the folder that no answer refers to is not served.
    stray = _folder(custom_app, project) / ("x" * 32 + ".pdf")
    stray.write_bytes(PDF)
    assert custom_client.get(f"/projects/{project.id}/files/{stray.name}").status_code == 404
    stray.unlink()
