import pytest

from stedskaping import create_app
from stedskaping.config import normalise_database_url

KEY = "a-development-key-of-forty-characters-xx"


def test_create_app_has_no_side_effects(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    db_file = tmp_path / "app.sqlite"
    app = create_app({"SECRET_KEY": KEY, "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}"})
    assert app.name == "stedskaping"
    assert not db_file.exists()  # no connection, no migration
    assert list(tmp_path.iterdir()) == []


def test_configuration_layers(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text(
        "SECRET_KEY = 'from-instance-and-long-enough-to-be-used'\n"
        "MAIL_FROM = 'instance@example.no'\nSMTP_PORT = 2525\n"
    )
    monkeypatch.setenv("STEDSKAPING_SMTP_PORT", "1025")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-instance-and-long-enough-to-be-used"
    assert app.config["MAIL_FROM"] == "instance@example.no"
    assert app.config["SMTP_PORT"] == 1025  # the environment wins over the instance file
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/stedskaping.sqlite"
    app = create_app({"SMTP_PORT": 25})
    assert app.config["SMTP_PORT"] == 25  # and the factory's argument over both


def test_database_url_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.example/stedskaping")
    app = create_app({"SECRET_KEY": KEY})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://app@db.example/stedskaping"
    )
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="SECRET_KEY is not configured"):
        create_app()


def test_refuses_to_start_with_a_short_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="SECRET_KEY is too short: 31 characters, at least 32"):
        create_app({"SECRET_KEY": "k" * 31})
    monkeypatch.setenv("STEDSKAPING_SECRET_KEY", "short")
    with pytest.raises(RuntimeError, match="SECRET_KEY is too short"):
        create_app()
    assert create_app({"SECRET_KEY": "k" * 32}).config["SECRET_KEY"] == "k" * 32
    assert create_app({"SECRET_KEY": "short", "TESTING": True}).testing  # tests may


def test_make_run_writes_a_long_enough_secret_key(tmp_path, monkeypatch):
    """The Makefile's rule for instance/config.py makes a key the app accepts."""
    import re
    import subprocess
    import sys
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[2] / "Makefile").read_text()
    snippet = re.search(r'instance/config\.py:\n(?:\t.*\n)*?\t\$\(BIN\)/python -c "(.+)" > \$@',
                        makefile).group(1)
    (tmp_path / "config.py").write_text(
        subprocess.run([sys.executable, "-c", snippet], check=True, capture_output=True,
                       text=True).stdout)
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    assert len(create_app().config["SECRET_KEY"]) == 64


def test_template_folder_is_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "main").mkdir()
    (tmp_path / "main" / "index.html").write_text("custom front page")
    app = create_app({"SECRET_KEY": KEY, "TEMPLATE_FOLDER": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.sqlite"})
    assert app.test_client().get("/").get_data(as_text=True) == "custom front page"


def test_unknown_mail_transport_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="MAIL_TRANSPORT must be one of"):
        create_app({"SECRET_KEY": KEY, "MAIL_TRANSPORT": "pigeon"})
