"""Who may import whom (docs/architecture.md): read from the code itself with ast, so a
new import that breaks the direction, or closes a cycle, fails here."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import stedskaping

PACKAGE = Path(stedskaping.__file__).parent

# The layers, bottom up. A unit is a package under stedskaping/ or a single module.
BASE = {"text", "dates", "domain", "statuses", "db", "signals", "extensions", "csvfile",
        "markup", "config"}
ENGINE = {"engine"}
CORE = {"plugins", "access", "fields", "errors", "input", "security", "i18n", "formats",
        "payments", "storage", "jobs", "links", "probes", "pages", "cache"}
DOMAINS = list(stedskaping.DOMAINS)
APP = {"__init__", "domains", "cli", "demo", "scheduler", "models"}


def _sources():
    """The package's own code; the Alembic migrations in it are data, not a layer."""
    return (p for p in PACKAGE.rglob("*.py") if "migrations" not in p.relative_to(PACKAGE).parts)


def _unit(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else "__init__"


def _is_module(name: str) -> bool:
    return (PACKAGE / f"{name}.py").exists() or (PACKAGE / name).is_dir()


def _type_checking_lines(tree: ast.AST) -> set[int]:
    """Lines inside `if TYPE_CHECKING:` blocks: imports for type hints only."""
    lines = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING":
            for child in ast.walk(node):
                if hasattr(child, "lineno"):
                    lines.add(child.lineno)
    return lines


def _imports() -> dict[str, set[tuple[str, str]]]:
    """unit -> {(imported unit, where)} for every import of the package by the package."""
    found = defaultdict(set)
    for path in _sources():
        relative = path.relative_to(PACKAGE.parent).with_suffix("")
        module = ".".join(relative.parts).removesuffix(".__init__")
        me = _unit(module) if module != "stedskaping" else "__init__"
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skip = _type_checking_lines(tree)
        for node in ast.walk(tree):
            if getattr(node, "lineno", None) in skip:
                continue
            targets = []
            if isinstance(node, ast.ImportFrom) and node.module == "stedskaping":
                # `from stedskaping import text` names a module; `... import DOMAINS`
                # a name of the package's own __init__.
                targets = [f"stedskaping.{a.name}" if _is_module(a.name) else "stedskaping"
                           for a in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "stedskaping."):
                targets = [node.module]
            elif isinstance(node, ast.Import):
                targets = [a.name for a in node.names if a.name.startswith("stedskaping.")]
            for target in targets:
                unit = _unit(target)
                if unit != me:
                    found[me].add((unit, f"{relative}:{node.lineno}"))
    return found


def _allowed(unit: str) -> set[str]:
    if unit in BASE:
        return BASE
    if unit in ENGINE:
        return {"text", "dates"}
    if unit in CORE:
        return BASE | ENGINE | CORE
    if unit in DOMAINS:
        return BASE | ENGINE | CORE | set(DOMAINS[:DOMAINS.index(unit)])
    return BASE | ENGINE | CORE | set(DOMAINS) | APP


def test_every_unit_has_a_layer():
    units = {_unit(".".join(p.relative_to(PACKAGE.parent).with_suffix("").parts))
             for p in _sources()}
    known = BASE | ENGINE | CORE | set(DOMAINS) | APP
    assert units <= known, f"add these to a layer in docs/architecture.md: {units - known}"


def test_imports_point_down_the_layers_and_back_along_the_domain_list():
    wrong = [f"{where}: {unit} imports {target}"
             for unit, imports in _imports().items()
             for target, where in sorted(imports) if target not in _allowed(unit)]
    assert wrong == []


def test_no_two_units_import_each_other():
    edges = {unit: {t for t, _w in imports} for unit, imports in _imports().items()}
    pairs = sorted({tuple(sorted((a, b))) for a, targets in edges.items() for b in targets
                    if a in edges.get(b, set())})
    assert pairs == []


def test_the_engine_knows_nothing_of_flask_or_the_database():
    for path in (PACKAGE / "engine").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else (
                [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(("flask", "sqlalchemy", "werkzeug")), \
                    f"{path.name} imports {name}"


def test_no_module_over_400_lines_and_no_function_over_40():
    too_long = []
    for path in _sources():
        source = path.read_text(encoding="utf-8")
        if len(source.splitlines()) > 400:
            too_long.append(f"{path.name}: {len(source.splitlines())} lines")
        for node in ast.walk(ast.parse(source)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > 40:
                    too_long.append(f"{path.name}:{node.lineno} {node.name}(): {length} lines")
    assert too_long == []


# --- the commit boundary (docs/architecture.md) -----------------------------------------

# What talks to the outside: the Stripe client and the SMTP transport.
OUTSIDE = ("stripe", "smtplib", "stedskaping.payments.gateway", "stedskaping.notifications.mailer")


def _view_modules():
    """Modules that define pages: views.py, *_views.py and the blueprint helpers."""
    return [p for p in _sources() if p.stem in ("views", "blueprint") or p.stem.endswith("_views")]


def _imported_names(tree: ast.AST) -> list[str]:
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            # `from stedskaping.payments import gateway` imports the module gateway.
            names += [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
    return names


def test_no_view_imports_the_stripe_client_or_the_smtp_transport():
    views = _view_modules()
    assert len(views) >= 10  # the check sees the pages
    found = [f"{path.relative_to(PACKAGE)} imports {name}" for path in views
             for name in _imported_names(ast.parse(path.read_text(encoding="utf-8")))
             if name == OUTSIDE[0] or name.startswith(("stripe.", *OUTSIDE[1:]))]
    assert found == []


def test_commits_only_at_the_boundary_in_units_of_work_jobs_and_commands():
    """`commit()` is called by the request boundary (the factory), `db` itself
    (`unit_of_work`), jobs and commands; nowhere else."""
    found = []
    for path in _sources():
        where = str(path.relative_to(PACKAGE))
        allowed = where in ("__init__.py", "db.py") or path.name in ("jobs.py", "cli.py")
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", "")
                if name == "commit" and not allowed:
                    found.append(f"{path.relative_to(PACKAGE)}:{node.lineno}")
    assert found == []
    boundary = (PACKAGE / "__init__.py").read_text(encoding="utf-8")
    assert boundary.count("commit()") == 1  # the request's, in configure_commit_boundary
