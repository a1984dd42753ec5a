"""deploy/backup.sh and deploy/restore.sh, tried for real: a database of its own and a
bucket on the S3-compatible test server are backed up, lost, and restored."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import upgrade

from stedskaping import create_app
from stedskaping.db import unit_of_work
from stedskaping.storage import storage
from tests.conftest import TEST_CONFIG, TEST_DATABASE_URL
from tests.fixtures.factories import make_user
from tests.production.conftest import s3_client, s3_settings

CHECKOUT = Path(__file__).resolve().parents[2]
SECRET = "a-backup-test-secret-key-long-enough-0123456789"

pytestmark = [
    pytest.mark.commits,  # the app below has its own database, not the test transaction
    pytest.mark.skipif(not TEST_DATABASE_URL, reason="pg_dump needs PostgreSQL"),
    pytest.mark.skipif(not shutil.which("pg_dump"), reason="pg_dump is not installed"),
]


@pytest.fixture
def own_database():
    suite = sa.engine.make_url(TEST_DATABASE_URL)
    name = f"{suite.database}_backup"
    admin = sa.create_engine(suite.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.exec_driver_sql(f'CREATE DATABASE "{name}"')
    yield suite.set(database=name).render_as_string(hide_password=False)
    with admin.connect() as conn:
        conn.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.dispose()


def _script(name: str, argument: Path, env: dict) -> str:
    done = subprocess.run([str(CHECKOUT / "deploy" / name), str(argument)], env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def test_a_backup_brings_back_the_database_and_the_files(own_database, s3_server, s3_bucket,
                                                         tmp_path):
    settings = s3_settings(s3_server, s3_bucket)
    app = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": own_database, **settings})
    with app.app_context():
        upgrade()
        with unit_of_work():
            make_user(name="Berit Backup", email="berit@example.no")
        storage().save("7/consent.pdf", b"%PDF-1.4 the signed consent")
    env = {k: v for k, v in os.environ.items() if not k.startswith("STEDSKAPING_")}
    env.update({f"STEDSKAPING_{k}": v for k, v in settings.items()},
               DATABASE_URL=own_database, STEDSKAPING_SECRET_KEY=SECRET,
               FLASK=str(Path(sys.executable).parent / "flask"),
               PYTHONPATH=str(CHECKOUT), PATH=os.environ["PATH"])

    _script("backup.sh", tmp_path, env)
    (backup,) = tmp_path.iterdir()
    assert (backup / "database.dump").stat().st_size > 0
    assert (backup / "files" / "7" / "consent.pdf").read_bytes().startswith(b"%PDF")

    # The loss: the person's row and the file are gone, a stray file came.
    engine = sa.create_engine(own_database)
    with engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM user_session")
        conn.exec_driver_sql("DELETE FROM \"user\"")
    s3 = s3_client(s3_server)
    s3.delete_object(Bucket=s3_bucket, Key="7/consent.pdf")
    s3.put_object(Bucket=s3_bucket, Key="8/after-the-backup.pdf", Body=b"%PDF-1.4")

    _script("restore.sh", backup, env)
    with engine.connect() as conn:
        names = list(conn.scalars(sa.text('SELECT name FROM "user"')))
    engine.dispose()
    assert names == ["Berit Backup"]
    keys = [item["Key"] for item in s3.list_objects_v2(Bucket=s3_bucket)["Contents"]]
    assert keys == ["7/consent.pdf"]
    body = s3.get_object(Bucket=s3_bucket, Key="7/consent.pdf")["Body"].read()
    assert body == b"%PDF-1.4 the signed consent"
    with app.app_context():
        from stedskaping.extensions import db

        db.engine.dispose()
