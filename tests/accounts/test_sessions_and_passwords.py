import re
from datetime import timedelta

import sqlalchemy as sa
import time_machine

from stedskaping.accounts.models import User
from stedskaping.db import utcnow
from tests.fixtures.factories import PASSWORD, make_user
from tests.fixtures.forms import submit

NEW_PASSWORD = "trehytte-med-gynge-og-tau"


def _login(client, email):
    response = submit(client, "/login", {"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _session_cookie(client):
    return client.get_cookie("session").value


def _replay(app, cookie_value):
    """A second browser that presents a copied session cookie."""
    other = app.test_client()
    other.set_cookie("session", cookie_value)
    return other.get("/account")


def test_copied_cookie_is_refused_after_logout(app, client, db):
    make_user(email="ola@example.no")
    _login(client, "ola@example.no")
    copied = _session_cookie(client)
    assert _replay(app, copied).status_code == 200
    submit(client, "/logout", {}, page="/account")
    assert _replay(app, copied).status_code == 302  # sent to the login page


def test_password_change_signs_out_other_sessions_but_not_this_one(app, client, db, outbox):
    user = make_user(email="ola@example.no", name="Ola", locale="en")
    other_device = _login(app.test_client(), "ola@example.no")
    _login(client, "ola@example.no")
    copied = _session_cookie(client)
    response = submit(client, "/account/password", {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    }, page="/account")
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    assert other_device.get("/account").status_code == 302
    assert _replay(app, copied).status_code == 302
    mails = outbox(kind="password_changed")
    assert [m.recipient for m in mails] == ["ola@example.no"]
    assert mails[0].subject == "Your password was changed"
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash.startswith("$argon2id$")


def test_password_change_needs_current_password_and_a_good_new_one(client, db, login_as):
    user = make_user(email="ola@example.no")
    login_as(user)
    old_hash = user.password_hash
    response = submit(client, "/account/password?lang=en", {
        "current_password": "wrong-password-here", "new_password": NEW_PASSWORD,
        "confirm": NEW_PASSWORD,
    }, page="/account")
    assert response.status_code == 400
    assert "The current password is wrong." in response.get_data(as_text=True)
    response = submit(client, "/account/password?lang=en", {
        "current_password": PASSWORD, "new_password": "qwertyuiop123", "confirm": "qwertyuiop123",
    }, page="/account")
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == old_hash


def _reset_link(outbox):
    body = outbox(kind="password_reset")[-1].body_text
    return re.search(r"http://localhost(/password/reset/\S+)", body).group(1)


def test_password_reset_by_email_link(client, db, outbox):
    make_user(email="ola@example.no", locale="nb")
    response = submit(client, "/password/forgot", {"email": "ola@example.no"})
    assert response.status_code == 302
    [mail] = outbox(kind="password_reset")
    assert mail.subject == "Velg nytt passord"
    assert mail.sent_dt is not None  # delivered by the outbox transport after the commit
    link = _reset_link(outbox)
    response = submit(client, link, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    response = submit(client, "/login", {"email": "ola@example.no", "password": NEW_PASSWORD})
    assert response.status_code == 302
    # The link is used up once the password has changed.
    assert client.get(link + "?lang=en").status_code == 400
    assert "already been used" in client.get(link + "?lang=en").get_data(as_text=True)


def test_password_reset_link_expires(client, db, outbox):
    make_user(email="ola@example.no")
    submit(client, "/password/forgot", {"email": "ola@example.no"})
    link = _reset_link(outbox)
    with time_machine.travel(utcnow() + timedelta(hours=1, minutes=1)):
        response = client.get(link + "?lang=en")
    assert response.status_code == 400
    assert "This reset link has expired." in response.get_data(as_text=True)


def test_password_reset_for_unknown_address_reveals_nothing(client, db, outbox):
    response = submit(client, "/password/forgot", {"email": "nobody@example.no"})
    assert response.status_code == 302
    assert outbox() == []


def test_password_reset_with_a_tampered_token_is_refused(client, db):
    response = client.get("/password/reset/not-a-real-token?lang=en")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def test_change_email_tells_the_old_address(client, db, login_as, outbox):
    user = make_user(email="ola@example.no")
    make_user(email="taken@example.no")
    login_as(user)
    response = submit(client, "/account/email?lang=en",
                      {"email": "taken@example.no", "password": PASSWORD}, page="/account")
    assert response.status_code == 400
    assert "already exists" in response.get_data(as_text=True)
    response = submit(client, "/account/email",
                      {"email": "ola.ny@example.no", "password": PASSWORD}, page="/account")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "ola.ny@example.no"
    assert [m.recipient for m in outbox(kind="email_changed")] == ["ola@example.no"]


def test_change_language_in_profile(client, db, login_as):
    user = make_user(email="ola@example.no", locale="nb")
    login_as(user)
    response = submit(client, "/account/profile", {"name": "Ola N.", "locale": "en"},
                      page="/account")
    assert response.status_code == 302
    assert "My account" in client.get("/account").get_data(as_text=True)
    response = submit(client, "/account/profile", {"name": "Ola N.", "locale": "xx"},
                      page="/account")
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).locale == "en"


def test_login_is_rate_limited_per_email(app, db):
    make_user(email="ola@example.no")
    for n in range(5):
        # A new client each time: a fresh address is not enough to get past the e-mail limit.
        client = app.test_client()
        response = submit(client, "/login", {"email": "ola@example.no", "password": "wrong"},
                          environ_base={"REMOTE_ADDR": f"10.0.0.{n}"})
        assert response.status_code == 400
    client = app.test_client()
    response = submit(client, "/login", {"email": "ola@example.no", "password": PASSWORD},
                      environ_base={"REMOTE_ADDR": "10.0.0.99"})
    assert response.status_code == 429
    assert "For mange forsøk" in response.get_data(as_text=True)


def test_login_is_rate_limited_per_address(client, db):
    for n in range(5):
        response = submit(client, "/login", {"email": f"x{n}@example.no", "password": "wrong"})
        assert response.status_code == 400
    response = submit(client, "/login?lang=en", {"email": "new@example.no", "password": "x"})
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_password_reset_requests_are_rate_limited(client, db, outbox):
    make_user(email="ola@example.no")
    for _ in range(5):
        assert submit(client, "/password/forgot", {"email": "ola@example.no"}).status_code == 302
    assert submit(client, "/password/forgot", {"email": "ola@example.no"}).status_code == 429
    assert len(outbox(kind="password_reset")) == 5


def test_form_without_csrf_token_is_refused_and_changes_nothing(client, db):
    response = client.post("/register?lang=en", data={
        "name": "Kari", "email": "kari@example.no", "password": "blåbær-syltetøy-på-vaffel",
    })
    assert response.status_code == 400
    assert "did not come from this site" in response.get_data(as_text=True)
    response = client.post("/register", data={
        "csrf_token": "forged", "name": "Kari", "email": "kari@example.no",
        "password": "blåbær-syltetøy-på-vaffel",
    })
    assert response.status_code == 400
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_logout_needs_csrf_token(client, db, login_as):
    login_as(make_user())
    assert client.post("/logout").status_code == 400
    assert client.get("/account").status_code == 200
