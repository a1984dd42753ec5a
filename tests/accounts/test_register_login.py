import sqlalchemy as sa

from stedskaping.accounts.models import User, UserSession
from tests.fixtures.factories import PASSWORD, make_user
from tests.fixtures.forms import submit

GOOD_PASSWORD = "blåbær-syltetøy-på-vaffel"


def _register(client, **data):
    fields = {"name": "Kari Nordmann", "email": "kari@example.no", "password": GOOD_PASSWORD}
    fields.update(data)
    return submit(client, "/register", fields)


def _user(db, email):
    return db.session.scalar(sa.select(User).where(User.email == email))


def test_register_creates_account_signs_in_and_hashes_password(client, db):
    response = _register(client, email="  Kari@Example.NO ")
    assert response.status_code == 302
    page = client.get("/?lang=en").get_data(as_text=True)
    assert "You are logged in as Kari Nordmann" in page
    user = _user(db, "kari@example.no")
    assert user.password_hash.startswith("$argon2id$")
    assert GOOD_PASSWORD not in user.password_hash


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


def test_register_refuses_taken_email_in_norwegian(client, db):
    make_user(email="kari@example.no")
    response = _register(client, email="KARI@example.no")
    assert response.status_code == 400
    assert "Det finnes allerede en konto med denne e-postadressen." in response.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 1


def test_error_message_is_tied_to_its_field(client, db):
    response = _register(client, email="not-an-email")
    html = response.get_data(as_text=True)
    assert 'aria-describedby="email-error"' in html
    assert 'aria-invalid="true"' in html
    assert 'id="email-error"' in html


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
