"""The outbox, for admins: every e-mail the platform wrote, sent or not."""

import sqlalchemy as sa
from flask import Blueprint, render_template

from stedskaping.access import require
from stedskaping.db import db
from stedskaping.notifications.models import OutboxMessage

bp = Blueprint("notifications", __name__)


@bp.get("/admin/outbox")
def outbox():
    require("outbox.view")
    messages = db.session.scalars(
        sa.select(OutboxMessage).order_by(OutboxMessage.id.desc()).limit(100)
    ).all()
    return render_template("notifications/outbox.html", messages=messages)
