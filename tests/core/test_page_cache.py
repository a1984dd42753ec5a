"""The page cache: a page is rendered once per generation of the data, served to the same
kind of viewer until a write changes what it could show, and never to anyone the access
checks keep out."""

from __future__ import annotations

import re

import sqlalchemy as sa
import time_machine

from stedskaping import cache as page_cache
from stedskaping.db import commit, db
from stedskaping.notifications.models import Notification
from stedskaping.projects.models import Project
from tests.fixtures.factories import add_member, make_project, make_user
from tests.fixtures.forms import csrf_token


def _generation() -> int:
    return db.session.scalar(sa.text("SELECT value FROM cache_generation"))


def _cache(response) -> str | None:
    return response.headers.get("X-Page-Cache")


def test_a_public_page_is_rendered_once_and_served_again(client, db):
    project = make_project(title="Benken ved bekken")
    first = client.get(f"/projects/{project.id}")
    second = client.get(f"/projects/{project.id}")
    assert (_cache(first), _cache(second)) == ("miss", "hit")
    assert second.status_code == 200
    assert "Benken ved bekken" in second.get_data(as_text=True)


def test_a_committed_change_is_shown_at_once(client, db):
    project = make_project(title="Benken ved bekken")
    client.get(f"/projects/{project.id}")
    project.title = "Benken ved dammen"
    commit()
    page = client.get(f"/projects/{project.id}")
    assert _cache(page) == "miss"
    assert "Benken ved dammen" in page.get_data(as_text=True)


def test_a_bulk_update_raises_the_generation_too(client, db):
    project = make_project(title="Benken ved bekken")
    client.get(f"/projects/{project.id}")
    before = _generation()
    db.session.execute(sa.update(Project).where(Project.id == project.id)
                       .values(title="Gapahuken"))
    commit()
    assert _generation() == before + 1
    assert "Gapahuken" in client.get(f"/projects/{project.id}").get_data(as_text=True)


def test_reading_and_signing_in_leave_the_generation_alone(client, db, login_as):
    user = make_user()
    commit()
    before = _generation()
    login_as(user)  # a session row
    db.session.add(Notification(key="test-1", user_id=user.id, kind="test", title="Hei", body=""))
    commit()
    assert _generation() == before


def test_a_rolled_back_write_raises_nothing(db):
    make_project()
    commit()
    before = _generation()
    make_project(title="Angret")
    db.session.rollback()
    commit()
    assert _generation() == before


def test_each_reader_gets_a_csrf_token_of_their_own_session(app, db):
    from tests.fixtures.factories import make_municipality

    make_municipality()
    commit()
    first, second = app.test_client(), app.test_client()
    page = "/projects/"
    assert _cache(first.get(page)) == "miss"
    hit = second.get(page)
    assert _cache(hit) == "hit"
    tokens = {csrf_token(first, page), csrf_token(second, page)}
    assert len(tokens) == 2
    assert "page-cache-csrf" not in hit.get_data(as_text=True)
    # The token served from the cache is the second reader's: a form posted with it works
    # (the language choice, a form every page has).
    answer = second.post("/language", data={"csrf_token": csrf_token(second, page),
                                            "lang": "en", "next": page})
    assert answer.status_code in (302, 303)


def test_a_team_members_page_is_their_own(client, db, login_as):
    initiator = make_user(name="Ingrid Initiativ")
    project = make_project(initiator=initiator)
    member = add_member(project, make_user(name="Tor Teammedlem"))
    commit()
    login_as(initiator)
    client.get(f"/projects/{project.id}/home")
    assert _cache(client.get(f"/projects/{project.id}/home")) == "hit"
    login_as(member)
    page = client.get(f"/projects/{project.id}/home")
    assert _cache(page) == "miss"  # another viewer: another page


def test_a_signed_in_hit_costs_one_query_and_never_loads_the_account(client, db, login_as,
                                                                    count_queries):
    initiator = make_user(name="Ingrid Initiativ", locale="en")
    project = make_project(initiator=initiator)
    commit()
    login_as(initiator)
    client.get(f"/projects/{project.id}/home")
    with count_queries() as queries:
        page = client.get(f"/projects/{project.id}/home")
    assert _cache(page) == "hit"
    assert re.search(r'<html[^>]*lang="en"', page.get_data(as_text=True))  # the profile's
    reads = [q for q in queries if q.lstrip().upper().startswith("SELECT")]
    assert len(reads) == 1, reads  # the session's check, with the generation
    assert "password_hash" not in reads[0]  # the account is not loaded for a stored page


def test_a_revoked_session_is_served_the_visitors_page(client, db, login_as):
    initiator = make_user()
    project = make_project(initiator=initiator, title="Benken ved bekken")
    commit()
    login_as(initiator)
    assert _cache(client.get(f"/projects/{project.id}")) == "miss"
    db.session.execute(sa.text("UPDATE user_session SET revoked_dt = CURRENT_TIMESTAMP"))
    commit()
    page = client.get(f"/projects/{project.id}")
    assert page.status_code == 200
    assert "/logout" not in page.get_data(as_text=True)  # shown signed out
    assert client.get(f"/projects/{project.id}/home").status_code == 302  # to the login


def test_access_is_checked_before_a_stored_page_is_served(app, client, db, login_as):
    initiator = make_user()
    project = make_project(initiator=initiator)
    stranger = make_user()
    commit()
    login_as(initiator)
    assert client.get(f"/projects/{project.id}/home").status_code == 200
    login_as(stranger)
    assert client.get(f"/projects/{project.id}/home").status_code == 403
    anonymous = app.test_client().get(f"/projects/{project.id}/home")
    assert anonymous.status_code == 302 and "/login" in anonymous.location


def test_a_removed_member_is_refused_at_once(client, db, login_as):
    from stedskaping.projects.models import ProjectMember

    project = make_project()
    member = add_member(project, make_user())
    commit()
    login_as(member)
    assert client.get(f"/projects/{project.id}/home").status_code == 200
    db.session.execute(sa.delete(ProjectMember).where(ProjectMember.user_id == member.id))
    commit()
    assert client.get(f"/projects/{project.id}/home").status_code == 403


def test_a_new_notice_changes_the_menu_of_a_stored_page(client, db, login_as):
    initiator = make_user()
    project = make_project(initiator=initiator)
    commit()
    login_as(initiator)
    client.get(f"/projects/{project.id}/home")
    db.session.add(Notification(key="test-2", user_id=initiator.id, kind="test", title="Hei",
                                 body=""))
    commit()
    page = client.get(f"/projects/{project.id}/home")
    assert _cache(page) == "miss"


def test_flashed_messages_are_shown_not_stored(client, db):
    project = make_project()
    commit()
    client.get(f"/projects/{project.id}")
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Takk for støtten!")]
    page = client.get(f"/projects/{project.id}")
    assert _cache(page) is None
    assert "Takk for støtten!" in page.get_data(as_text=True)
    assert "Takk for støtten!" not in client.get(f"/projects/{project.id}").get_data(
        as_text=True)


def test_a_new_day_renders_again(client, db):
    project = make_project()
    commit()
    client.get(f"/projects/{project.id}")
    with time_machine.travel("2026-12-02 09:00Z"):
        assert _cache(client.get(f"/projects/{project.id}")) == "miss"


def test_each_language_has_its_own_page(client, db):
    project = make_project()
    commit()
    norwegian = client.get(f"/projects/{project.id}?lang=nb")
    english = client.get(f"/projects/{project.id}?lang=en")
    assert _cache(english) == "miss"
    assert re.search(r'<html[^>]*lang="en"', english.get_data(as_text=True))
    assert re.search(r'<html[^>]*lang="nb"', norwegian.get_data(as_text=True))


def test_errors_are_not_stored(client, db):
    assert _cache(client.get("/projects/999999")) is None
    assert client.get("/projects/999999").status_code == 404


def test_turned_off_nothing_is_stored(app, client, db):
    project = make_project()
    commit()
    app.config["PAGE_CACHE"] = False
    try:
        client.get(f"/projects/{project.id}")
        assert _cache(client.get(f"/projects/{project.id}")) is None
    finally:
        app.config["PAGE_CACHE"] = True


def test_made_up_query_parameters_are_served_but_not_stored(client, db):
    """Found walking the cache: /?x=1, /?x=2, ... would each be a new entry, pushing the
    real pages out of a worker's store."""
    project = make_project()
    commit()
    for n in range(3):
        page = client.get(f"/projects/{project.id}?x={n}")
        assert page.status_code == 200 and _cache(page) is None
    assert _cache(client.get("/projects/?q=park&page=1")) == "miss"  # what the list reads


def test_the_key_of_a_path_is_of_fixed_length(app, client, db):
    """A long or odd address is hashed into the key (Redis and memcached limit keys)."""
    page = client.get("/projects/?q=" + "å" * 3000)
    assert page.status_code == 200
    keys = list(page_cache.cache.cache._cache)
    assert keys and all(len(key) < 200 for key in keys)


def test_after_a_restore_no_page_stored_since_is_served(app, client, db):
    """A restore puts the counter back to the backup's value: `flask page-cache reset`
    moves it past every value used since."""
    project = make_project(title="Benken ved bekken")
    commit()
    backup = _generation()
    client.get(f"/projects/{project.id}")
    project.title = "Benken ved dammen"
    commit()
    client.get(f"/projects/{project.id}")  # stored at backup + 1
    db.session.execute(sa.text("UPDATE cache_generation SET value = :v"), {"v": backup})
    project.title = "Benken ved bekken"
    commit()  # the restored data (and the counter at backup + 1 again)
    result = app.test_cli_runner().invoke(args=["page-cache", "reset"])
    assert result.exit_code == 0, result.output
    assert _generation() > backup + 1_000_000
    assert "Benken ved bekken" in client.get(f"/projects/{project.id}").get_data(as_text=True)


def _worker(app, **config):
    """Another app on the same database, as another gunicorn worker would be."""
    from stedskaping import create_app
    from tests.conftest import TEST_CONFIG

    other = create_app({**TEST_CONFIG,
                        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
                        **config})
    other.test_client_class = app.test_client_class
    return other


def test_workers_share_pages_in_redis_and_forget_them_together(app, db):
    import secrets

    import redis

    url, prefix = "redis://127.0.0.1:6379/0", f"test-page-{secrets.token_hex(4)}:"
    shared = {"PAGE_CACHE_TYPE": "RedisCache", "PAGE_CACHE_REDIS_URL": url,
              "PAGE_CACHE_KEY_PREFIX": prefix}
    first, second = _worker(app, **shared), _worker(app, **shared)
    project = make_project(title="Benken ved bekken")
    commit()
    for worker in (first, second):  # an app's first project page notes the workflow versions
        worker.test_client().get(f"/projects/{project.id}?warm-up")
    try:
        assert _cache(first.test_client().get(f"/projects/{project.id}")) == "miss"
        assert _cache(second.test_client().get(f"/projects/{project.id}")) == "hit"
        assert redis.Redis.from_url(url).keys(f"{prefix}*")
        project.title = "Benken ved dammen"
        commit()
        page = second.test_client().get(f"/projects/{project.id}")
        assert _cache(page) == "miss" and "Benken ved dammen" in page.get_data(as_text=True)
    finally:
        client = redis.Redis.from_url(url)
        for key in client.keys(f"{prefix}*"):
            client.delete(key)


def test_with_the_store_away_pages_are_rendered_as_usual(app, db, caplog):
    away = _worker(app, PAGE_CACHE_TYPE="RedisCache",
                   PAGE_CACHE_REDIS_URL="redis://127.0.0.1:1/0")
    project = make_project(title="Benken ved bekken")
    commit()
    for _ in range(2):
        page = away.test_client().get(f"/projects/{project.id}")
        assert page.status_code == 200 and "Benken ved bekken" in page.get_data(as_text=True)
        assert _cache(page) == "miss"  # rendered, and the store could not keep it
    assert "page cache: get failed" in caplog.text


def test_text_a_user_wrote_is_served_as_written_from_the_cache(app, db):
    """Found walking the cache: the stored page once marked the CSRF token's place with a
    fixed string, and text a user wrote could hold it (every reader then saw their own
    token inside someone else's text). Now the renderer's own token is replaced."""
    import re

    token_field = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
    project = make_project()
    project.description = "Les mer: https://evil.example/?t=\x1epage-cache-csrf\x1ex"
    commit()
    page = f"/projects/{project.id}"
    miss, hit = app.test_client().get(page), app.test_client().get(page)
    assert (_cache(miss), _cache(hit)) == ("miss", "hit")

    def without_forms(html):
        return re.sub(r"<form.*?</form>", "", html, flags=re.S)

    token = token_field.search(hit.get_data(as_text=True)).group(1)
    assert token not in without_forms(hit.get_data(as_text=True))
    assert without_forms(miss.get_data(as_text=True)) == without_forms(
        hit.get_data(as_text=True))
