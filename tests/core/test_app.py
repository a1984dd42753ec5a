import pytest

from stedskaping import create_app
from stedskaping.config import normalise_database_url


def test_create_app_has_no_side_effects(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    db_file = tmp_path / "app.sqlite"
    app = create_app({"SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{db_file}"})
    assert app.name == "stedskaping"
    assert not db_file.exists()  # no connection, no migration
    assert list(tmp_path.iterdir()) == []


def test_configuration_layers(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "config.py").write_text(
        "SECRET_KEY = 'from-instance'\nMAIL_FROM = 'instance@example.no'\nSMTP_PORT = 2525\n"
    )
    monkeypatch.setenv("STEDSKAPING_SMTP_PORT", "1025")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-instance"
    assert app.config["MAIL_FROM"] == "instance@example.no"
    assert app.config["SMTP_PORT"] == 1025  # the environment wins over the instance file
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path}/stedskaping.sqlite"
    app = create_app({"SMTP_PORT": 25})
    assert app.config["SMTP_PORT"] == 25  # and the factory's argument over both


def test_database_url_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "postgres://app@db.example/stedskaping")
    app = create_app({"SECRET_KEY": "x"})
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://app@db.example/stedskaping"
    )
    assert normalise_database_url("sqlite:///x") == "sqlite:///x"


def test_refuses_to_start_without_a_secret_key(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="SECRET_KEY is not configured"):
        create_app()


def test_template_folder_is_configurable(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    (tmp_path / "main").mkdir()
    (tmp_path / "main" / "index.html").write_text("custom front page")
    app = create_app({"SECRET_KEY": "x", "TEMPLATE_FOLDER": str(tmp_path),
                      "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path}/a.sqlite"})
    assert app.test_client().get("/").get_data(as_text=True) == "custom front page"


def test_unknown_mail_transport_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("STEDSKAPING_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="MAIL_TRANSPORT must be one of"):
        create_app({"SECRET_KEY": "x", "MAIL_TRANSPORT": "pigeon"})
