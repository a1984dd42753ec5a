import sqlalchemy as sa

from stedskaping.accounts.models import User
from stedskaping.demo import ACCOUNTS, PASSWORD, PROJECTS
from stedskaping.learning.demo import COMPLETED
from stedskaping.learning.lineage.demo import COPY_TITLE
from stedskaping.municipalities.models import Municipality
from stedskaping.projects.models import Project
from tests.fixtures.forms import submit


def test_seed_demo_creates_the_accounts_and_can_run_twice(app, db, client):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed", "demo"])
    assert first.exit_code == 0, first.output
    for _role, email, _name in ACCOUNTS:
        assert email in first.output
    assert "demo-password-2026" in first.output
    assert runner.invoke(args=["seed", "demo"]).exit_code == 0
    # The demo logins, and the five neighbours who voted in the concept vote.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 11
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Municipality)) == 1
    states = db.session.execute(sa.select(Project.title, Project.state)).all()
    # The learning demo's completed projects, and the one started like the first of them.
    assert len(states) == len(PROJECTS) + len(COMPLETED) + 1
    assert (COPY_TITLE, "idea") in states
    assert {state for _title, state in states} >= {
        "idea", "review", "mobilisation", "crowdfunding", "planning", "completed"}
    demo = db.session.scalar(sa.select(Municipality))
    facilitator = db.session.scalar(
        sa.select(User).where(User.email == "facilitator@demo.stedskaping.no"))
    assert facilitator.facilitated_municipality_ids() == {demo.id}
    for _role, email, _name in ACCOUNTS:
        fresh = app.test_client()
        response = submit(fresh, "/login", {"email": email, "password": PASSWORD})
        assert response.status_code == 302, email
    admin = app.test_client()
    submit(admin, "/login", {"email": "admin@demo.stedskaping.no", "password": PASSWORD})
    assert admin.get("/admin/municipalities/").status_code == 200


def test_create_admin(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create-admin", "--name", "Siri Admin", "--email", "siri@example.no"],
        input="bjørkeskog-i-solnedgang\nbjørkeskog-i-solnedgang\n",
    )
    assert result.exit_code == 0, result.output
    user = db.session.scalar(sa.select(User).where(User.email == "siri@example.no"))
    assert user.is_admin and user.is_confirmed  # the server's operator vouches for it
    response = submit(app.test_client(), "/login", {"email": "siri@example.no",
                                                    "password": "bjørkeskog-i-solnedgang"})
    assert response.status_code == 302


def test_create_admin_refuses_a_weak_password(app, db):
    runner = app.test_cli_runner()
    result = runner.invoke(
        args=["users", "create-admin", "--name", "Siri", "--email", "siri@example.no",
              "--password", "short"],
    )
    assert result.exit_code != 0
    assert "Bruk minst 12 tegn." in result.output
    assert db.session.scalar(sa.select(User).where(User.email == "siri@example.no")) is None
