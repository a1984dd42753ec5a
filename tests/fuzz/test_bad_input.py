"""Each cause of a 500 the fuzz test found, answered with a message and nothing changed."""

import sqlalchemy as sa

from tests.fixtures.factories import (
    make_project,
    make_user,
)
from tests.fixtures.forms import submit


def _count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def _task_url(project) -> str:
    return f"/projects/{project.id}/tasks/idea/describe_idea"


# --- an action this role or state does not offer: the refusal's message, not a 500 ---

def test_an_action_the_role_is_not_offered_answers_with_its_message(client, db, login_as):
    project = make_project()
    login_as(make_user(is_admin=True))  # admins pass the access rule, but are not members
    page = f"/projects/{project.id}/team"
    response = submit(client, page + "/visibility?lang=en", {"is_name_public": "y"},
                      page=page)
    assert response.status_code == 409
    assert "You are not in the team." in response.get_data(as_text=True)
