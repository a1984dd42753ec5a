"""One signed-in test client per role, each request in a savepoint rolled back after it,
and a record of every answer of 500 or more with what caused it."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from stedskaping.accounts import operations as accounts
from stedskaping.db import db
from stedskaping.extensions import limiter
from tests.fuzz.crawl import endpoint_of


@dataclass
class Failure:
    role: str
    method: str
    url: str
    status: int
    data: str
    error: str

    def __str__(self) -> str:
        return (f"{self.status} as {self.role}: {self.method} {self.url!r}\n"
                f"    data: {self.data or '-'}\n    error: {self.error}")


class _Errors(logging.Handler):
    """Keeps the last logged exception (the error handler logs each 500)."""

    def __init__(self):
        super().__init__(logging.ERROR)
        self.last: str = ""

    def emit(self, record):
        if record.exc_info and record.exc_info[1] is not None:
            exc = record.exc_info[1]
            self.last = f"{type(exc).__module__}.{type(exc).__name__}: {exc}"[:400]


@dataclass
class Harness:
    app: object
    clients: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)
    failures: list[Failure] = field(default_factory=list)
    requests: int = 0

    def __post_init__(self):
        self._errors = _Errors()

    def sign_in(self, role: str, user) -> None:
        client = self.app.test_client()
        if user is not None:
            token = accounts.start_session(user)
            with client.session_transaction() as session:
                session["_user_id"] = str(user.id)
                session["_fresh"] = True
                session["sid"] = token
        self.clients[role] = client

    def keep_cookies(self) -> None:
        """Remember each role's session (with its CSRF secret) to restore before each try:
        a fuzzed logout or login must not change who the next request comes from."""
        for role, client in self.clients.items():
            cookie = client.get_cookie("session")
            self.cookies[role] = cookie.value if cookie else None

    def attempt(self, role: str, method: str, url: str, data=None, shown: str = "") -> int:
        """One request whose changes are rolled back afterwards; records a 5xx."""
        client = self.clients[role]
        if self.cookies.get(role):
            client.set_cookie("session", self.cookies[role])
        connection = db.session.connection()
        connection.exec_driver_sql("SAVEPOINT fuzz_try")
        limiter.reset()
        self._errors.last = ""
        logger = logging.getLogger("stedskaping")
        logger.addHandler(self._errors)
        try:
            if method == "GET" and data is not None:  # a GET form: the browser's query
                response = client.open(url.split("?")[0], query_string=data)
            else:
                response = client.open(url, method=method, data=data)
            response.close()
            status = response.status_code
        finally:
            logger.removeHandler(self._errors)
            connection.exec_driver_sql("ROLLBACK TO SAVEPOINT fuzz_try")
            connection.exec_driver_sql("RELEASE SAVEPOINT fuzz_try")
            self.requests += 1
        if status >= 500:
            self.failures.append(Failure(role, method, url, status, shown,
                                         self._errors.last or "(nothing logged)"))
        return status

    def report(self) -> str:
        """The first failure of each endpoint and error type, with how often it came."""
        groups: dict[tuple, list[Failure]] = {}
        for failure in self.failures:
            endpoint = endpoint_of(self.app, failure.url, failure.method) or failure.url
            key = (failure.method, endpoint, failure.error.split(":")[0])
            groups.setdefault(key, []).append(failure)
        lines = [f"[{len(found)}x] {found[0]}" for found in groups.values()]
        return (f"{len(self.failures)} answers of 500 or more in {self.requests} requests; "
                f"{len(groups)} distinct (endpoint, error):\n" + "\n".join(lines))
