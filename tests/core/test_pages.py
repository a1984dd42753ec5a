import pytest
from flask import abort

from stedskaping import create_app
from stedskaping.accounts.models import User
from stedskaping.extensions import db
from tests.conftest import TEST_CONFIG
from tests.fixtures.factories import PASSWORD, make_user
from tests.fixtures.forms import submit


def test_security_headers_on_every_response(client):
    for url in ("/", "/login", "/does-not-exist", "/static/css/app.css"):
        response = client.get(url)
        response.close()
        headers = response.headers
        csp = headers["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "strict-origin-when-cross-origin"


def test_pages_have_no_inline_script_or_style(client):
    html = client.get("/register").get_data(as_text=True)
    assert "<script>" not in html and "style=" not in html and "<style" not in html
    assert 'href="/static/css/app.css"' in html


def test_session_cookie_flags(client, db):
    make_user(email="ola@example.no")
    response = submit(client, "/login", {"email": "ola@example.no",
                                         "password": "lilla-kaffekopp-fjellvann"})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert "Secure" not in cookie  # plain http in development


def test_session_cookie_is_secure_over_https(client, db):
    response = client.get("/login", base_url="https://localhost")
    assert "Secure" in response.headers["Set-Cookie"]
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


def test_base_layout_has_landmarks_and_skip_link(client):
    html = client.get("/").get_data(as_text=True)
    assert 'class="skip-link" href="#main"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html and 'aria-label="Hovedmeny"' in html
    assert 'name="viewport"' in html


def _duplicate_email_at_commit():
    # Not flushed: the clash surfaces only when the request boundary commits.
    db.session.add(User(name="Kari 2", email="kari@example.no", password_hash="x"))
    return "saved?"


@pytest.fixture(scope="module")
def failing_app(app):
    """A second app on the same database, with routes that fail on purpose."""
    other = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": app.config[
        "SQLALCHEMY_DATABASE_URI"]})
    other.test_client_class = app.test_client_class
    other.add_url_rule("/_test/boom", "boom", lambda: 1 / 0)
    other.add_url_rule("/_test/conflict", "conflict", _duplicate_email_at_commit)
    other.add_url_rule("/_test/bad", "bad", lambda: abort(400))
    return other


@pytest.mark.parametrize(("url", "method", "code", "nb", "en"), [
    ("/_test/bad", "get", 400, "Ugyldig forespørsel", "Bad request"),
    ("/admin/municipalities/", "get", 403, "Ikke tillatt", "Not allowed"),
    ("/no/such/page", "get", 404, "Fant ikke siden", "Page not found"),
    ("/logout", "get", 405, "Ikke tillatt her", "Not allowed here"),
    ("/_test/conflict", "get", 409, "Konflikt", "Conflict"),
    ("/_test/boom", "get", 500, "Noe gikk galt", "Something went wrong"),
])
def test_error_pages_in_both_languages(failing_app, url, method, code, nb, en):
    client = failing_app.test_client()
    make_user(email="kari@example.no")
    submit(client, "/login", {"email": "kari@example.no", "password": PASSWORD})
    for lang, title in (("nb", nb), ("en", en)):
        response = getattr(client, method)(f"{url}?lang={lang}")
        html = response.get_data(as_text=True)
        assert response.status_code == code
        assert f"<h1>{title}</h1>" in html
        assert "Traceback" not in html and "ZeroDivisionError" not in html


def test_429_page_in_both_languages(client, db):
    for n in range(20):
        submit(client, "/login", {"email": f"x{n}@example.no", "password": "wrong"})
    for lang, title in (("nb", "For mange forsøk"), ("en", "Too many attempts")):
        response = submit(client, f"/login?lang={lang}", {"email": "y@example.no",
                                                          "password": "x"})
        assert response.status_code == 429
        assert f"<h1>{title}</h1>" in response.get_data(as_text=True)
