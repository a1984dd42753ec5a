"""Lists in pages: the page asked for (``?page=``), its rows and the true total.

A list's view calls :func:`paginate` with its select (or :func:`page_of` with rows it
already holds) and hands the :class:`Page` to the template, which shows it with the
``pager`` macro of ``_macros.html`` ("Page 2 of 41", links to the neighbouring pages).
Two queries per page whatever the size of the list: one COUNT and one for the page's
rows (LIMIT/OFFSET over an order that an index serves, so that a deep page costs little
more than the first).

A page number that is no number (garbage, NUL, negative, zero) shows the first page; a
number past the last page answers 404 (a clear "not found", never a 500 or an empty
list that claims rows exist).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from flask import abort, request, url_for

from stedskaping.db import db

PAGE_SIZE = 50
_DIGITS = 9  # more digits than this is no page of ours: 404, not an overflow


def requested_page(name: str = "page") -> int:
    """The page number asked for in the query string; 1 when it is missing or no number."""
    raw = request.args.get(name, "")
    if not raw.isascii() or not raw.isdigit():
        return 1
    if len(raw.lstrip("0")) > _DIGITS:
        abort(404)
    return max(int(raw), 1)


@dataclass
class Page:
    """One page of a list: its items, its number (from 1), the page size and the total."""

    items: list
    number: int
    size: int
    total: int
    param: str = "page"
    anchor: str = ""
    _args: dict = field(default_factory=dict, repr=False)

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.size))

    @property
    def first(self) -> int:
        return (self.number - 1) * self.size + 1 if self.total else 0

    @property
    def last(self) -> int:
        return min(self.number * self.size, self.total)

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.pages

    @property
    def is_paged(self) -> bool:
        return self.pages > 1

    def window(self, around: int = 2) -> list[int | None]:
        """The page numbers the pager links to: the first, the last and those near the
        current one; ``None`` where numbers are left out."""
        shown = {1, self.pages, *range(self.number - around, self.number + around + 1)}
        numbers = sorted(n for n in shown if 1 <= n <= self.pages)
        out: list[int | None] = []
        for n in numbers:
            if out and n - (out[-1] or 0) > 1:
                out.append(None)
            out.append(n)
        return out

    def url(self, number: int) -> str:
        """This page's address with another page number (the filters kept)."""
        args = {**(request.view_args or {}), **request.args.to_dict(), **self._args}
        args.pop(self.param, None)
        if number > 1:
            args[self.param] = number
        return url_for(request.endpoint, **args) + (f"#{self.anchor}" if self.anchor else "")

    def __iter__(self):
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def __bool__(self) -> bool:
        return bool(self.items)


def check_number(number: int, total: int, size: int) -> None:
    """404 for a page number past the last page of ``total`` rows."""
    if number > 1 and (number - 1) * size >= total:
        abort(404)


def paginate(query: sa.Select, *, number: int | None = None, size: int = PAGE_SIZE,
             total: int | None = None, scalars: bool = True, param: str = "page",
             anchor: str = "") -> Page:
    """One page of ``query``'s rows (ORM objects when ``scalars``, else plain rows),
    with the total counted by one COUNT query (or given as ``total``)."""
    number = requested_page(param) if number is None else number
    if total is None:
        total = db.session.scalar(
            sa.select(sa.func.count()).select_from(query.order_by(None).subquery())) or 0
    check_number(number, total, size)
    limited = query.limit(size).offset((number - 1) * size)
    rows = db.session.scalars(limited) if scalars else db.session.execute(limited)
    return Page(items=list(rows.unique() if scalars else rows), number=number, size=size,
                total=total, param=param, anchor=anchor)


def page_of(rows: list, *, number: int | None = None, size: int = PAGE_SIZE,
            param: str = "page", anchor: str = "") -> Page:
    """One page of rows already read (a list sorted by something computed)."""
    number = requested_page(param) if number is None else number
    check_number(number, len(rows), size)
    start = (number - 1) * size
    return Page(items=rows[start:start + size], number=number, size=size, total=len(rows),
                param=param, anchor=anchor)
