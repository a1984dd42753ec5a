"""CSV exports that a spreadsheet program opens safely.

A cell that starts with =, +, -, @, a tab or a carriage return may be run as a
formula (CSV injection); OWASP's rule is to prefix such a cell with a single quote
so that it is shown as text. Every CSV the app writes goes through ``csv_text``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_text(header: Iterable, rows: Iterable[Iterable]) -> str:
    """The rows as CSV text with a header, every cell neutralised; semicolons (what
    Norwegian spreadsheet programs expect) and a BOM so that they read UTF-8."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";")
    for row in (header, *rows):
        writer.writerow([safe_cell(cell) for cell in row])
    return out.getvalue()
