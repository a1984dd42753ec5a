import sqlalchemy as sa

from stedskaping.accounts.models import AccountToken, User, UserSession
from tests.fixtures.factories import PASSWORD, make_user
from tests.fixtures.forms import submit, without_address

GOOD_PASSWORD = "blåbær-syltetøy-på-vaffel"


def _register(client, **data):
    fields = {"name": "Kari Nordmann", "email": "kari@example.no", "password": GOOD_PASSWORD}
    fields.update(data)
    return submit(client, "/register", fields)


def _user(db, email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def _confirm(client, mailbox, recipient="kari@example.no"):
    link = mailbox.link("confirm_email", recipient)
    assert link.startswith("/account/confirm/")
    return submit(client, link, {})


def test_register_mails_a_link_and_the_link_confirms_and_signs_in(client, db, mailbox):
    response = _register(client, email="  Kari@Example.NO ")
    assert response.status_code == 302
    page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert "We sent a link to kari@example.no" in page
    assert "You are logged in" not in client.get("/?lang=en").get_data(as_text=True)
    user = _user(db, "kari@example.no")
    assert user.email_confirmed_dt is None
    assert user.password_hash.startswith("$argon2id$")
    assert GOOD_PASSWORD not in user.password_hash

    link = mailbox.link("confirm_email", "kari@example.no")
    assert "Confirm kari@example.no" in client.get(link + "?lang=en").get_data(as_text=True)
    response = submit(client, link, {})
    assert response.status_code == 302
    assert "You are logged in as Kari Nordmann" in client.get("/?lang=en").get_data(as_text=True)
    db.session.expire_all()
    assert _user(db, "kari@example.no").email_confirmed_dt is not None
    # The link works once.
    response = client.get(link + "?lang=en")
    assert response.status_code == 400
    assert "already been used" in response.get_data(as_text=True)


def test_confirmation_token_is_stored_only_as_a_hash(client, db, mailbox):
    _register(client)
    token = mailbox.link("confirm_email").rsplit("/", 1)[1]
    row = db.session.scalar(sa.select(AccountToken))
    assert row.token_hash != token and token not in row.token_hash
    assert len(row.token_hash) == 64


def test_register_for_an_existing_address_looks_the_same_and_tells_the_owner(
        app, client, db, mailbox):
    make_user(email="kari@example.no", name="Kari Eier", locale="en")
    response = _register(client, email="KARI@example.no")
    assert response.status_code == 302
    existing_page = client.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)

    fresh = app.test_client()
    response = _register(fresh, email="ny@example.no")
    new_page = fresh.get(response.headers["Location"] + "?lang=en").get_data(as_text=True)
    assert (without_address(existing_page, "kari@example.no")
            == without_address(new_page, "ny@example.no"))
    notice = mailbox.last("registration_attempt", "kari@example.no")
    assert "You already have an account with it" in notice.body_text
    assert "/password/forgot" in notice.body_text
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    assert _user(db, "kari@example.no").name == "Kari Eier"  # nothing was overwritten


def test_register_accepts_a_64_character_passphrase(client, db):
    passphrase = "en lang setning om en benk i parken som naboene bygde sammen i mai"[:64]
    assert len(passphrase) == 64
    assert _register(client, password=passphrase).status_code == 302
    assert _user(db, "kari@example.no") is not None


def _refused(client, db, field_message, **data):
    response = _register(client, **data)
    assert response.status_code == 400
    assert field_message in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


def test_register_refuses_invalid_email(client, db):
    client.get("/?lang=en")
    _refused(client, db, "Enter a valid e-mail address", email="kari-at-example")


def test_register_refuses_short_password(client, db):
    client.get("/?lang=en")
    _refused(client, db, "Use at least 12 characters.", password="kort-pass1!")


def test_register_refuses_common_password(client, db):
    client.get("/?lang=en")
    _refused(client, db, "commonly used password", password="password1234")
    _refused(client, db, "too easy to guess", password="aaaaaaaaaaaaaaaa")


def test_register_refuses_password_with_own_name_or_email(client, db):
    client.get("/?lang=en")
    _refused(client, db, "must not contain your name", password="nordmann-og-sola-skinner")
    _refused(client, db, "must not contain your name", email="solsikke@example.no",
             password="min-solsikke-vokser-fort")


def test_register_is_rate_limited(app, db, outbox):
    for n in range(5):
        client = app.test_client()
        assert _register(client, email=f"k{n}@example.no").status_code == 302
    response = _register(app.test_client(), email="k9@example.no")
    assert response.status_code == 429
    assert len(outbox(kind="confirm_email")) == 5


def test_error_message_is_tied_to_its_field(client, db):
    response = _register(client, email="not-an-email")
    html = response.get_data(as_text=True)
    assert 'aria-describedby="email-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="email-error"' in html


def test_unconfirmed_account_cannot_log_in_and_may_ask_for_a_new_link(client, db, mailbox,
                                                                       outbox):
    _register(client)
    first_link = mailbox.link("confirm_email")
    response = submit(client, "/login?lang=en",
                      {"email": "kari@example.no", "password": GOOD_PASSWORD})
    assert response.status_code == 403
    html = response.get_data(as_text=True)
    assert "not confirmed yet" in html and "kari@example.no" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0

    response = submit(client, "/account/confirm/resend", {}, page="/login")
    assert response.status_code == 302
    assert len(outbox(kind="confirm_email")) == 2
    assert client.get(first_link).status_code == 400  # only the newest link works
    assert _confirm(client, mailbox).status_code == 302
    assert client.get("/account").status_code == 200


def test_asking_for_new_links_is_rate_limited(client, db, outbox):
    _register(client)
    submit(client, "/login", {"email": "kari@example.no", "password": GOOD_PASSWORD})
    for _ in range(3):
        assert submit(client, "/account/confirm/resend", {}, page="/login").status_code == 302
    assert submit(client, "/account/confirm/resend", {}, page="/login").status_code == 429
    assert len(outbox(kind="confirm_email")) == 4


def test_resend_without_a_login_attempt_is_refused(client, db):
    assert submit(client, "/account/confirm/resend", {}, page="/login").status_code == 400


def test_an_unconfirmed_accounts_session_does_not_count(client, db, login_as):
    login_as(make_user(email="ola@example.no", is_confirmed=False))
    assert client.get("/account").status_code == 302  # sent to the login page


def test_a_tampered_confirmation_link_is_refused(client, db):
    response = client.get("/account/confirm/not-a-real-token?lang=en")
    assert response.status_code == 400
    assert "This link is not valid." in response.get_data(as_text=True)
    assert client.post("/account/confirm/not-a-real-token").status_code == 400


def test_confirming_needs_a_post_with_csrf(client, db, mailbox):
    _register(client)
    link = mailbox.link("confirm_email")
    assert client.post(link).status_code == 400
    db.session.expire_all()
    assert _user(db, "kari@example.no").email_confirmed_dt is None


def test_login_and_logout(client, db):
    make_user(email="ola@example.no", name="Ola")
    response = submit(client, "/login", {"email": "ola@example.no", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get("/account").status_code == 200
    response = submit(client, "/logout", {}, page="/account")
    assert response.status_code == 302
    assert client.get("/account").status_code == 302  # back to the login page


def test_login_with_wrong_password_says_so_and_creates_no_session(client, db):
    make_user(email="ola@example.no")
    response = submit(client, "/login?lang=en", {"email": "ola@example.no", "password": "feil"})
    assert response.status_code == 400
    assert "Wrong e-mail address or password." in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UserSession)) == 0


def test_login_redirects_only_to_local_pages(client, db):
    make_user(email="ola@example.no")
    data = {"email": "ola@example.no", "password": PASSWORD}
    response = submit(client, "/login?next=https://evil.example/x", data)
    assert response.headers["Location"] == "/"
    for target in ("//evil.example/x", "/\\evil.example"):
        other = client.application.test_client()
        response = submit(other, "/login?next=" + target, data)
        assert response.headers["Location"] == "/"
    for target in ("/%0d%0aX:%20y", "/%00"):  # refused before the view, by the input guard
        other = client.application.test_client()
        response = other.post("/login?next=" + target, data=data)
        assert response.status_code == 400 and "Location" not in response.headers
    other = client.application.test_client()
    response = submit(other, "/login?next=/account", data)
    assert response.headers["Location"] == "/account"


def test_login_starts_a_new_session(client, db):
    make_user(email="ola@example.no")
    client.get("/login")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    submit(client, "/login", {"email": "ola@example.no", "password": PASSWORD})
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("sid")


def test_pages_that_need_login_send_visitors_to_login(client):
    response = client.get("/account")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login?next=")
