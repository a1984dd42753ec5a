"""Forums (Kera): a municipality's or an area's recurring facilitated forum, its themes,
and its "open doors" hours. Its sessions are participation's meetings with ``forum_id``
set and no project (registration, waitlist and minutes as a project's meeting has)."""

from __future__ import annotations

from datetime import time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from stedskaping.db import created, db, intpk, user_ref


class Forum(db.Model):
    __tablename__ = "forum"

    id: Mapped[intpk]
    municipality_id: Mapped[int] = mapped_column(
        sa.ForeignKey("municipality.id", ondelete="CASCADE"), index=True)
    area_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("place_area.id", ondelete="SET NULL"), index=True)
    title: Mapped[str] = mapped_column(sa.String(200))
    themes: Mapped[str] = mapped_column(sa.String(500), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    created_by_id: Mapped[user_ref | None]
    created_dt: Mapped[created]

    municipality = relationship("Municipality")
    area = relationship("PlaceArea")
    open_doors: Mapped[list[OpenDoor]] = relationship(
        back_populates="forum", cascade="all, delete-orphan",
        order_by="(OpenDoor.weekday, OpenDoor.opens_at)")

    @property
    def theme_list(self) -> list[str]:
        return [t.strip() for t in self.themes.split(",") if t.strip()]


class OpenDoor(db.Model):
    """Weekly open doors: every ``weekday`` (0 Monday) from ``opens_at`` to ``closes_at``
    (local time) at ``place``."""

    __tablename__ = "forum_open_door"

    id: Mapped[intpk]
    forum_id: Mapped[int] = mapped_column(sa.ForeignKey("forum.id", ondelete="CASCADE"),
                                          index=True)
    weekday: Mapped[int]
    opens_at: Mapped[time]
    closes_at: Mapped[time]
    place: Mapped[str] = mapped_column(sa.String(300))

    forum: Mapped[Forum] = relationship(back_populates="open_doors")
