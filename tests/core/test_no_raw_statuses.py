"""Statuses are written through each domain's ``move`` and named by their enums: no
string literal for a status outside the models modules (nor in the funding pages)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "stedskaping"
# Where the enums and tables live; the gateway speaks Stripe's own vocabulary.
EXEMPT = {"models.py", "statuses.py"}
# Receivers whose ``.status`` is Stripe's (an intent) or the gateway's (a ChargeResult).
FOREIGN = {"intent", "result"}


def _is_text(node) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str)
    if isinstance(node, ast.Tuple | ast.List | ast.Set):
        return any(_is_text(element) for element in node.elts)
    if isinstance(node, ast.IfExp):
        return _is_text(node.body) or _is_text(node.orelse)
    return False


def _is_status(node) -> bool:
    return (isinstance(node, ast.Attribute) and node.attr == "status"
            and not (isinstance(node.value, ast.Name) and node.value.id in FOREIGN))


def _pairs(targets, value):
    for target in targets:
        if isinstance(target, ast.Tuple) and isinstance(value, ast.Tuple):
            yield from zip(target.elts, value.elts, strict=False)
        else:
            yield target, value


def _raw_statuses(tree) -> list[int]:
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):  # x.status = "paid"; x.status, y = "paid", 1
            lines += [node.lineno for target, value in _pairs(node.targets, node.value)
                      if _is_status(target) and _is_text(value)]
        elif isinstance(node, ast.keyword) and node.arg == "status" and _is_text(node.value):
            lines.append(node.value.lineno)  # Model(status="paid"), .values(status="paid")
        elif isinstance(node, ast.Compare):  # x.status == "paid", x.status in ("a", "b")
            sides = [node.left, *node.comparators]
            if any(_is_status(side) for side in sides) and any(_is_text(s) for s in sides):
                lines.append(node.lineno)
        elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
              and node.func.attr in ("in_", "notin_") and _is_status(node.func.value)
              and any(_is_text(arg) for arg in node.args)):
            lines.append(node.lineno)  # Model.status.in_(("a", "b"))
    return sorted(lines)


def test_the_check_finds_raw_statuses():
    code = '\n'.join([
        'pledge.status = "paid"', 'pledge.status, pledge.amount = "paid", 0',
        'Pledge(status="paid")', 'update(Pledge).values(status="paid")',
        'if campaign.status == "live": pass', 'if p.status not in ("a", "b"): pass',
        'select(Pledge).where(Pledge.status.notin_(("a", "b")))',
        'request.status = "approved" if approve else "refused"',
        'if intent.status == "succeeded": pass',  # Stripe's own: allowed
        'pledge.status = PledgeStatus.PAID', 'error = Error(status=409)',
    ])
    assert _raw_statuses(ast.parse(code)) == [1, 2, 3, 4, 5, 6, 7, 8]


def test_no_raw_status_strings_outside_the_models_modules():
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name in EXEMPT:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
        found += [f"{path.relative_to(ROOT)}:{line}" for line in _raw_statuses(tree)]
    assert found == [], "write statuses with move() and name them by their enums"


# A status compared with a quoted string, in a page.
_TEMPLATE_STATUS = re.compile(r"""\.status\s*(==|!=|\bin\b|\bnot in\b)\s*[(\[]?\s*["']""")
_CAMPAIGN_STATUS = re.compile(r"""\b(campaign|round)\.status\s*(==|!=|\bin\b)\s*[(\[]?\s*["']""")


def test_the_pages_compare_statuses_with_the_enums():
    funding_pages = sorted((ROOT / "stedskaping" / "templates" / "funding").rglob("*.html"))
    assert funding_pages
    found = [f"{path.relative_to(ROOT)}:{number}" for path in funding_pages
             for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
             if _TEMPLATE_STATUS.search(line)]
    found += [f"{path.relative_to(ROOT)}:{number}"
              for path in sorted((ROOT / "stedskaping" / "templates").rglob("*.html"))
              for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
              if _CAMPAIGN_STATUS.search(line)]
    assert found == [], "compare with CampaignStatus.X / PledgeStatus.X"
