"""Supporting a project: sign up (no account needed), confirm by link, withdraw, and the
team's updates to its supporters.

The confirmation and withdrawal links carry a signed token (``itsdangerous``) rather
than a stored secret: a supporter may have no account, and a withdrawal link in an
update mail must be made for each reader at sending time.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from stedskaping.accounts.operations import normalise_email
from stedskaping.db import db, utcnow
from stedskaping.domain import DomainError
from stedskaping.links import link
from stedskaping.notifications.operations import queue_mail
from stedskaping.participation.supporters.models import Supporter
from stedskaping.text import _l

CONFIRM_MAX_AGE = 7 * 24 * 3600  # a week to open the confirmation link


class SupportError(DomainError):
    """A support that cannot be given, confirmed or withdrawn, with the reason."""


def consent_text():
    """What a supporter agrees to; stored with them as they saw it."""
    return _l("The project's team may store my name, e-mail address and area to count "
              "me as a supporter and, if I ask for it, to send me updates. I can withdraw "
              "at any time with the link in each e-mail, and my details are then deleted.")


@dataclass(frozen=True)
class NewSupport:
    name: str
    email: str
    area: str | None
    wants_updates: bool
    locale: str | None = None


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"supporter-{purpose}")


def token_for(supporter: Supporter, purpose: str) -> str:
    # The address is part of the token: a link stops working if the row is reused.
    return _serializer(purpose).dumps({"s": supporter.id, "e": supporter.email})


def supporter_for_token(token: str, purpose: str, max_age: int | None = None) -> Supporter:
    """The supporter a link is for; SupportError when it is unknown, expired or spent."""
    try:
        data = _serializer(purpose).loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise SupportError(_l("This link has expired. Sign up again to get a new one.")) \
            from error
    except BadSignature as error:
        raise SupportError(_l("This link is not valid.")) from error
    supporter = db.session.get(Supporter, data.get("s")) if isinstance(data, dict) else None
    if supporter is None or supporter.email != data.get("e"):
        raise SupportError(_l("This link is no longer valid: the support was withdrawn."))
    return supporter


def find(project, email: str) -> Supporter | None:
    return db.session.scalar(sa.select(Supporter).where(
        Supporter.project_id == project.id, Supporter.email == normalise_email(email)))


def support(project, data: NewSupport, user=None) -> Supporter:
    """Put a name behind the project. A signed-in person with a confirmed address counts
    at once; anyone else gets a link by e-mail and counts once they open it. A second
    support from the same address is refused (an unconfirmed one gets a new link)."""
    email = normalise_email(data.email)
    supporter = find(project, email)
    if supporter is not None and supporter.is_confirmed:
        raise SupportError(_l("This e-mail address already supports the project."), "email")
    if supporter is None:
        supporter = Supporter(project_id=project.id, email=email)
        db.session.add(supporter)
    supporter.name, supporter.area = data.name, data.area or None
    supporter.wants_updates, supporter.locale = data.wants_updates, data.locale
    supporter.consent_text = str(consent_text())
    if user is not None and user.is_confirmed and normalise_email(user.email) == email:
        supporter.user_id, supporter.confirmed_dt = user.id, utcnow()
        db.session.flush()
        return supporter
    db.session.flush()
    queue_mail(kind="supporter_confirm", recipient=email, locale=data.locale,
               subject=_l("Confirm your support for %(title)s", title=project.title),
               template="supporter_confirm", project=project, supporter=supporter,
               link=link("participation.confirm_support", token=token_for(supporter, "confirm")))
    return supporter


def confirm(token: str) -> Supporter:
    """Open the confirmation link: the support counts from now (twice does no harm)."""
    supporter = supporter_for_token(token, "confirm", CONFIRM_MAX_AGE)
    if supporter.confirmed_dt is None:
        supporter.confirmed_dt = utcnow()
        link_account(supporter)
        db.session.flush()
    return supporter


def link_account(supporter: Supporter) -> None:
    from stedskaping.accounts.operations import find_confirmed

    user = find_confirmed(supporter.email)
    if user is not None:
        supporter.user_id = user.id


def link_supporters(sender=None, user=None, **_signal) -> None:
    """When someone signs in, the supports given with their confirmed address become
    theirs (Flask-Login's ``user_logged_in``, inside the request that commits)."""
    if user is None or not user.is_confirmed:
        return
    db.session.execute(sa.update(Supporter).where(
        Supporter.email == normalise_email(user.email), Supporter.confirmed_dt.is_not(None),
        Supporter.user_id.is_(None)).values(user_id=user.id))


def withdraw(supporter: Supporter) -> None:
    """Stop supporting: the row and the details in it are deleted."""
    db.session.delete(supporter)
    db.session.flush()


def mail_update(project, author, subject: str, body: str) -> int:
    """Mail news to the confirmed supporters who asked for updates; how many."""
    subject, body = (subject or "").strip(), (body or "").strip()
    if not subject or not body:
        raise SupportError(_l("Give the update a subject and a text."), "subject")
    readers = db.session.scalars(sa.select(Supporter).where(
        Supporter.project_id == project.id, Supporter.confirmed_dt.is_not(None),
        Supporter.wants_updates.is_(True)).order_by(Supporter.id)).all()
    for reader in readers:
        queue_mail(kind="supporter_update", recipient=reader.email, locale=reader.locale,
                   subject=_l("News from %(title)s: %(subject)s", title=project.title,
                              subject=subject),
                   template="supporter_update", project=project, body=body, author=author,
                   leave=link("participation.leave_support",
                              token=token_for(reader, "leave")))
    return len(readers)
