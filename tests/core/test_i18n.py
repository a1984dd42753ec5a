import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

from tests.fixtures.factories import make_user
from tests.fixtures.forms import submit

ROOT = Path(__file__).resolve().parents[2]


def test_norwegian_is_the_default(client):
    html = client.get("/").get_data(as_text=True)
    assert '<html lang="nb">' in html
    assert "Skap stedet deres sammen" in html


def test_browser_language_decides_without_a_choice(client):
    html = client.get("/", headers={"Accept-Language": "en-GB,en;q=0.9"}).get_data(as_text=True)
    assert "Build your place together" in html
    html = client.get("/", headers={"Accept-Language": "no,en;q=0.5"}).get_data(as_text=True)
    assert "Skap stedet deres sammen" in html


def test_lang_parameter_is_remembered_in_a_cookie_for_visitors(client):
    response = client.get("/login?lang=en")
    assert "Forgot your password?" in response.get_data(as_text=True)
    assert client.get_cookie("lang").value == "en"
    html = client.get("/login", headers={"Accept-Language": "nb"}).get_data(as_text=True)
    assert "Forgot your password?" in html
    assert "Glemt passordet?" in client.get("/login?lang=nb").get_data(as_text=True)


def test_lang_parameter_is_remembered_in_the_profile_for_users(app, client, db, login_as):
    user = make_user(locale="nb")
    login_as(user)
    client.get("/?lang=en")
    db.session.expire_all()
    assert user.locale == "en"
    # Another browser, without the cookie, gets the profile's language.
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert "My account" in other.get("/account").get_data(as_text=True)


def test_unknown_language_is_ignored(client):
    assert client.get("/?lang=xx").status_code == 200
    assert client.get_cookie("lang") is None


def test_header_has_a_language_switch_that_keeps_the_page(client):
    html = client.get("/login").get_data(as_text=True)
    assert 'href="/login?lang=en"' in html
    assert 'aria-current="true" lang="nb"' in html


def test_form_errors_come_in_the_chosen_language(client):
    client.get("/?lang=en")
    response = submit(client, "/login", {"email": "", "password": ""})
    assert "Enter your e-mail address." in response.get_data(as_text=True)
    client.get("/?lang=nb")
    response = submit(client, "/login", {"email": "", "password": ""})
    assert "Skriv inn e-postadressen din." in response.get_data(as_text=True)


def test_every_marked_string_has_a_bokmal_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as fh:
        wanted = {m.id for m in read_po(fh) if m.id}
    with (ROOT / "stedskaping/translations/nb/LC_MESSAGES/messages.po").open("rb") as fh:
        translated = {m.id for m in read_po(fh) if m.id and m.string and not m.fuzzy}
    assert sorted(wanted - translated) == []
