"""The outbox (admins), the in-app notifications, preferences and unsubscribing."""

from types import SimpleNamespace

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from stedskaping.access import require
from stedskaping.db import db
from stedskaping.notifications import notify
from stedskaping.notifications.models import MODES, OFF, OutboxMessage
from stedskaping.notifications.redact import redact

bp = Blueprint("notifications", __name__)


@bp.get("/admin/outbox")
def outbox():
    require("outbox.view")
    messages = db.session.scalars(
        sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(100)
    ).all()
    # Admins read what was sent, never a link that would open someone's account.
    return render_template("notifications/outbox.html", messages=messages, redact=redact)


@bp.get("/notifications/")
@login_required
def inbox():
    # Rendered now, in the language the page is in (not the one of the day they were made).
    return render_template("notifications/inbox.html", items=notify.shown_to(current_user.id))


@bp.post("/notifications/read")
@login_required
def mark_read():
    notify.mark_all_read(current_user.id)
    return redirect(url_for(".inbox"))


@bp.route("/notifications/settings", methods=["GET", "POST"])
@login_required
def settings():
    if request.method == "POST":
        # A kind the form did not send (a page from before that kind existed) keeps its mode.
        chosen = {kind: request.form[kind] for kind in notify.kinds() if kind in request.form}
        if any(mode not in MODES for mode in chosen.values()):
            abort(400)
        notify.set_preferences(current_user, chosen)
        flash(_("Your choices are saved."), "success")
        return redirect(url_for(".settings"))
    modes = {kind: notify.mode_for(current_user.id, kind) for kind in notify.kinds()}
    return render_template("notifications/settings.html", kinds=notify.kinds(), modes=modes,
                           mode_names=MODES)


@bp.route("/notifications/unsubscribe/<token>", methods=["GET", "POST"])
def unsubscribe(token: str):
    """The link in every notification e-mail: stop one kind, no login needed."""
    found = notify.read_unsubscribe_token(token)
    if found is None:
        abort(404)
    user_id, kind = found
    # The account may be gone; notifications know people by id only (accounts sit above).
    users = db.metadata.tables["user"]
    if db.session.scalar(sa.select(users.c.id).where(users.c.id == user_id)) is None:
        abort(404)
    if request.method == "POST":
        notify.set_preferences(SimpleNamespace(id=user_id), {kind: OFF})
        return render_template("notifications/unsubscribed.html", kind=notify.kinds()[kind],
                               done=True)
    return render_template("notifications/unsubscribed.html", kind=notify.kinds()[kind],
                           done=False)
