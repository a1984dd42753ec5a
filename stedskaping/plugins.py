"""How a domain plugs into the core: one registry, filled by each domain's ``register``.

The core (the engine, the project core, the pages' frames, the scheduler) never
imports a domain. Each domain package has a ``register(registry)`` function that
declares, in one place, what it brings:

- ``registry.blueprint(bp)`` and ``registry.cli(group)``: its pages and commands;
- ``registry.fact(name)``: a fact about a project that guards and pages read;
- ``registry.guard(name, why_not, why_blocked)``: a named condition for workflows;
- ``registry.job(...)``: a scheduler sweep (``run(today) -> count``);
- ``registry.dashboard_column(...)``: a column of the facilitator's dashboard;
- ``registry.panel(...)``: a section of another domain's page (a project's home or
  public page, a municipality's admin page);
- ``registry.timeline(fn)``: dated events for the project's calendar feed;
- ``registry.notification_kind(...)``: a kind of notice people can switch on or off, and
  the texts of its notices (``Notice``), rendered in the reader's language when read;
- ``registry.step_check(fn)``: ``fn(project, trigger, actor)`` may refuse a step that
  people take by hand, with a reason (it is then shown as not possible, and refused);
- ``registry.step_warning(fn)``: ``fn(project, trigger)`` lists what a step that cannot
  be undone (cancelling) will do, for the confirmation people tick before it;
- ``registry.connect(signal, handler)``: a handler for a core signal
  (``stedskaping.signals``), for example "a project changed state".

The app factory lists the domains once (``stedskaping.DOMAINS``) and calls their
``register`` functions in that order; docs/architecture.md shows a worked example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from stedskaping.engine.guards import Guard


@dataclass(frozen=True)
class Job:
    """A sweep over database state; safe to run twice or in two processes."""

    name: str
    run: Callable[[date], int]
    trigger: dict  # APScheduler trigger arguments, e.g. {"trigger": "interval", "minutes": 15}
    description: str
    # False for a frequent job that is safe to run in two processes at once: it then takes
    # no lease, so that an idle run writes nothing (on SQLite each write would break the
    # snapshot of a request that reads, then writes).
    leased: bool = True


@dataclass(frozen=True)
class DashboardColumn:
    """A column of the facilitator's dashboard.

    ``values(project_ids)`` returns {project id: value} for a whole page of rows
    in a fixed number of queries; ``text(value)`` is what the cell (and the CSV)
    shows.
    """

    key: str
    label: Any
    values: Callable[[list[int]], dict[int, Any]]
    text: Callable[[Any], str]


PANEL_PAGES = ("home", "public", "municipality", "review", "dashboard")


@dataclass(frozen=True)
class Panel:
    """A section a domain adds to a page of another: ``template`` is included with
    ``panel = context(obj, given)`` (None: the section is left out). ``obj`` is the
    page's project or municipality; ``given`` holds forms a failed post hands back
    (with their errors) by name."""

    # "home" (a project's workspace), "public" (its page), "municipality", "review" (the
    # facilitator's review of a project), "dashboard" (the facilitator's, where ``obj`` is
    # the signed-in user)
    page: str
    template: str
    context: Callable[[Any, dict], dict | None]


@dataclass(frozen=True)
class TimelineEvent:
    """A dated event a domain adds to the project's calendar feed: all day from
    ``starts_on`` to ``ends_on``, or, with ``starts_dt`` and ``ends_dt`` (aware), at
    those times (a meeting)."""

    uid: str
    title: str
    starts_on: date
    ends_on: date | None = None
    description: str = ""
    starts_dt: datetime | None = None
    ends_dt: datetime | None = None
    location: str = ""


@dataclass(frozen=True)
class Notice:
    """The texts of one notice, as msgids (``text.mark.gettext`` / ``mark.ngettext``):
    they are rendered when the notice is shown or mailed, in the reader's language, with
    the parameters ``notify`` stored (a plural chooses its form by ``num``)."""

    title: str | tuple[str, str]
    body: str | tuple[str, str] | None = None
    # The body is this parameter as a person wrote it (a comment), not a translated text.
    body_param: str | None = None


@dataclass(frozen=True)
class NotificationKind:
    """A kind of notice people switch on or off (``label``), with the notices it sends:
    {name: Notice}."""

    key: str
    label: Any
    default_mode: str = "immediate"
    notices: dict[str, Notice] = field(default_factory=dict)


@dataclass
class Registry:
    """What the domains provide; built once per app in ``create_app``."""

    blueprints: list = field(default_factory=list)
    cli_groups: list = field(default_factory=list)
    facts: dict[str, Callable[[Any], Any]] = field(default_factory=dict)
    # {fact name: fn(projects) -> {project id: value}}: the same fact for many projects
    # in a fixed number of queries, for pages that weigh the gates of a whole list.
    fact_batches: dict[str, Callable[[list], dict]] = field(default_factory=dict)
    guards: dict[str, Guard] = field(default_factory=dict)
    jobs: dict[str, Job] = field(default_factory=dict)
    dashboard_columns: list[DashboardColumn] = field(default_factory=list)
    panels: list[Panel] = field(default_factory=list)
    timelines: list[Callable[[Any], list[TimelineEvent]]] = field(default_factory=list)
    notification_kinds: dict[str, NotificationKind] = field(default_factory=dict)
    step_checks: list[Callable[[Any, str, Any], Any]] = field(default_factory=list)
    step_warnings: list[Callable[[Any, str], list]] = field(default_factory=list)
    day_programmes: list[Callable[[list, date], dict]] = field(default_factory=list)

    def blueprint(self, bp) -> None:
        self.blueprints.append(bp)

    def cli(self, group) -> None:
        self.cli_groups.append(group)

    def fact(self, name: str, *, many=None):
        """Decorator: ``fn(project) -> value`` answers the fact ``name``; ``many``,
        ``fn(projects) -> {project id: value}``, answers it for a list at once."""

        def register(fn):
            self._unique(self.facts, name, "fact")
            self.facts[name] = fn
            if many is not None:
                self.fact_batches[name] = many
            return fn

        return register

    def guard(self, name: str, *, why_not, why_blocked, param=None, sql=None):
        """Decorator: ``check(facts) -> bool`` is the workflow condition ``name``;
        ``why_not(facts)`` / ``why_blocked(facts)`` say why it blocks a step.

        With ``param`` (a parser such as ``engine.guards.at_least``) the workflow gives
        the guard a value, ``conditions: [{name: 20}]``, and the three functions take
        ``(facts, value)``: ``why_not`` can then say "12 of 20 supporters".

        With ``sql`` (``sql(Project) -> boolean expression``, or ``(Project, value)``) the
        guard can also be asked of many projects in one query, as the facilitators' review
        queue does; a guard without it makes the queue read every project the long way."""

        def register(check):
            self._unique(self.guards, name, "guard")
            self.guards[name] = Guard(name, check, why_not, why_blocked, param, sql)
            return check

        return register

    def job(self, name: str, run: Callable[[date], int], trigger: dict,
            description: str, leased: bool = True) -> None:
        self._unique(self.jobs, name, "job")
        self.jobs[name] = Job(name, run, trigger, description, leased)

    def dashboard_column(self, key: str, label, values, text) -> None:
        self.dashboard_columns.append(DashboardColumn(key, label, values, text))

    def panel(self, page: str, template: str, context) -> None:
        if page not in PANEL_PAGES:
            raise ValueError(f"a panel goes on one of {PANEL_PAGES}, not {page!r}")
        self.panels.append(Panel(page, template, context))

    def panels_for(self, page: str, obj, given: dict | None = None) -> list[tuple[str, dict]]:
        """(template, context) of every panel on ``page`` that shows for ``obj``."""
        shown = []
        for panel in self.panels:
            if panel.page == page:
                context = panel.context(obj, given or {})
                if context is not None:
                    shown.append((panel.template, context))
        return shown

    def timeline(self, events: Callable[[Any], list[TimelineEvent]]) -> None:
        self.timelines.append(events)

    def notification_kind(self, key: str, label, default_mode: str = "immediate", *,
                          notices: dict[str, Notice] | None = None) -> None:
        """A kind of notice and the texts of each notice it sends (``notices``), which
        ``notifications.notify(user, key, ..., notice=name, **params)`` names."""
        self._unique(self.notification_kinds, key, "notification kind")
        self.notification_kinds[key] = NotificationKind(key, label, default_mode,
                                                        dict(notices or {}))

    def step_check(self, check) -> None:
        self.step_checks.append(check)

    def step_warning(self, warning) -> None:
        self.step_warnings.append(warning)

    def day_programme(self, programmes) -> None:
        """``programmes(project_ids, day) -> {project id: text(person) -> str | None}``:
        the camp day's programme for the morning mail (``projects.jobs.camp_programme``),
        in the person's language; a project without one gets the day plan task's text."""
        self.day_programmes.append(programmes)

    @staticmethod
    def connect(signal, handler) -> None:
        signal.connect(handler, weak=False)

    @staticmethod
    def _unique(table: dict, name: str, what: str) -> None:
        if name in table:
            raise ValueError(f"{what} {name!r} is registered twice")


def current() -> Registry:
    """The registry of the running app."""
    from flask import current_app

    return current_app.extensions["stedskaping.registry"]
