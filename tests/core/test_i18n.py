import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
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


def test_lang_parameter_changes_the_page_but_not_the_profile(app, client, db, login_as):
    user = make_user(locale="nb")
    login_as(user)
    assert "My account" in client.get("/account?lang=en").get_data(as_text=True)
    assert "My account" in client.get("/account").get_data(as_text=True)  # the cookie
    db.session.expire_all()
    assert user.locale == "nb"  # a link never changes the account
    # Another browser, without the cookie, gets the profile's language.
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert "Min konto" in other.get("/account").get_data(as_text=True)


def test_language_switch_posts_and_writes_the_profile(app, client, db, login_as):
    user = make_user(locale="nb")
    login_as(user)
    response = submit(client, "/language", {"lang": "en", "next": "/account?x=1"},
                      page="/account")
    assert response.status_code == 302
    assert response.headers["Location"] == "/account?x=1"
    db.session.expire_all()
    assert user.locale == "en"
    assert client.get_cookie("lang").value == "en"
    other = app.test_client()
    other.set_cookie("session", client.get_cookie("session").value)
    assert "My account" in other.get("/account").get_data(as_text=True)


def test_language_switch_for_visitors_sets_the_cookie(client, db):
    response = submit(client, "/language", {"lang": "en", "next": "/login"}, page="/login")
    assert response.headers["Location"] == "/login"
    assert "Forgot your password?" in client.get("/login").get_data(as_text=True)


def test_language_switch_refuses_bad_input_and_foreign_targets(client, db):
    assert submit(client, "/language", {"lang": "xx", "next": "/"}, page="/").status_code == 400
    assert client.post("/language", data={"lang": "en", "next": "/"}).status_code == 400  # CSRF
    for target in ("https://evil.example/", "//evil.example/", "", "/\r\nSet-Cookie: x=1",
                   "/" + "a" * 3000):
        response = submit(client, "/language", {"lang": "en", "next": target}, page="/")
        assert response.headers["Location"] == "/"
    # A NUL byte never reaches the view: the input guard answers 400.
    response = submit(client, "/language", {"lang": "en", "next": "/\x00"}, page="/")
    assert response.status_code == 400 and "Location" not in response.headers
    assert client.get("/language").status_code == 405


def test_unknown_language_is_ignored(client):
    assert client.get("/?lang=xx").status_code == 200
    assert client.get_cookie("lang") is None


def test_header_has_a_language_switch_that_keeps_the_page(client):
    html = client.get("/projects/?q=park&lang=nb").get_data(as_text=True)
    switch = html[html.index('class="lang-nav"'):html.index("</nav>", html.index("lang-nav"))]
    assert 'method="post" action="/language"' in switch
    assert 'name="csrf_token"' in switch
    assert 'name="next" value="/projects/?q=park"' in switch
    assert '<button type="submit" name="lang" value="en" lang="en"' in switch
    assert 'aria-current="true" lang="nb"' in switch


def test_form_errors_come_in_the_chosen_language(client):
    client.get("/?lang=en")
    response = submit(client, "/login", {"email": "", "password": ""})
    assert "Enter your e-mail address." in response.get_data(as_text=True)
    client.get("/?lang=nb")
    response = submit(client, "/login", {"email": "", "password": ""})
    assert "Skriv inn e-postadressen din." in response.get_data(as_text=True)


CATALOGUES = ("nb", "nn", "sv", "fi")  # English is the msgids themselves
PLACEHOLDER = re.compile(r"%\([a-z_0-9]+\)[sdif]|%[sdif%]|\{[a-z_0-9]*\}")


@pytest.fixture(scope="module")
def marked(tmp_path_factory) -> set:
    """The ids of every marked text, extracted from the code as the README says."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run(
        [sys.executable, "-m", "babel.messages.frontend", "extract", "-F", "babel.cfg",
         "-k", "_l", "-k", "lazy_gettext", "-o", str(pot), "."],
        cwd=ROOT, check=True, capture_output=True,
    )
    with pot.open("rb") as fh:
        return {m.id for m in read_po(fh) if m.id}


def _catalogue(lang):
    with (ROOT / f"stedskaping/translations/{lang}/LC_MESSAGES/messages.po").open("rb") as fh:
        return read_po(fh)


def _forms(message) -> list[tuple[str, str]]:
    """(English, translation) for each form; plural forms after the first follow the
    English plural."""
    if isinstance(message.id, tuple):
        return [(message.id[min(i, 1)], s) for i, s in enumerate(message.string)]
    return [(message.id, message.string)]


@pytest.mark.parametrize("lang", CATALOGUES)
def test_every_marked_text_is_translated_and_not_fuzzy(marked, lang):
    catalogue = _catalogue(lang)
    assert catalogue.locale.language == lang
    assert catalogue.num_plurals == 2
    done = {m.id for m in catalogue
            if m.id and not m.fuzzy and all(s.strip() for _, s in _forms(m))}
    fuzzy = sorted(str(m.id) for m in catalogue if m.id and m.fuzzy)
    assert fuzzy == []
    assert sorted(map(str, marked - done)) == []
    for m in catalogue:
        if m.id and isinstance(m.id, tuple):
            assert len(m.string) == catalogue.num_plurals, m.id


@pytest.mark.parametrize("lang", CATALOGUES)
def test_translations_keep_the_placeholders(lang):
    wrong = [
        (english, translated)
        for m in _catalogue(lang) if m.id
        for english, translated in _forms(m)
        if Counter(PLACEHOLDER.findall(english)) != Counter(PLACEHOLDER.findall(translated))
    ]
    assert wrong == []


def test_the_placeholder_check_sees_a_changed_placeholder():
    assert PLACEHOLDER.findall("%(num)d of %(max)s kr, {title}, 5 %%") == [
        "%(num)d", "%(max)s", "{title}", "%%"]
    assert Counter(PLACEHOLDER.findall("%(amount)s kr")) != Counter(
        PLACEHOLDER.findall("%(amont)s kr"))
