"""Volunteer shifts: sign-up with a waitlist, pledged hours, overlaps, the minimum age,
reminders the day before, the safety rule, check-in on the day and hours worked. See
docs/realisation-camp.md."""

from __future__ import annotations

from stedskaping.plugins import Notice
from stedskaping.text import _l, mark

# ``when`` is the shift's start, shown in the reader's style.
SHIFT_CHANGES = {
    "place": Notice(mark.gettext("You have a place: %(title)s"),
                    mark.gettext("A place became free on the shift on %(when)s, and it is "
                                 "yours. Your code for check-in is %(code)s.")),
    "moved": Notice(mark.gettext("Moved: %(title)s"),
                    mark.gettext("The shift is moved to %(when)s.")),
    "cancelled": Notice(mark.gettext("Cancelled: %(title)s"),
                        mark.gettext("The shift on %(when)s is cancelled.")),
}
SHIFT_REMINDERS = {
    "tomorrow": Notice(mark.gettext("Tomorrow: %(title)s"),
                       mark.gettext("Your shift starts %(when)s. Your code for check-in is "
                                    "%(code)s.")),
}


def register(registry) -> None:
    from stedskaping import signals
    from stedskaping.realisation.shifts import checkin_views, jobs, operations, views  # noqa: F401

    registry.connect(signals.plan_changed, operations.follow_plan)

    registry.job("camp_shift_reminders", jobs.shift_reminders,
                 {"trigger": "interval", "minutes": 15},
                 "a reminder the day before a camp shift, to those with a place")
    registry.notification_kind("camp_shift_reminder",
                               _l("Reminders the day before a camp shift"),
                               notices=SHIFT_REMINDERS)
    registry.notification_kind("camp_shift_changed",
                               _l("A camp shift I signed up for is moved or cancelled, or "
                                  "I get a place from the waitlist"),
                               notices=SHIFT_CHANGES)
