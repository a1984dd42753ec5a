"""Gate reviews, re-planning, pause and cancel, notes and comments."""

import re
from datetime import date, timedelta
from html.parser import HTMLParser

import pytest
import sqlalchemy as sa

from stedskaping.projects import process
from stedskaping.projects.models import CampDateRequest, Project, StateTransition
from tests.fixtures.factories import (
    add_member,
    complete_required_tasks,
    make_facilitator,
    make_municipality,
    make_project,
    make_user,
)
from tests.fixtures.forms import submit


@pytest.fixture
def in_review(db):
    municipality = make_municipality()
    initiator = make_user(name="Ivar", email="ivar@example.no", locale="en")
    project = make_project(municipality=municipality, initiator=initiator,
                           start_on=date.today() - timedelta(days=10))
    member = add_member(project, make_user(name="Mona", email="mona@example.no", locale="nb"))
    complete_required_tasks(project, initiator)
    process.advance(project, "submit_for_review", initiator)
    facilitator = make_facilitator(municipality, name="Frida")
    return {"project": project, "initiator": initiator, "member": member,
            "facilitator": facilitator}


def _review_url(project):
    return f"/supervision/projects/{project.id}"


def test_facilitator_reads_deliverables_and_approves(client, db, login_as, in_review, outbox):
    project = in_review["project"]
    login_as(in_review["facilitator"])
    page = client.get(_review_url(project) + "?lang=en").get_data(as_text=True)
    assert "The work of the stage “Idea”" in page
    assert "Et lengre svar om prosjektet." in page  # the idea's text, as the team wrote it
    assert "Approve the start" in page and "Return with advice" in page
    queue = client.get("/supervision/reviews?lang=en").get_data(as_text=True)
    assert project.title in queue

    response = submit(client, f"{_review_url(project)}/decide/approve_idea",
                      {"comment": "Godt jobbet!"}, page=_review_url(project))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, project.id).state == "mobilisation"
    mails = outbox(kind="decision")
    assert sorted(m.recipient for m in mails) == ["ivar@example.no", "mona@example.no"]
    english = next(m for m in mails if m.recipient == "ivar@example.no")
    assert "Frida has taken the step “Approve the start” for the project" in english.body_text
    assert "Approve the start" in english.body_text and "Godt jobbet!" in english.body_text
    assert "Mobilisering" in next(m for m in mails if m.locale == "nb").body_text
    assert project.title not in client.get("/supervision/reviews").get_data(as_text=True)

    login_as(in_review["initiator"])
    home = client.get(f"/projects/{project.id}/home?lang=en").get_data(as_text=True)
    assert "Frida moved the project to “Mobilisation”." in home and "Godt jobbet!" in home


def test_returning_needs_a_comment_and_keeps_it(client, db, login_as, in_review, outbox):
    project = in_review["project"]
    login_as(in_review["facilitator"])
    url = f"{_review_url(project)}/decide/return_idea"
    response = submit(client, url + "?lang=en", {"comment": ""}, page=_review_url(project))
    assert response.status_code == 400
    assert "Write a comment: it is required for this step." in response.get_data(as_text=True)
    assert outbox(kind="decision") == []
    response = submit(client, url, {"comment": "Beskriv hvem som eier tomten."},
                      page=_review_url(project))
    assert response.status_code == 302
    record = db.session.scalars(sa.select(StateTransition).order_by(
        StateTransition.id.desc())).first()
    assert (record.to_state, record.comment) == ("idea", "Beskriv hvem som eier tomten.")
    assert len(outbox(kind="decision")) == 2


def test_facilitator_of_another_municipality_cannot_decide(client, db, login_as, in_review):
    login_as(make_facilitator(make_municipality()))
    project = in_review["project"]
    assert client.get(_review_url(project)).status_code == 403
    response = submit(client, f"{_review_url(project)}/decide/approve_idea", {},
                      page="/supervision/")
    assert response.status_code == 403
    assert db.session.get(Project, project.id).state == "review"


def test_pause_resume_and_cancel_with_a_reason(client, db, login_as, in_review):
    project = in_review["project"]
    login_as(in_review["facilitator"])
    base = _review_url(project)
    assert submit(client, f"{base}/decide/pause", {"comment": ""}, page=base).status_code == 400
    assert submit(client, f"{base}/decide/pause", {"comment": "Gruppa tar sommerferie."},
                  page=base).status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, project.id).state == "paused"
    assert submit(client, f"{base}/decide/resume", {}, page=base).status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, project.id).state == "review"
    # Cancelling cannot be undone: without the box ticked nothing happens.
    refused = submit(client, f"{base}/decide/cancel?lang=en", {"comment": "Gruppa er oppløst."},
                     page=base)
    assert refused.status_code == 400
    assert "Tick the box to confirm" in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Project, project.id).state == "review"
    assert submit(client, f"{base}/decide/cancel", {"comment": "Gruppa er oppløst.",
                                                    "confirm": "y"},
                  page=base).status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, project.id).state == "cancelled"


def test_approved_camp_date_moves_the_plan(client, db, login_as, in_review, outbox):
    project = in_review["project"]
    old_camp = project.camp_on
    new_camp = old_camp + timedelta(weeks=4)
    before = {w.stage_key: (w.starts_on, w.ends_on) for w in project.windows}
    login_as(in_review["initiator"])
    submit(client, f"/projects/{project.id}/camp-date",
           {"camp_on": new_camp.isoformat(), "reason": "Tillatelsene tar tid."})
    request = db.session.scalar(sa.select(CampDateRequest))
    login_as(in_review["facilitator"])
    url = f"{_review_url(project)}/camp-date/{request.id}"
    page = client.get(_review_url(project) + "?lang=en").get_data(as_text=True)
    assert "A new camp date is requested" in page and "Tillatelsene tar tid." in page
    assert submit(client, url, {"decision": "approve", "comment": "Greit."},
                  page=_review_url(project)).status_code == 302
    db.session.expire_all()
    project = db.session.get(Project, project.id)
    after = {w.stage_key: (w.starts_on, w.ends_on) for w in project.windows}
    assert project.camp_on == new_camp
    assert after["idea"] == before["idea"]
    assert after["review"] == (before["review"][0], before["review"][1] + timedelta(weeks=4))
    for stage in ("mobilisation", "participation", "planning", "crowdfunding", "realisation",
                  "evaluation"):
        assert after[stage] == tuple(d + timedelta(weeks=4) for d in before[stage])
    assert db.session.scalar(sa.select(CampDateRequest.status)) == "approved"
    assert len(outbox(kind="camp_date_decided")) == 2
    # A decided request cannot be decided again.
    response = submit(client, url, {"decision": "refuse", "comment": "Nei"},
                      page=_review_url(project))
    assert response.status_code == 409


def test_refusing_a_camp_date_needs_a_comment_and_keeps_the_plan(client, db, login_as,
                                                                 in_review):
    project = in_review["project"]
    old_camp = project.camp_on
    login_as(in_review["initiator"])
    submit(client, f"/projects/{project.id}/camp-date",
           {"camp_on": (old_camp + timedelta(days=14)).isoformat(), "reason": "Ferie."})
    request = db.session.scalar(sa.select(CampDateRequest))
    login_as(in_review["facilitator"])
    url = f"{_review_url(project)}/camp-date/{request.id}"
    response = submit(client, url + "?lang=en", {"decision": "refuse", "comment": ""},
                      page=_review_url(project))
    assert response.status_code == 400
    assert "Write why the request is refused." in response.get_data(as_text=True)
    assert submit(client, url, {"decision": "refuse", "comment": "Leiren må være i juni."},
                  page=_review_url(project)).status_code == 302
    db.session.expire_all()
    assert db.session.get(Project, project.id).camp_on == old_camp
    assert db.session.scalar(sa.select(CampDateRequest.status)) == "refused"


def test_private_notes_are_for_facilitators_only(client, db, login_as, in_review):
    project = in_review["project"]
    login_as(in_review["facilitator"])
    assert submit(client, f"{_review_url(project)}/notes", {"body": "Gruppa virker sliten."},
                  page=_review_url(project)).status_code == 302
    assert "Gruppa virker sliten." in client.get(_review_url(project)).get_data(as_text=True)
    login_as(in_review["initiator"])
    assert client.get(_review_url(project)).status_code == 403
    for url in (f"/projects/{project.id}/home", f"/projects/{project.id}",
                f"/projects/{project.id}/tasks/idea/describe_idea"):
        assert "Gruppa virker sliten." not in client.get(url).get_data(as_text=True)


def test_task_comments_are_seen_by_team_and_facilitator(client, db, login_as, in_review):
    project = in_review["project"]
    task = f"/projects/{project.id}/tasks/idea/describe_idea"
    login_as(in_review["facilitator"])
    assert submit(client, f"{task}/comments", {"body": "Husk barna!"}, page=task
                  ).status_code == 302
    assert submit(client, f"{task}/comments?lang=en", {"body": ""}, page=task
                  ).status_code == 400
    login_as(in_review["member"])
    page = client.get(task).get_data(as_text=True)
    assert "Husk barna!" in page and "Frida" in page
    login_as(make_user())
    assert submit(client, f"{task}/comments", {"body": "Hei"}, page="/projects/"
                  ).status_code == 403


def test_the_review_page_has_no_duplicate_ids(client, db, login_as, in_review):
    import re
    from collections import Counter

    project, facilitator = in_review["project"], in_review["facilitator"]
    login_as(facilitator)
    html = client.get(f"/supervision/projects/{project.id}").get_data(as_text=True)
    ids = Counter(re.findall(r'\sid="([^"]+)"', html))
    assert [i for i, n in ids.items() if n > 1] == []


class _Page(HTMLParser):
    """The ids on a page, the links of its error summary, and which errors each
    input or textarea names in aria-describedby."""

    def __init__(self):
        super().__init__()
        self.ids, self.summary_links, self.described, self._depth = set(), [], {}, 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if self._depth or "error-summary" in (attrs.get("class") or ""):
            self._depth += tag not in ("input", "br")
            if tag == "a" and (attrs.get("href") or "").startswith("#"):
                self.summary_links.append(attrs["href"][1:])
        if tag in ("input", "textarea") and "id" in attrs:
            self.described[attrs["id"]] = (attrs.get("aria-describedby") or "").split()

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1


def _parsed(html: str) -> _Page:
    page = _Page()
    page.feed(html)
    return page


def test_the_unticked_confirm_box_carries_its_error_and_the_summary_links_land(
        client, db, login_as, in_review):
    project = in_review["project"]
    login_as(in_review["facilitator"])
    base = _review_url(project)
    refused = submit(client, f"{base}/decide/cancel?lang=en", {"comment": "Gruppa er oppløst."},
                     page=base)
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    page = _parsed(html)
    assert page.summary_links == ["confirm-cancel"]
    assert all(link in page.ids for link in page.summary_links)
    # The message sits on the box (and a screen reader hears it there), not on the comment.
    assert "confirm-cancel-error" in page.described["confirm-cancel"]
    assert not any(i.endswith("-error") for i in page.described["comment-cancel"])
    assert re.search(r'id="confirm-cancel-error">Tick the box to confirm', html)
    assert "Gruppa er oppløst." in html  # the comment typed is kept in its own form
    db.session.expire_all()
    assert db.session.get(Project, project.id).state == "review"


def test_a_missing_comment_links_to_the_comment_of_its_own_step(client, db, login_as,
                                                                  in_review):
    project = in_review["project"]
    login_as(in_review["facilitator"])
    base = _review_url(project)
    refused = submit(client, f"{base}/decide/return_idea?lang=en", {"comment": ""}, page=base)
    page = _parsed(refused.get_data(as_text=True))
    assert page.summary_links == ["comment-return_idea"]
    assert "comment-return_idea" in page.ids
    assert "comment-return_idea-error" in page.described["comment-return_idea"]
    # A step this page does not offer has no form to point at: the message stands alone.
    refused = submit(client, f"{base}/decide/no_such_step?lang=en", {}, page=base)
    page = _parsed(refused.get_data(as_text=True))
    assert refused.status_code >= 400 and page.summary_links == []


def test_a_nul_byte_in_a_comment_or_note_comes_back_on_its_field(client, db, login_as,
                                                                   in_review):
    project = in_review["project"]
    login_as(in_review["facilitator"])
    base = _review_url(project)
    refused = submit(client, f"{base}/decide/approve_idea?lang=en",
                     {"comment": "Bra\x00jobba"}, page=base)
    assert refused.status_code == 400
    html = refused.get_data(as_text=True)
    assert 'id="comment-approve_idea-error">This contains a NUL character' in html
    assert "Bra\ufffdjobba" in html and "\x00" not in html
    assert _parsed(html).summary_links == ["comment-approve_idea"]
    refused = submit(client, f"{base}/notes?lang=en", {"body": "Hei\x00"}, page=base)
    assert refused.status_code == 400
    assert 'id="note-body-error">This contains a NUL character' in refused.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Project, project.id).state == "review"
    from stedskaping.supervision.models import FacilitatorNote

    assert db.session.scalars(sa.select(FacilitatorNote)).all() == []
