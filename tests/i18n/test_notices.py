"""Notices are stored as their kind and parameters and read in the reader's language of
the moment: switching language after a notice was made changes the page and the mail."""

from datetime import date

import sqlalchemy as sa

from stedskaping import jobs
from stedskaping.db import db
from stedskaping.notifications import notify
from stedskaping.notifications.models import Notification, NotificationPreference
from stedskaping.notifications.notices import render
from stedskaping.projects import operations
from tests.fixtures.factories import add_member, make_project, make_user
from tests.fixtures.forms import submit


def _comment_for_a_digest(lang="nb"):
    initiator = make_user(name="Ivar")
    reader = make_user(name="Mona", locale=lang)
    project = make_project(initiator=initiator)
    add_member(project, reader)
    db.session.add(NotificationPreference(user_id=reader.id, kind="task_comment",
                                          mode="daily"))
    operations.comment_on_task(project, "idea", "describe_idea", initiator,
                               "Kan noen se på teksten?", link="/x")
    return reader, project


def test_a_notice_made_in_bokmal_is_read_in_english_after_a_switch(client, db, login_as,
                                                                   outbox):
    reader, project = _comment_for_a_digest("nb")
    [stored] = db.session.scalars(sa.select(Notification).where(
        Notification.user_id == reader.id)).all()
    assert stored.title is None and stored.message == "comment"
    assert stored.params["task"] == {"$text": {
        "nb": "Beskriv idéen", "nn": "Skildre idéen", "en": "Describe the idea",
        "sv": "Beskriv idén", "fi": "Kuvailkaa idea"}}

    login_as(reader)
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Ivar kommenterte «Beskriv idéen» i Parken ved elva" in page

    # The header's language switch: the cookie and the profile (the mail's language).
    submit(client, "/language", {"lang": "en", "next": "/notifications/"},
           page="/notifications/")
    page = client.get("/notifications/").get_data(as_text=True)
    assert "Ivar commented on “Describe the idea” in Parken ved elva" in page
    assert "kommenterte" not in page

    jobs.run("notification_digests", date(2026, 12, 2))
    [digest] = outbox(kind="digest", user_id=reader.id)
    assert digest.locale == "en" and digest.subject == "Your stedskaping summary"
    assert "Ivar commented on “Describe the idea” in Parken ved elva" in digest.body_text
    assert "kommenterte" not in digest.body_text


def test_each_language_reads_the_same_notice_in_its_own_words(db):
    reader, _project = _comment_for_a_digest("nb")
    notice = db.session.scalars(sa.select(Notification).where(
        Notification.user_id == reader.id)).one()
    assert render(notice, "nn").title == "Ivar kommenterte «Skildre idéen» i Parken ved elva"
    assert render(notice, "sv").title.startswith("Ivar kommenterade ”Beskriv idén”")
    assert "”Kuvailkaa idea”" in render(notice, "fi").title
    assert render(notice, "en").body == "Kan noen se på teksten?"  # as the person wrote it


def test_plurals_and_dates_in_a_notice_follow_the_reader(db):
    user = make_user(locale="nb")
    made = notify.notify(user, "campaign_reminder", "t:1", "closing", link="/c", num=1,
                         project="Parken", date=date(2027, 5, 1))
    made2 = notify.notify(user, "campaign_reminder", "t:2", "closing", link="/c", num=3,
                          project="Parken", date=date(2027, 5, 1))
    assert render(made, "nb").title == "1 dag igjen av kampanjen for Parken"
    assert render(made2, "nb").title == "3 dager igjen av kampanjen for Parken"
    assert render(made2, "en").title == "3 days left for the campaign of Parken"
    assert render(made2, "en").body == "It closes on 1 May 2027."
    assert render(made2, "nb").body == "Den avsluttes 1. mai 2027."


def test_a_notice_made_before_is_shown_as_it_was_written(client, db, login_as):
    user = make_user()
    db.session.add(Notification(key="old:1", user_id=user.id, kind="task_comment",
                                title="Gammel melding", body="Skrevet før", link=None))
    db.session.flush()
    login_as(user)
    page = client.get("/notifications/?lang=en").get_data(as_text=True)
    assert "Gammel melding" in page and "Skrevet før" in page


def test_a_notice_the_kind_does_not_declare_is_refused(db):
    import pytest

    with pytest.raises(LookupError, match="declares no notice 'typo'"):
        notify.notify(make_user(), "task_comment", "t:3", "typo")


def test_parameters_are_stored_as_json_and_rendered_per_reader(app):
    import pytest
    from flask_babel import force_locale

    from stedskaping.formats import Money
    from stedskaping.notifications import notices
    from stedskaping.text import _l

    stored = notices.encode({"amount": Money(6_000_000), "day": date(2027, 5, 1), "n": 3})
    assert stored == {"amount": {"$money": 6_000_000}, "day": {"$date": "2027-05-01"}, "n": 3}
    with app.app_context(), force_locale("nb"):
        assert notices._decode(stored["amount"], "nb") == "60\u00a0000\u00a0kr"
        assert notices._decode(stored["day"], "nb") == "1. mai 2027"
    with pytest.raises(TypeError, match="not storable"):
        notices.encode({"title": _l("Idea")})  # a lazy text has no language yet
