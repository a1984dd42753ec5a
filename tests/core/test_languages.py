"""The five interface languages: each renders the main pages, the browser's
Accept-Language picks among them, the switch and the profile offer all five, and a
workflow text missing in a language falls back visibly to the workflow's first one."""

import re
import shutil
from pathlib import Path

import pytest
import yaml
from babel.dates import format_date
from click.testing import CliRunner
from flask.cli import ScriptInfo

from stedskaping.cli import workflow as workflow_cli
from stedskaping.engine.spec import Text
from tests.fixtures.factories import make_project, make_user
from tests.fixtures.forms import submit

WORKFLOWS = Path(__file__).resolve().parents[2] / "stedskaping" / "workflows"

# What a reader sees, per language: the front page's heading, the login page's link,
# a heading of the project page.
PAGES = {
    "nb": ("Skap stedet deres sammen", "Glemt passordet?", "Hvor prosjektet står"),
    "nn": ("Skap staden dykkar saman", "Gløymt passordet?", "Kvar prosjektet står"),
    "en": ("Build your place together", "Forgot your password?", "Where the project stands"),
    "sv": ("Skapa er plats tillsammans", "Glömt lösenordet?", "Var projektet står"),
    "fi": ("Rakentakaa paikkanne yhdessä", "Unohditko salasanasi?", "Projektin tilanne"),
}
NAMES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English", "sv": "Svenska",
         "fi": "Suomi"}


def _html(response) -> str:
    assert response.status_code == 200
    return response.get_data(as_text=True)


@pytest.mark.parametrize("lang", PAGES)
def test_front_page_and_login_in_each_language(client, lang):
    front, login, _ = PAGES[lang]
    html = _html(client.get(f"/?lang={lang}"))
    assert f'<html lang="{lang}">' in html
    assert front in html
    html = _html(client.get("/login"))  # the cookie keeps the choice
    assert f'<html lang="{lang}">' in html
    assert login in html


@pytest.mark.parametrize("lang", PAGES)
def test_project_page_in_each_language_with_dates_in_its_style(client, db, login_as, lang):
    user = make_user()
    project = make_project(initiator=user)
    camp = project.window("realisation")
    login_as(user)
    html = _html(client.get(f"/projects/{project.id}?lang={lang}"))
    assert f'<html lang="{lang}">' in html
    assert PAGES[lang][2] in html
    # English dates the British way (formats.FORMAT_LOCALES).
    assert format_date(camp.starts_on, "long", locale="en_GB" if lang == "en" else lang) in html
    if lang == "fi":
        assert "kuuta" in html  # Finnish month names, "4. tammikuuta"


@pytest.mark.parametrize(("header", "lang"), [
    ("nb", "nb"), ("no", "nb"), ("nb-NO", "nb"), ("no-NO,en;q=0.5", "nb"),
    ("nn", "nn"), ("nn-NO,nb;q=0.8", "nn"), ("en-GB,en;q=0.9", "en"),
    ("sv-SE", "sv"), ("sv-FI,fi;q=0.8", "sv"), ("fi-FI", "fi"), ("fi", "fi"),
    ("de-DE,sv;q=0.7,en;q=0.5", "sv"), ("de-DE", "nb"), ("", "nb"),
])
def test_browser_language_picks_among_the_five(client, header, lang):
    html = _html(client.get("/", headers={"Accept-Language": header}))
    assert f'<html lang="{lang}">' in html
    assert PAGES[lang][0] in html


def test_switch_offers_the_five_languages_each_in_its_own_name(client):
    html = _html(client.get("/?lang=nn"))
    switch = html[html.index('class="lang-nav"'):html.index("</nav>", html.index("lang-nav"))]
    assert f'<span aria-current="true" lang="nn">{NAMES["nn"]}</span>' in switch
    for code in ("nb", "en", "sv", "fi"):
        assert (f'<button type="submit" name="lang" value="{code}" lang="{code}" '
                f'class="link-button">{NAMES[code]}</button>') in switch
    assert switch.index("Norsk bokmål") < switch.index("Norsk nynorsk") < switch.index(
        "English") < switch.index("Svenska") < switch.index("Suomi")


@pytest.mark.parametrize("lang", ["nn", "sv", "fi"])
def test_switch_sets_the_cookie_for_visitors(client, db, lang):
    response = submit(client, "/language", {"lang": lang, "next": "/login"}, page="/login")
    assert response.headers["Location"] == "/login"
    assert client.get_cookie("lang").value == lang
    assert PAGES[lang][1] in _html(client.get("/login"))


@pytest.mark.parametrize("lang", ["nn", "sv", "fi"])
def test_switch_writes_the_profile(app, client, db, login_as, lang):
    user = make_user(locale="nb")
    login_as(user)
    submit(client, "/language", {"lang": lang, "next": "/account"}, page="/account")
    db.session.expire_all()
    assert user.locale == lang
    other = app.test_client()  # another browser, without the cookie
    other.set_cookie("session", client.get_cookie("session").value)
    assert f'<html lang="{lang}">' in _html(other.get("/account"))


def test_profile_offers_the_five_languages_and_saves_one(client, db, login_as):
    user = make_user(locale="nb")
    login_as(user)
    html = _html(client.get("/account"))
    select = html[html.index('name="locale"'):html.index("</select>", html.index('name="locale"'))]
    options = re.findall(r'<option lang="(\w+)"(?: selected)? value="\1">([^<]+)</option>',
                         select)
    assert options == list(NAMES.items()), select
    response = submit(client, "/account/profile", {"name": user.name, "locale": "fi"},
                      page="/account")
    assert response.status_code == 302
    db.session.expire_all()
    assert user.locale == "fi"
    assert "Oma tili" in _html(client.get("/account"))


def test_profile_refuses_a_language_not_offered(client, db, login_as):
    user = make_user(locale="nb")
    login_as(user)
    response = submit(client, "/account/profile", {"name": user.name, "locale": "da"},
                      page="/account")
    assert response.status_code == 400
    db.session.expire_all()
    assert user.locale == "nb"


# --- workflow texts: the shipped workflows have nb and en only -------------------------

def test_text_says_which_language_it_gives():
    text = Text({"nb": "Idé", "en": "Idea"})
    assert text.get_with_lang("en") == ("Idea", "en")
    assert text.get_with_lang("nn") == ("Idé", "nb")  # the workflow's first language
    assert text.get_with_lang(None) == ("Idé", "nb")
    assert text.get("sv") == "Idé"
    assert Text({"en": "Idea", "nb": " "}).get_with_lang("nb") == ("Idea", "en")
    assert Text({}).get_with_lang("nb") == ("", None)


def test_the_workflow_first_language_comes_first_whatever_the_file_order(tmp_path):
    from stedskaping import build_registry
    from stedskaping.engine.definition import load_folder

    data = yaml.safe_load((WORKFLOWS / "smaaprosjekt.yaml").read_text())
    data["languages"] = ["en", "nb"]  # the texts still give nb first
    (tmp_path / "small.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    workflow = load_folder(str(tmp_path), build_registry().guards)[0]
    assert workflow.title.get_with_lang("fi")[1] == "en"
    assert workflow.stages[0].title.get_with_lang("nb")[1] == "nb"


@pytest.mark.parametrize("lang", ["sv", "fi"])
def test_missing_workflow_texts_fall_back_visibly_in_bokmal(client, db, login_as, lang):
    # The small-project workflow gives nb, nn and en only.
    user = make_user()
    project = make_project(initiator=user, workflow_key="smaaprosjekt")
    login_as(user)
    html = _html(client.get(f"/projects/{project.id}/home?lang={lang}"))
    assert '<span lang="nb">Idé</span>' in html  # the stepper
    assert '<span lang="nb">Småprosjekt 3 + 2</span>' in html
    html = _html(client.get(f"/projects/{project.id}/stages/idea"))
    assert '<h1><span lang="nb">Idé</span></h1>' in html
    assert '<span lang="nb">Beskriv tiltaket</span>' in html
    html = _html(client.get(f"/projects/{project.id}/tasks/idea/describe_idea"))
    assert '<h1><span lang="nb">Beskriv tiltaket</span></h1>' in html
    assert re.search(r'<div lang="nb"><p>Hva vil dere lage', html)
    assert f'<html lang="{lang}">' in html


@pytest.mark.parametrize("lang", ["nb", "nn", "en", "sv", "fi"])
def test_workflow_texts_in_a_language_they_have_are_not_marked(client, db, login_as, lang):
    user = make_user()
    project = make_project(initiator=user)
    login_as(user)
    html = _html(client.get(f"/projects/{project.id}/tasks/idea/describe_idea?lang={lang}"))
    title = {"nb": "Beskriv idéen", "en": "Describe the idea", "nn": "Skildre idéen",
             "sv": "Beskriv idén", "fi": "Kuvailkaa idea"}[lang]
    assert f"<h1>{title}</h1>" in html
    assert 'lang="nb">' not in html.split("</header>", 1)[1]


def test_supervision_review_marks_the_fallback(client, db, login_as):
    from datetime import date, timedelta

    from stedskaping.projects import process
    from tests.fixtures.factories import complete_required_tasks, make_facilitator

    user = make_user()
    project = make_project(initiator=user, start_on=date.today() - timedelta(days=10),
                           workflow_key="smaaprosjekt")
    complete_required_tasks(project, user)
    process.advance(project, "submit_for_review", user)
    login_as(make_facilitator(project.municipality))
    html = _html(client.get(f"/supervision/projects/{project.id}?lang=sv"))
    assert "Arbetet i fasen ”<span lang=\"nb\">Idé</span>”" in html
    assert '<span lang="nb">Beskriv tiltaket</span>' in html


def test_workflow_check_warns_about_missing_languages_without_failing(app):
    result = CliRunner().invoke(workflow_cli, ["check"], obj=ScriptInfo(create_app=lambda: app))
    assert result.exit_code == 0, result.output
    for lang in ("sv", "fi"):
        assert f"warning  smaaprosjekt.yaml: no texts in '{lang}'" in result.output
    # The default workflow has every language, the small one nynorsk too; the frozen
    # version 1 files are not asked for languages they will never get.
    assert "stedskaping.yaml" not in result.output.split("warning", 1)[1]
    assert "-v1.yaml" not in result.output.split("warning", 1)[1]
    assert "'nn'" not in result.output and "'en'" not in result.output


def test_workflow_check_lists_each_text_a_language_lacks(tmp_path):
    data = yaml.safe_load((WORKFLOWS / "smaaprosjekt.yaml").read_text())
    data["title"]["sv"] = "Småprojekt"
    data["stages"]["idea"]["title"]["sv"] = "Idé"
    (tmp_path / "small.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False))
    shutil.copy(WORKFLOWS / "stedskaping.yaml", tmp_path)
    result = CliRunner().invoke(workflow_cli, ["check", "--folder", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "warning  small.yaml: 39 of 41 texts lack 'sv' (shown in 'nb'):" in result.output
    lines = result.output.splitlines()
    start = lines.index("warning  small.yaml: 39 of 41 texts lack 'sv' (shown in 'nb'):")
    listed = [line.strip() for line in lines[start + 1:start + 40]]
    assert "description" in listed and "stages.idea.tasks[0].guidance" in listed
    assert "title" not in listed and "stages.idea.title" not in listed
    assert "warning  small.yaml: no texts in 'fi'" in result.output
    assert "'nn'" not in result.output


@pytest.mark.parametrize(("lang", "subject", "greeting"), [
    ("nn", "Vel nytt passord", "Hei, Ola!"),
    ("sv", "Välj ett nytt lösenord", "Hej Ola!"),
    ("fi", "Vaihda salasanasi", "Hei Ola!"),
])
def test_e_mails_come_in_the_recipients_language(client, db, outbox, lang, subject, greeting):
    make_user(name="Ola", email="ola@example.no", locale=lang)
    submit(client, "/password/forgot?lang=en", {"email": "ola@example.no"})
    mail = outbox(kind="password_reset")[-1]
    assert mail.locale == lang
    assert mail.subject == subject
    assert mail.body_text.startswith(greeting)


def test_process_pages_mark_the_fallback(client):
    html = _html(client.get("/workflows/?lang=fi"))
    assert '<span lang="nb">Småprosjekt 3 + 2</span>' in html
    assert "Paikkakehitys 6 + 6" in html and '<span lang="nb">Stedskaping' not in html
    html = _html(client.get("/workflows/smaaprosjekt?lang=sv"))
    assert '<h2><span lang="nb">Idé</span></h2>' in html
    html = _html(client.get("/workflows/stedskaping?lang=nn"))
    assert "<h2>Medverknad</h2>" in html
    html = _html(client.get("/workflows/stedskaping?lang=en"))
    assert "<h2>Idea</h2>" in html
