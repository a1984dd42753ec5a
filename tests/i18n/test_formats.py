"""Numbers, money, dates, plurals and lists through Babel, in each language's style; and a
guard against hand-written formats coming back."""

import ast
import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from flask_babel import force_locale, ngettext

from stedskaping import formats

PACKAGE = Path(formats.__file__).parent
NBSP = "\u00a0"


@pytest.mark.parametrize(("lang", "whole", "with_ore"), [
    ("nb", f"60{NBSP}000{NBSP}kr", f"1{NBSP}500,50{NBSP}kr"),
    ("nn", f"60{NBSP}000{NBSP}kr", f"1{NBSP}500,50{NBSP}kr"),
    ("en", f"NOK{NBSP}60,000", f"NOK{NBSP}1,500.50"),
    ("fi", f"60{NBSP}000{NBSP}NOK", f"1{NBSP}500,50{NBSP}NOK"),
])
def test_money_has_grouping_and_the_locales_style(app, lang, whole, with_ore):
    with app.app_context(), force_locale(lang):
        assert formats.money(6_000_000) == whole
        assert formats.money(150_050) == with_ore
        assert formats.money(formats.Money(6_000_000)) == whole


def test_dates_times_plurals_and_lists_in_each_style(app):
    moment = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
    with app.app_context(), force_locale("en"):
        assert formats.date_text(date(2026, 12, 1), "long") == "1 December 2026"  # en-GB
        assert formats.datetime_text(moment, "short") == "01/12/2026, 10:00"  # Oslo time
        assert formats.list_text(["A", "B", "C"]) == "A, B and C"
        assert formats.number(12345) == "12,345"
    with app.app_context(), force_locale("nb"):
        assert formats.date_text(date(2026, 12, 1), "long") == "1. desember 2026"
        assert formats.list_text(["A", "B", "C"]) == "A, B og C"
        assert ngettext("%(num)d day", "%(num)d days", 1) == "1 dag"
        assert ngettext("%(num)d day", "%(num)d days", 2) == "2 dager"
        assert formats.number(12345) == f"12{NBSP}345"
        assert formats.percent(0.5) == f"50{NBSP}%"
        assert formats.date_text("2027-03-01", "long") == "1. mars 2027"  # a stored answer
    with app.app_context(), force_locale("sv"):
        assert formats.list_text(["A", "B", "C"]) == "A, B och C"


def test_a_page_shows_money_and_dates_through_the_filters(app):
    with app.test_request_context("/?lang=nb"), force_locale("nb"):
        rendered = app.jinja_env.from_string(
            "{{ 6000000|money }} · {{ format_date(day, 'long') }} · {{ names|listing }}"
        ).render(day=date(2027, 5, 1), names=["Kari", "Ola", "Per"])
    assert rendered == f"60{NBSP}000{NBSP}kr · 1. mai 2027 · Kari, Ola og Per"


# --- no hand-written formats ---------------------------------------------------------------

# In templates: strftime, a number format, a currency glued on, the old kroner filter.
TEMPLATE_PATTERNS = {
    "strftime": re.compile(r"strftime"),
    "'{:,}' or '%.2f' formats":
        re.compile(r"""["'][^"']*(\{:[,.]|%\.?\d*[df]\b)[^"']*["']\s*\|\s*format"""),
    "a currency glued on": re.compile(r"""~\s*["']\s*(kr|NOK)\b|\}\}\s*(kr|NOK)\b"""),
    "the kroner filter (use money)": re.compile(r"\|\s*kroner\b"),
    "an amount with 'kr' in the message (money() writes the currency)":
        re.compile(r"%\(\w+\)s kr\b"),
}


def test_templates_format_through_babel():
    found = []
    for path in (PACKAGE / "templates").rglob("*"):
        if path.suffix not in (".html", ".txt"):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for what, pattern in TEMPLATE_PATTERNS.items():
                # A map point is written as maps write it (59.91234, 10.75432).
                if pattern.search(line) and "latitude" not in line:
                    found.append(f"{path.relative_to(PACKAGE)}:{number}: {what}")
    assert found == []


# Python: the modules that write machine formats (CSV, calendars, stored values, form
# fields' own text) may; every other module shows numbers and dates through formats.
MACHINE_FORMATS = {"csvfile.py", "formats.py", "fields.py", "calendar.py", "calendar_views.py"}


def _hand_written(tree: ast.AST) -> list[tuple[int, str]]:
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "strftime":
            found.append((node.lineno, "strftime"))
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = "".join(v.value for v in node.format_spec.values
                           if isinstance(v, ast.Constant))
            if "," in spec or re.search(r"\.\d+f", spec):
                found.append((node.lineno, f"f-string format {spec!r}"))
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and (
                "{:," in node.value or re.search(r"%\(\w+\)s kr\b|\{\w*\} kr\b", node.value)):
            found.append((node.lineno, f"hand-written format in {node.value[:40]!r}"))
        if isinstance(node, ast.ImportFrom) and node.module in ("flask_babel", "babel.dates",
                                                                 "babel.numbers"):
            found += [(node.lineno, f"{a.name} (use stedskaping.formats: English as en-GB)")
                      for a in node.names if a.name.startswith("format_")]
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "format_kroner":
            found.append((node.lineno, "format_kroner for display (use formats.money)"))
    return found


def test_python_formats_through_babel():
    found = []
    for path in PACKAGE.rglob("*.py"):
        if "migrations" in path.parts or path.name in MACHINE_FORMATS:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(PACKAGE)}:{line}: {what}"
                  for line, what in _hand_written(tree)]
    assert found == []


def test_the_guard_sees_what_it_looks_for():
    tree = ast.parse('x = f"{n:,}"\ny = day.strftime("%d.%m")\nz = "%(a)s kr"\n'
                     'w = format_kroner(5)\nfrom flask_babel import format_date\n')
    assert sorted(line for line, _what in _hand_written(tree)) == [1, 2, 3, 4, 5]
    assert TEMPLATE_PATTERNS["a currency glued on"].search('{{ amount ~ " kr" }}')
    assert TEMPLATE_PATTERNS["strftime"].search("{{ day.strftime('%d') }}")
