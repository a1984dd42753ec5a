"""An S3-compatible store on 127.0.0.1 (moto's standalone server, started here as
localstripe is for Stripe) and apps whose files live in it."""

from __future__ import annotations

import itertools
import logging
import shutil
from pathlib import Path

import pytest
import yaml

from stedskaping import create_app
from tests.conftest import TEST_CONFIG

WORKFLOWS = Path(__file__).resolve().parents[2] / "stedskaping" / "workflows"
REGION = "eu-north-1"
_buckets = itertools.count(1)


@pytest.fixture(scope="session")
def s3_server():
    from moto.server import ThreadedMotoServer

    logging.getLogger("werkzeug").setLevel(logging.WARNING)  # no line per request
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


def s3_client(endpoint: str):
    import boto3

    return boto3.session.Session().client(
        "s3", endpoint_url=endpoint, region_name=REGION, aws_access_key_id="test",
        aws_secret_access_key="test-secret")


@pytest.fixture
def s3_bucket(s3_server):
    """A new, empty bucket for this test; its name."""
    name = f"stedskaping-test-{next(_buckets)}"
    s3_client(s3_server).create_bucket(
        Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    return name


def s3_settings(endpoint: str, bucket: str) -> dict:
    return {"STORAGE": "s3", "S3_BUCKET": bucket, "S3_ENDPOINT_URL": endpoint,
            "S3_REGION": REGION, "S3_ACCESS_KEY_ID": "test",
            "S3_SECRET_ACCESS_KEY": "test-secret"}


def _text(value):
    return {"nb": value, "en": value}


# One stage with a task that takes a photo and a document.
FILES_WORKFLOW = {
    "key": "files", "version": 1, "languages": ["nb", "en"], "title": _text("Filer"),
    "plan": {"horizon": {"weeks": 20}, "camp_stage": "camp"},
    "stages": {
        "work": {"title": _text("Arbeid"), "duration": {"weeks": 20}, "tasks": [{
            "key": "photos", "title": _text("Bilder"), "guidance": _text("Last opp."),
            "due": {"weeks": 2},
            "fields": [
                {"key": "photo", "type": "file", "label": _text("Bilde"),
                 "accept": ["jpg", "jpeg", "png"], "max_mb": 10},
                {"key": "document", "type": "file", "label": _text("Dokument"),
                 "accept": ["pdf"], "max_mb": 1},
            ]}]},
        "camp": {"title": _text("Leir"), "duration": {"days": 2}},
        "done": {"title": _text("Ferdig"), "final": True},
    },
    "transitions": [
        {"trigger": "build", "from": "work", "to": "camp", "title": _text("Bygg"),
         "roles": ["initiator"]},
        {"trigger": "finish", "from": "camp", "to": "done", "title": _text("Ferdig"),
         "roles": ["initiator"]},
    ],
}


@pytest.fixture(scope="session")
def files_workflows(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("file-workflows")
    shutil.copy(WORKFLOWS / "stedskaping.yaml", folder)
    (folder / "files.yaml").write_text(
        yaml.safe_dump(FILES_WORKFLOW, allow_unicode=True, sort_keys=False))
    return str(folder)


@pytest.fixture
def make_app(app, files_workflows):
    """``make_app(**settings)``: another app on the test database (so it sees what the
    test's transaction holds), with the files workflow."""

    def build(**settings):
        other = create_app({**TEST_CONFIG, "WORKFLOW_FOLDER": files_workflows,
                            "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                            **settings})
        other.test_client_class = app.test_client_class
        return other

    return build
