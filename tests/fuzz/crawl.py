"""Find the app's pages and forms the way a visitor would: from the URL map, the links on
each page and the links in the e-mails, bounded per endpoint.

Nothing here knows a particular form: a new form on any page is found and fuzzed.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import sqlalchemy as sa
from werkzeug.routing import IntegerConverter

from stedskaping.db import db

MAX_PAGES = 200  # visits per role
MAX_PER_ENDPOINT = 4  # pages of one endpoint that answered 200, per role
MAX_VISITS_PER_ENDPOINT = 12
MAX_FORMS_PER_ENDPOINT = 3
SKIP_PREFIXES = ("/static/",)


@dataclass
class Field:
    name: str
    kind: str  # input type, "select", "textarea" or "button"
    value: str = ""
    options: list[str] = field(default_factory=list)
    checked: bool = False


@dataclass
class Form:
    page: str
    method: str
    action: str
    fields: list[Field]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(sorted({f.name for f in self.fields}))


@dataclass
class Site:
    """What one role can reach: pages (status by URL), forms and query strings."""

    pages: dict[str, int] = field(default_factory=dict)
    forms: list[Form] = field(default_factory=list)
    # endpoint -> (the first address seen, every query parameter name seen for it)
    queries: dict[str, tuple[str, set[str]]] = field(default_factory=dict)
    csrf_token: str | None = None


class _Parser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.forms: list[tuple[dict, list[Field]]] = []
        self._form: tuple[dict, list[Field]] | None = None
        self._select: Field | None = None
        self._textarea: Field | None = None

    def handle_starttag(self, tag, attrs):
        attrs = {k: (v or "") for k, v in attrs}
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            self._form = (attrs, [])
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text").lower()
            self._form[1].append(Field(attrs["name"], kind, attrs.get("value", ""),
                                       checked="checked" in attrs))
        elif tag == "button" and attrs.get("name"):
            self._form[1].append(Field(attrs["name"], "button", attrs.get("value", "")))
        elif tag == "select" and attrs.get("name"):
            self._select = Field(attrs["name"], "select")
            self._form[1].append(self._select)
        elif tag == "option" and self._select is not None:
            self._select.options.append(attrs.get("value", ""))
            if "selected" in attrs:
                self._select.value = attrs.get("value", "")
        elif tag == "textarea" and attrs.get("name"):
            self._textarea = Field(attrs["name"], "textarea")
            self._form[1].append(self._textarea)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea.value += data

    def close(self):
        super().close()
        for _attrs, fields in self.forms:
            for f in fields:
                if f.kind == "textarea" and f.value.startswith(("\r\n", "\n")):
                    # HTML drops the line break that follows <textarea>; so does a browser.
                    f.value = f.value[2:] if f.value.startswith("\r\n") else f.value[1:]

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def local(url: str, base: str = "/") -> str | None:
    """The in-site path and query of ``url``, or None for other sites and schemes."""
    parts = urlsplit(urljoin(base, url))
    if parts.scheme not in ("", "http", "https"):
        return None
    if parts.netloc and parts.netloc not in ("localhost", "127.0.0.1:5000"):
        return None
    path = parts.path or "/"
    if path.startswith(SKIP_PREFIXES):
        return None
    return path + ("?" + parts.query if parts.query else "")


def ids_for(argument: str, limit: int = 12) -> list[int]:
    """Real ids for a URL argument like ``project_id``: from the table of that name
    (or one ending in it, ``request_id`` -> ``camp_date_request``)."""
    stem = argument.removesuffix("_id")
    tables = [t for name, t in db.metadata.tables.items()
              if name == stem or name.endswith("_" + stem)]
    ids: list[int] = []
    for table in tables:
        if "id" in table.c:
            ids += db.session.scalars(sa.select(table.c.id).order_by(table.c.id.desc())
                                      .limit(limit)).all()
    return ids or [1]


def int_arguments(rule) -> list[str]:
    return [name for name, conv in rule._converters.items()
            if isinstance(conv, IntegerConverter)]


def rule_urls(app, methods: set[str], *, limit: int = 12) -> list[tuple[object, str]]:
    """(rule, address) for each rule whose arguments are all integers, filled with real ids."""
    urls = []
    for rule in app.url_map.iter_rules():
        if not (rule.methods & methods) or rule.endpoint == "static":
            continue
        names = set(rule.arguments)
        ints = int_arguments(rule)
        if names - set(ints):
            continue
        combos = [{}]
        for name in ints:
            combos = [{**c, name: i} for c in combos for i in ids_for(name, limit)][:limit * 2]
        for values in combos:
            urls.append((rule, rule.build(values, append_unknown=False)[1]))
    return urls


def outbox_links() -> list[str]:
    from stedskaping.notifications.models import OutboxMessage

    links = []
    for body in db.session.scalars(sa.select(OutboxMessage.body_text)):
        for url in re.findall(r"https?://[^\s<>\"')]+", body or ""):
            found = local(url)
            if found:
                links.append(found)
    return links


def endpoint_of(app, url: str, method: str = "GET") -> str | None:
    """The endpoint that answers ``method`` at ``url``, or None."""
    adapter = app.url_map.bind("localhost")
    try:
        return adapter.match(urlsplit(url).path, method=method)[0]
    except Exception:  # noqa: BLE001  (no such page of ours: nothing to crawl)
        return None


class _Crawler:
    """Breadth first from the seeds, within the bounds above."""

    def __init__(self, app, client, seeds, on_page=None):
        self.app, self.client, self.site = app, client, Site()
        self.on_page = on_page
        self.queue = deque(dict.fromkeys(seeds))
        self.pages_ok: dict[str, int] = {}
        self.visits: dict[str, int] = {}
        self.forms_seen: set[tuple] = set()
        self.forms_per_endpoint: dict[tuple, int] = {}

    def run(self) -> Site:
        while self.queue and len(self.site.pages) < MAX_PAGES:
            url = self.queue.popleft()
            endpoint = endpoint_of(self.app, url)
            if url not in self.site.pages and endpoint and self._within_bounds(endpoint):
                self._visit(url, endpoint)
        return self.site

    def _within_bounds(self, endpoint: str) -> bool:
        return (self.pages_ok.get(endpoint, 0) < MAX_PER_ENDPOINT
                and self.visits.get(endpoint, 0) < MAX_VISITS_PER_ENDPOINT)

    def _visit(self, url: str, endpoint: str) -> None:
        self.visits[endpoint] = self.visits.get(endpoint, 0) + 1
        response = self.client.get(url)
        response.close()  # a download holds its file open until then
        self.site.pages[url] = response.status_code
        _note_query(self.site, endpoint, url)
        if response.status_code == 200:
            self.pages_ok[endpoint] = self.pages_ok.get(endpoint, 0) + 1
        if 300 <= response.status_code < 400:
            self._follow(response.headers.get("Location", ""), url)
        elif "text/html" in response.content_type:
            self._read(url, response.get_data(as_text=True))

    def _follow(self, href: str, base: str) -> None:
        target = local(href, base)
        if target and target not in self.site.pages:
            self.queue.append(target)

    def _read(self, url: str, html: str) -> None:
        if self.on_page is not None:
            self.on_page(url, html)
        parser = _Parser()
        parser.feed(html)
        parser.close()
        for href in parser.links:
            self._follow(href, url)
        for attrs, fields in parser.forms:
            form = _form(url, attrs, fields)
            if form is not None:
                self._keep(form)

    def _keep(self, form: Form) -> None:
        site = self.site
        if form.method == "GET":
            _note_query(site, endpoint_of(self.app, form.action) or form.action, form.action,
                        form.names)
            self._follow(form.action, form.page)
        token = next((f.value for f in form.fields if f.name == "csrf_token"), None)
        site.csrf_token = site.csrf_token or token
        key = (form.method, form.action, form.names)
        group = (form.method, endpoint_of(self.app, form.action, form.method), form.names)
        if key in self.forms_seen or self.forms_per_endpoint.get(group, 0) >= \
                MAX_FORMS_PER_ENDPOINT:
            return
        self.forms_seen.add(key)
        self.forms_per_endpoint[group] = self.forms_per_endpoint.get(group, 0) + 1
        site.forms.append(form)


def crawl(app, client, seeds: list[str], on_page=None) -> Site:
    """Visit GET pages breadth first from ``seeds``; collect forms and query strings.
    ``on_page(url, html)`` sees each HTML page that answered."""
    return _Crawler(app, client, seeds, on_page).run()


def _form(page: str, attrs: dict, fields: list[Field]) -> Form | None:
    action = local(attrs.get("action") or page, page)
    if action is None:
        return None
    method = (attrs.get("method") or "GET").upper()
    return Form(page=page, method=method, action=action, fields=fields)


def _note_query(site: Site, endpoint: str, url: str, names=()) -> None:
    parts = urlsplit(url)
    _path, known = site.queries.setdefault(endpoint, (parts.path, set()))
    known.update(names)
    known.update(k for k, _v in parse_qsl(parts.query, keep_blank_values=True))
