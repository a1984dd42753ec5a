"""Garbage for form fields and query strings, and a plausible value for each field."""

from __future__ import annotations

import io
from datetime import date, timedelta

from hypothesis import strategies as st
from werkzeug.datastructures import FileStorage, MultiDict

# What a newcomer types, pastes or sends by hand to break a form.
NASTY = (
    "", " ", " \t \u00a0 ", "\x00", "a\x00b", "\r\n", "abc\r\nLocation: /x", "\n\n\n",
    "-1", "0", "-0", "1", "2147483647", "2147483648", "-2147483649", "9223372036854775807",
    "9223372036854775808", "1" + "0" * 30, "-" + "9" * 40, "1e308", "1e309", "-1e309", "inf",
    "nan", "0x10", "1_000", "21474836,47", "21474836,48", "99999999999", "1 000 000 000",
    "12,5", "-50", "0,001", "0001-01-01", "9999-12-31", "0000-00-00", "2026-02-30",
    "1899-12-31", "3000-01-01", "10000-01-01", "2027-01-01T00:00", "x" * 300, "y" * 20_001,
    "æøå ÆØÅ 🙂 \u202e\u200b", "<script>alert(1)</script>", "' OR 1=1 --", "%00", "%0d%0a",
    "../../etc/passwd", "null", "None", "true", "[]", "{}", "//evil.example/", "javascript:x",
    "a@b", "@", "x@example.no\r\nBcc: y@example.no",
)


def plausible(field, today: date) -> str:
    """A value the form would accept, so that garbage elsewhere reaches the operation."""
    if field.kind == "select":
        chosen = [o for o in field.options if o]
        return field.value or (chosen[0] if chosen else "")
    if field.kind == "checkbox":
        return field.value or "y"
    if field.value:
        return field.value
    return {
        "date": (today + timedelta(days=120)).isoformat(),
        "email": "fuzz.person@example.no", "number": "1", "url": "https://example.no/",
        "password": "lilla-kaffekopp-fjellvann-7",
    }.get(field.kind, "100")


def _text() -> st.SearchStrategy[str]:
    return st.text(st.characters(codec="utf-8"), max_size=40)


def garbage() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(NASTY),
        _text(),
        st.integers(min_value=-(10**32), max_value=10**32).map(str),
        st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
        st.floats(allow_nan=True, allow_infinity=True).map(repr),
    )


# The worst few values for each kind of field, tried one field at a time by the sweep.
WORST = {
    "date": ("0001-01-01", "9999-12-31", "2026-02-30", "\x00"),
    "number": ("1" + "0" * 30, "-2147483649", "nan", "\x00"),
    "select": ("\x00", "unknown-option", "9" * 30),
    "radio": ("\x00", "unknown-option"),
    "checkbox": ("\x00",),
    "file": (("file", "x.exe", b"MZ\x90\x00"), ("file", "a\x00b.pdf", b"%PDF-1.4"),
             ("file", "plan.pdf", b"not a pdf"), ("file", "", b"")),
    "text": ("\x00", " \t ", "99999999999", "1" + "0" * 30, "-1", "a\r\nb", "y" * 20_001),
}
WORST["textarea"] = WORST["email"] = WORST["password"] = WORST["url"] = WORST["text"]
WORST["search"] = WORST["tel"] = WORST["text"]


def fuzzed_fields(form) -> dict:
    """The fields a visitor could change (buttons and hidden fields too), CSRF aside."""
    found = {}
    for f in form.fields:
        if f.name != "csrf_token":
            found.setdefault(f.name, f)
    return found


def base(form, today: date) -> dict[str, list]:
    """Every field with a value the form would accept (a file field sends nothing)."""
    values = {}
    for name, f in fuzzed_fields(form).items():
        if f.kind == "file":
            values[name] = []
        elif f.kind in ("radio", "button"):
            group = [x for x in form.fields if x.name == name]
            checked = [x.value for x in group if x.checked] or [x.value for x in group]
            values[name] = checked[:1]
        else:
            values[name] = [plausible(f, today)]
    return values


def sweep(form, today: date):
    """(name, value) pairs: each field in turn left out, then given each of its kind's
    worst values, while the others stay plausible so that the garbage reaches the
    operation."""
    good = base(form, today)
    for name, f in fuzzed_fields(form).items():
        yield flatten({**good, name: []})
        for bad in WORST.get(f.kind, WORST["text"]):
            yield flatten({**good, name: [bad]})


def flatten(values: dict[str, list]) -> list:
    return [(name, v) for name, vs in values.items() for v in vs]


def _mutation(form, f, good: str):
    """One field's values: garbage, a real option, missing, or sent twice."""
    if f.kind == "file":
        return st.lists(_upload(), min_size=1, max_size=2)
    options = [o for o in f.options if o] or [x.value for x in form.fields
                                              if x.name == f.name and x.value] or [good]
    worst = WORST.get(f.kind, WORST["text"])
    one = st.one_of(st.sampled_from(worst), garbage(), st.sampled_from(options))
    return st.one_of(
        st.lists(one, min_size=1, max_size=1),
        st.just([]),  # the field is missing
        st.tuples(st.just(good), one).map(list),  # sent twice
    )


@st.composite
def form_data(draw, form, today: date):
    """(name, value) pairs for a whole form, the CSRF token left to the caller: the
    plausible values with one to three fields replaced, now and then an unknown field."""
    good = base(form, today)
    fields = fuzzed_fields(form)
    if fields:
        names = draw(st.lists(st.sampled_from(sorted(fields)), min_size=1,
                              max_size=min(3, len(fields)), unique=True))
        for name in names:
            first = good[name][0] if good[name] else ""
            good[name] = draw(_mutation(form, fields[name], first))
    pairs = flatten(good)
    if draw(st.integers(0, 9)) == 0:
        pairs.append((draw(st.sampled_from(["unknown", "id", "status", "amount"])),
                      draw(garbage())))
    return pairs


@st.composite
def _upload(draw):
    name = draw(st.sampled_from(["plan.pdf", "bilde.png", "x.exe", "a\x00b.pdf", "", ".pdf",
                                 "x" * 300 + ".pdf", "data.csv", "æøå.docx"]))
    content = draw(st.sampled_from([b"%PDF-1.4 x", b"\x89PNG\r\n\x1a\nxx", b"MZ\x90\x00",
                                    b"", b"a,b\n1,2\n", b"\x00\xff" * 10]))
    return ("file", name, content)


def to_multidict(pairs: list, token: str | None) -> MultiDict:
    data = MultiDict()
    if token:
        data.add("csrf_token", token)
    for name, value in pairs:
        if isinstance(value, tuple) and value[:1] == ("file",):
            data.add(name, FileStorage(io.BytesIO(value[2]), filename=value[1],
                                       content_type="application/octet-stream"))
        else:
            data.add(name, value)
    return data


def show(pairs: list) -> str:
    """The data, short enough to read in a failure report."""
    out = []
    for name, value in pairs:
        if isinstance(value, tuple):
            value = f"<file {value[1]!r}, {len(value[2])} bytes>"
        elif isinstance(value, str) and len(value) > 60:
            value = value[:40] + f"…({len(value)} chars)"
        out.append(f"{name}={value!r}")
    return ", ".join(out)
