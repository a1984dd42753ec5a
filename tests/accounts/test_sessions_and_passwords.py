import hashlib
import logging
import re
from datetime import timedelta

import sqlalchemy as sa
import time_machine

from stedskaping.accounts.models import AccountToken, User
from stedskaping.accounts.operations import request_password_reset
from stedskaping.db import utcnow
from stedskaping.notifications.models import OutboxMessage
from tests.fixtures.factories import PASSWORD, make_user
from tests.fixtures.forms import submit, without_address

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


def _reset_link(mailbox):
    link = mailbox.link("password_reset")
    assert link.startswith("/password/reset/")
    return link


def test_password_reset_by_email_link(client, db, outbox, mailbox):
    make_user(email="ola@example.no", locale="nb")
    response = submit(client, "/password/forgot", {"email": "ola@example.no"})
    assert response.status_code == 302
    [mail] = outbox(kind="password_reset")
    assert mail.subject == "Velg nytt passord"
    assert mail.sent_dt is not None  # delivered by the outbox transport after the commit
    link = _reset_link(mailbox)
    response = submit(client, link, {"new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    response = submit(client, "/login", {"email": "ola@example.no", "password": NEW_PASSWORD})
    assert response.status_code == 302
    # The link works once.
    assert client.get(link + "?lang=en").status_code == 400
    assert "already been used" in client.get(link + "?lang=en").get_data(as_text=True)


def test_reset_link_stops_working_when_the_password_changes_otherwise(client, db, login_as,
                                                                      mailbox):
    user = make_user(email="ola@example.no")
    submit(client, "/password/forgot", {"email": "ola@example.no"})
    link = _reset_link(mailbox)
    login_as(user)
    submit(client, "/account/password", {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    }, page="/account")
    assert "already been used" in client.get(link + "?lang=en").get_data(as_text=True)


def test_reset_tokens_are_stored_only_as_hashes_and_hidden_from_the_outbox(
        client, db, login_as, outbox, mailbox):
    make_user(email="ola@example.no")
    submit(client, "/password/forgot", {"email": "ola@example.no"})
    token = _reset_link(mailbox).rsplit("/", 1)[1]
    row = db.session.scalar(sa.select(AccountToken).where(AccountToken.purpose ==
                                                          "reset_password"))
    assert row.token_hash == hashlib.sha256(token.encode()).hexdigest()
    [mail] = outbox(kind="password_reset")
    assert token not in mail.body_text  # scrubbed once delivered
    assert "/password/reset/•••" in mail.body_text
    login_as(make_user(is_admin=True))
    html = client.get("/admin/outbox").get_data(as_text=True)
    assert "/password/reset/•••" in html and token not in html


def test_outbox_hides_the_token_of_a_message_not_yet_delivered(client, db, login_as):
    user = make_user(email="ola@example.no")
    request_password_reset(user.email, "en")  # queued: delivery waits for the commit
    [mail] = db.session.scalars(sa.select(OutboxMessage)).all()
    assert mail.sent_dt is None and "/password/reset/•••" not in mail.body_text
    login_as(make_user(is_admin=True))
    html = client.get("/admin/outbox").get_data(as_text=True)
    assert "/password/reset/•••" in html
    token = re.search(r"/password/reset/(\S+)", mail.body_text).group(1)
    assert token not in html


def test_log_transport_prints_the_full_link_for_developers(client, db, caplog, mailbox):
    make_user(email="ola@example.no")
    with caplog.at_level(logging.INFO, logger="stedskaping.mail"):
        submit(client, "/password/forgot", {"email": "ola@example.no"})
    assert _reset_link(mailbox) in caplog.text


def test_password_reset_link_expires(client, db, mailbox):
    make_user(email="ola@example.no")
    submit(client, "/password/forgot", {"email": "ola@example.no"})
    link = _reset_link(mailbox)
    with time_machine.travel(utcnow() + timedelta(hours=1, minutes=1)):
        response = client.get(link + "?lang=en")
    assert response.status_code == 400
    assert "This link has expired." in response.get_data(as_text=True)


def test_password_reset_answers_the_same_for_an_unknown_address(client, db, outbox):
    make_user(email="ola@example.no")
    known = submit(client, "/password/forgot?lang=en", {"email": "ola@example.no"})
    known_page = client.get(known.headers["Location"]).get_data(as_text=True)
    unknown = submit(client, "/password/forgot?lang=en", {"email": "nobody@example.no"})
    unknown_page = client.get(unknown.headers["Location"]).get_data(as_text=True)
    assert known.status_code == unknown.status_code == 302
    assert without_address(known_page, "ola@") == without_address(unknown_page, "nobody@")
    [notice] = outbox(kind="password_reset_no_account")
    assert notice.recipient == "nobody@example.no"
    assert "no account uses this address" in notice.body_text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AccountToken)) == 1


def test_password_reset_confirms_an_unconfirmed_address(client, db, mailbox):
    user = make_user(email="ola@example.no", is_confirmed=False)
    submit(client, "/password/forgot", {"email": "ola@example.no"})
    submit(client, _reset_link(mailbox), {"new_password": NEW_PASSWORD,
                                          "confirm": NEW_PASSWORD})
    db.session.expire_all()
    assert db.session.get(User, user.id).email_confirmed_dt is not None


def test_password_reset_with_a_tampered_token_is_refused(client, db):
    response = client.get("/password/reset/not-a-real-token?lang=en")
    assert response.status_code == 400
    assert "not valid" in response.get_data(as_text=True)


def _change_email(client, email, password=PASSWORD, lang="en"):
    return submit(client, f"/account/email?lang={lang}", {"email": email, "password": password},
                  page="/account")


def test_change_email_applies_only_when_the_link_to_the_new_address_is_opened(
        client, db, login_as, outbox, mailbox):
    user = make_user(email="ola@example.no")
    login_as(user)
    response = _change_email(client, "Ola.Ny@example.no")
    assert response.status_code == 302
    page = client.get("/account?lang=en").get_data(as_text=True)
    assert "We sent a link to ola.ny@example.no" in page
    assert "Waiting for confirmation: ola.ny@example.no" in page
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "ola@example.no"  # until the link is opened
    link = mailbox.link("change_email", "ola.ny@example.no")
    assert outbox(kind="email_changed") == []
    assert submit(client, link, {}).status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "ola.ny@example.no"
    assert [m.recipient for m in outbox(kind="email_changed")] == ["ola@example.no"]
    assert client.get(link).status_code == 400  # once


def test_change_email_needs_the_password(client, db, login_as, outbox):
    login_as(make_user(email="ola@example.no"))
    response = _change_email(client, "ola.ny@example.no", password="feil-passord-her")
    assert response.status_code == 400
    assert "The password is wrong." in response.get_data(as_text=True)
    assert outbox() == []


def test_change_email_to_a_taken_address_looks_the_same_and_tells_its_owner(
        client, db, login_as, outbox):
    user = make_user(email="ola@example.no")
    make_user(email="taken@example.no")
    login_as(user)
    response = _change_email(client, "taken@example.no")
    assert response.status_code == 302
    assert "We sent a link to taken@example.no" in client.get("/account?lang=en").get_data(
        as_text=True)
    assert [m.recipient for m in outbox(kind="email_taken")] == ["taken@example.no"]
    assert outbox(kind="change_email") == []
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "ola@example.no"


def test_change_email_link_fails_if_the_address_was_taken_meanwhile(client, db, login_as,
                                                                    mailbox):
    user = make_user(email="ola@example.no")
    login_as(user)
    _change_email(client, "ny@example.no")
    link = mailbox.link("change_email")
    make_user(email="ny@example.no")
    response = submit(client, link + "?lang=en", {}, page=link)
    assert response.status_code == 400
    assert "Another account has this e-mail address now" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).email == "ola@example.no"


def test_change_email_and_password_forms_are_rate_limited(client, db, login_as):
    login_as(make_user(email="ola@example.no"))
    for _ in range(5):
        assert _change_email(client, "x@example.no", password="feil-passord").status_code == 400
    assert _change_email(client, "x@example.no").status_code == 429
    response = submit(client, "/account/password", {
        "current_password": "feil", "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    }, page="/account")
    assert response.status_code == 400  # its own budget
    for _ in range(4):
        submit(client, "/account/password", {"current_password": "feil"}, page="/account")
    response = submit(client, "/account/password", {
        "current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm": NEW_PASSWORD,
    }, page="/account")
    assert response.status_code == 429


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


WRONG = "wrong-password"  # noqa: S105


def _try_login(app, email, password=WRONG, address="10.0.0.1"):
    return submit(app.test_client(), "/login?lang=en", {"email": email, "password": password},
                  environ_base={"REMOTE_ADDR": address})


def test_failed_logins_from_one_address_do_not_lock_the_owner_out_elsewhere(app, db):
    make_user(email="ola@example.no")
    for _ in range(5):
        assert _try_login(app, "ola@example.no", address="10.6.6.6").status_code == 400
    assert _try_login(app, "ola@example.no", address="10.6.6.6").status_code == 429
    # The owner, at home, still gets in; so do others from the attacker's address.
    assert _try_login(app, "ola@example.no", PASSWORD, address="10.0.0.2").status_code == 302
    assert _try_login(app, "kari@example.no", address="10.6.6.6").status_code == 400


def test_successful_logins_are_not_counted(app, db):
    make_user(email="ola@example.no")
    for _ in range(8):
        assert _try_login(app, "ola@example.no", PASSWORD).status_code == 302


def test_login_is_rate_limited_per_address(app, db):
    for n in range(20):
        assert _try_login(app, f"x{n}@example.no", address="10.0.0.7").status_code == 400
    response = _try_login(app, "new@example.no", "x", address="10.0.0.7")
    assert response.status_code == 429
    assert "Too many attempts" in response.get_data(as_text=True)


def test_login_has_a_slower_limit_per_email_from_anywhere(app, db):
    make_user(email="ola@example.no")
    for n in range(50):
        assert _try_login(app, "ola@example.no", address=f"10.1.{n}.1").status_code == 400
    response = _try_login(app, "ola@example.no", PASSWORD, address="10.2.0.1")
    assert response.status_code == 429
    assert "For mange forsøk" in submit(
        app.test_client(), "/login", {"email": "ola@example.no", "password": PASSWORD},
        environ_base={"REMOTE_ADDR": "10.3.0.1"}).get_data(as_text=True)


def test_login_limits_are_settings(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "LOGIN_RATE_LIMIT_PER_EMAIL_AND_ADDRESS", "2 per minute")
    assert _try_login(app, "ola@example.no").status_code == 400
    assert _try_login(app, "ola@example.no").status_code == 400
    assert _try_login(app, "ola@example.no").status_code == 429


def test_login_for_an_unknown_address_costs_a_password_check(app, db, monkeypatch):
    from stedskaping.accounts import passwords

    checks = []
    real = passwords.verify_password
    monkeypatch.setattr(passwords, "verify_password",
                        lambda h, p: checks.append(h) or real(h, p))
    make_user(email="ola@example.no")
    known = _try_login(app, "ola@example.no")
    unknown = _try_login(app, "nobody@example.no")
    assert len(checks) == 2 and all(h.startswith("$argon2id$") for h in checks)
    assert known.status_code == unknown.status_code == 400
    assert (without_address(known.get_data(as_text=True), "ola@")
            == without_address(unknown.get_data(as_text=True), "nobody@"))


def test_password_reset_requests_are_rate_limited(client, db, outbox):
    make_user(email="ola@example.no")
    for _ in range(5):
        assert submit(client, "/password/forgot", {"email": "ola@example.no"}).status_code == 302
    assert submit(client, "/password/forgot", {"email": "ola@example.no"}).status_code == 429
    assert len(outbox(kind="password_reset")) == 5
    # Per e-mail address too, whatever the client address.
    other = client.application.test_client()
    response = submit(other, "/password/forgot", {"email": "ola@example.no"},
                      environ_base={"REMOTE_ADDR": "10.9.9.9"})
    assert response.status_code == 429


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


def test_a_session_cookie_with_an_odd_user_or_token_is_signed_out_never_an_error(
        client, db, login_as):
    """Cookies are signed, but what they hold is checked as if it were not: any value the
    login does not write counts as signed out, on every page, and spoils no one's
    stored pages."""
    user = make_user(name="Berit Bidrag")
    login_as(user)
    with client.session_transaction() as session:
        token = session["sid"]
    odd = [
        {"_user_id": "²", "sid": token},  # a digit to str.isdigit, not to int()
        {"_user_id": "\u0664", "sid": token},  # Arabic-Indic four: int() reads it
        {"_user_id": f"0{user.id}", "sid": token},  # a leading zero
        {"_user_id": str(user.id), "sid": "\udfff"},  # a lone surrogate
        {"_user_id": str(user.id), "sid": "é" + token},
    ]
    for values in odd:
        with client.session_transaction() as session:
            session.clear()
            session.update(values)
        for path in ("/", "/login", "/projects/", "/healthz"):
            response = client.get(path)
            assert response.status_code == 200, (values, path)
            assert "Berit Bidrag" not in response.get_data(as_text=True)
        assert client.get("/account").status_code == 302  # to the login page
    login_as(user)  # the real cookie: signed in, and its pages are its own
    page = client.get("/projects/")
    assert "/logout" in page.get_data(as_text=True)
