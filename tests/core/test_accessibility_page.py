"""The accessibility statement: linked from every page's footer, in the five languages,
with what Digdir asks of a tilgjengelighetserklæring."""

import pytest

from tests.fixtures.forms import submit

TITLES = {"nb": "Tilgjengelighetserklæring", "nn": "Tilgjengeerklæring", "en":
          "Accessibility statement", "sv": "Tillgänglighetsredogörelse",
          "fi": "Saavutettavuusseloste"}
DATES = {"nb": "1. desember 2026", "en": "1 December 2026"}


@pytest.mark.parametrize("lang", TITLES)
def test_the_statement_in_each_language(client, app, lang):
    html = client.get(f"/accessibility?lang={lang}").get_data(as_text=True)
    assert f"<h1>{TITLES[lang]}</h1>" in html
    assert f'<html lang="{lang}">' in html
    contact = app.config["ACCESSIBILITY_CONTACT_EMAIL"]
    assert f'href="mailto:{contact}"' in html  # where to report a barrier
    assert "(WCAG) 2.1" in html and "https://www.uutilsynet.no/" in html  # status, complaints
    if lang in DATES:
        assert DATES[lang] in html


def test_every_page_links_to_it_in_the_footer(client):
    for path in ("/", "/login", "/projects/", "/no-such-page"):
        html = client.get(path + "?lang=nb").get_data(as_text=True)
        footer = html.split('<footer class="site-footer">')[1]
        assert '<a href="/accessibility">Tilgjengelighetserklæring</a>' in footer, path


def test_a_refused_form_says_error_first_in_the_title(client):
    html = submit(client, "/login?lang=nb", {"email": "", "password": ""}).get_data(
        as_text=True)
    assert "<title>Feil: Logg inn · stedskaping</title>" in html
    html = client.get("/login?lang=sv").get_data(as_text=True)
    assert "<title>Logga in · stedskaping</title>" in html
