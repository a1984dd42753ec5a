"""Files through the storage interface: the local folder and an S3-compatible bucket
(moto's server on 127.0.0.1) behave alike; two app servers share the bucket; photos
lose their EXIF and GPS tags and are scaled down; downloads check access first."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from stedskaping.accounts.operations import start_session
from stedskaping.db import commit
from stedskaping.projects.operations import task_progress
from stedskaping.storage import check_key, make_storage
from tests.fixtures.factories import make_project, make_user
from tests.fixtures.forms import csrf_token
from tests.production.conftest import s3_client, s3_settings

PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
TASK = "/projects/{}/tasks/work/photos"


@pytest.fixture(params=["local", "s3"])
def store(request, tmp_path):
    if request.param == "local":
        return make_storage({"STORAGE": "local", "UPLOAD_FOLDER": str(tmp_path)})
    server, bucket = request.getfixturevalue("s3_server"), request.getfixturevalue("s3_bucket")
    return make_storage(s3_settings(server, bucket))


def test_both_stores_keep_replace_stream_and_delete_by_key(store):
    store.save("participation/7/a.jpg", b"first", content_type="image/jpeg")
    store.save("participation/7/a.jpg", b"second")  # replaces
    store.save("participation/8/b.pdf", io.BytesIO(b"from a stream"))
    assert store.exists("participation/7/a.jpg") and not store.exists("participation/7/x.jpg")
    with store.open("participation/7/a.jpg") as stream:
        assert stream.read() == b"second"
    assert sorted(store.keys("participation/")) == ["participation/7/a.jpg",
                                                    "participation/8/b.pdf"]
    assert list(store.keys("participation/8/")) == ["participation/8/b.pdf"]
    store.delete("participation/7/a.jpg")
    store.delete("participation/7/a.jpg")  # a missing file is no error
    assert not store.exists("participation/7/a.jpg")
    with pytest.raises(FileNotFoundError):
        store.open("participation/7/a.jpg")


@pytest.mark.parametrize("key", ["../etc/passwd", "/abs", "a//b", "a/../b", ".hidden",
                                 "a/.git", "a\\b", "a b", "", "x" * 513, "a\x00b"])
def test_keys_that_could_leave_their_area_are_refused(key):
    with pytest.raises(ValueError):
        check_key(key)


def _photo(size=(4000, 3000), fmt="JPEG") -> bytes:
    image = Image.new("RGB", size, (30, 120, 60))
    exif = Image.Exif()
    exif[0x010F] = "Telefonprodusent"  # Make
    exif[0x0110] = "Modell X"  # Model
    exif[0x0112] = 6  # Orientation: the camera was turned; shown rotated 90°
    exif[0x8825] = {1: "N", 2: (59.0, 54.0, 45.0), 3: "E", 4: (10.0, 45.0, 8.0)}  # GPS: Oslo
    out = io.BytesIO()
    image.save(out, fmt, exif=exif)
    return out.getvalue()


@pytest.fixture
def project_of(db):
    """``project_of(app)``: a project on the files workflow, its initiator signed in on
    a client of ``app``; returns (project id, client)."""

    def make(app):
        with app.app_context():
            initiator = make_user(locale="en")
            project = make_project(initiator=initiator, workflow_key="files")
            token, ids = start_session(initiator), (project.id, initiator.id)
            commit()  # into the test's transaction, which every app here shares
        client = app.test_client()
        with client.session_transaction() as session:
            session.update({"_user_id": str(ids[1]), "_fresh": True, "sid": token})
        return ids[0], client

    return make


def _upload(client, project_id, **files):
    url = TASK.format(project_id)
    data = {"csrf_token": csrf_token(client, url), "action": "save"}
    for key, (name, content) in files.items():
        data[key] = (io.BytesIO(content), name)
    return client.post(url, data=data, content_type="multipart/form-data")


def _answers(app, project_id):
    from stedskaping.projects.models import Project

    with app.app_context():
        from stedskaping.db import db

        db.session.expire_all()
        return task_progress(db.session.get(Project, project_id), "work", "photos").answers


def test_files_survive_a_second_app_server(make_app, project_of, s3_server, s3_bucket,
                                           tmp_path):
    first = make_app(**s3_settings(s3_server, s3_bucket), UPLOAD_FOLDER=str(tmp_path / "a"))
    second = make_app(**s3_settings(s3_server, s3_bucket), UPLOAD_FOLDER=str(tmp_path / "b"))
    project_id, client = project_of(first)
    response = _upload(client, project_id, document=("Samtykke.pdf", PDF))
    assert response.status_code == 302
    stored = _answers(first, project_id)["document"]["stored"]
    # Nothing on either server's disk: the file is in the bucket.
    assert not (tmp_path / "a").exists() and not (tmp_path / "b").exists()
    listing = s3_client(s3_server).list_objects_v2(Bucket=s3_bucket)["Contents"]
    assert [item["Key"] for item in listing] == [f"{project_id}/{stored}"]

    other = second.test_client()
    with client.session_transaction() as session, other.session_transaction() as copy:
        copy.update(session)  # the same signed-in browser, now served by the other server
    download = other.get(f"/projects/{project_id}/files/{stored}")
    assert download.status_code == 200 and download.data == PDF
    assert "Samtykke.pdf" in download.headers["Content-Disposition"]
    download.close()


def test_a_photo_loses_exif_and_gps_and_is_scaled_down(make_app, project_of, s3_server,
                                                       s3_bucket):
    app = make_app(**s3_settings(s3_server, s3_bucket))
    project_id, client = project_of(app)
    original = _photo()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # it has a position
    response = _upload(client, project_id, photo=("benken.jpg", original))
    assert response.status_code == 302
    answer = _answers(app, project_id)["photo"]
    download = client.get(f"/projects/{project_id}/files/{answer['stored']}")
    kept = Image.open(io.BytesIO(download.data))
    download.close()
    assert kept.format == "JPEG"
    assert kept.size == (1920, 2560)  # turned upright as the camera said, then scaled down
    assert not kept.getexif() and "exif" not in kept.info
    assert b"Telefonprodusent" not in download.data and b"Modell X" not in download.data
    assert answer["size"] == len(download.data) < len(original)


def test_a_png_loses_its_metadata_too(make_app, project_of, tmp_path):
    app = make_app(UPLOAD_FOLDER=str(tmp_path))
    project_id, client = project_of(app)
    assert _upload(client, project_id, photo=("kart.png", _photo((800, 600), "PNG"))
                   ).status_code == 302
    stored = _answers(app, project_id)["photo"]["stored"]
    data = (tmp_path / str(project_id) / stored).read_bytes()
    kept = Image.open(io.BytesIO(data))
    assert kept.format == "PNG" and kept.size == (600, 800)
    assert not kept.getexif() and b"eXIf" not in data and b"Telefonprodusent" not in data


@pytest.mark.parametrize(("name", "content"), [
    ("benken.jpg", b"\xff\xd8\xff but not a picture"),  # the right first bytes, no image
    ("benken.png", _photo((10, 10), "JPEG")),  # a real photo, but not a PNG
])
def test_a_file_that_is_not_the_photo_it_claims_is_refused(make_app, project_of, tmp_path,
                                                           name, content):
    app = make_app(UPLOAD_FOLDER=str(tmp_path))
    project_id, client = project_of(app)
    response = _upload(client, project_id, photo=(name, content))
    assert response.status_code == 400
    assert "does not match its type" in response.get_data(as_text=True)
    assert not (tmp_path / str(project_id)).exists() or not any(
        (tmp_path / str(project_id)).iterdir())


class CountingStore:
    def __init__(self, inner):
        self.inner, self.opened = inner, []

    def open(self, key):
        self.opened.append(key)
        return self.inner.open(key)

    def __getattr__(self, name):
        return getattr(self.inner, name)


def test_a_download_checks_access_before_reading_the_store(make_app, project_of, s3_server,
                                                           s3_bucket):
    app = make_app(**s3_settings(s3_server, s3_bucket))
    project_id, client = project_of(app)
    _upload(client, project_id, document=("a.pdf", PDF))
    stored = _answers(app, project_id)["document"]["stored"]
    counting = app.extensions["stedskaping.storage"] = CountingStore(
        app.extensions["stedskaping.storage"])
    address = f"/projects/{project_id}/files/{stored}"
    assert app.test_client().get(address).status_code == 302  # to the login page
    _, stranger = project_of(app)  # signed in, but not on this project's team
    assert stranger.get(address).status_code in (403, 404)
    assert counting.opened == []
    download = client.get(address)
    assert download.status_code == 200 and download.data == PDF
    download.close()
    assert counting.opened == [f"{project_id}/{stored}"]


def test_a_rolled_back_upload_leaves_nothing_in_the_bucket(make_app, project_of, s3_server,
                                                           s3_bucket):
    from stedskaping.db import rollback
    from stedskaping.projects import files

    app = make_app(**s3_settings(s3_server, s3_bucket))
    project_id, _ = project_of(app)
    with app.test_request_context():
        kept = files.store(project_id, "pdf", PDF)
        commit()
        files.store(project_id, "pdf", PDF)
        rollback()  # the request failed after the file was written
    listing = s3_client(s3_server).list_objects_v2(Bucket=s3_bucket)["Contents"]
    assert [item["Key"] for item in listing] == [f"{project_id}/{kept}"]
