#!/usr/bin/env python
"""Every package the portal imports at runtime is installed by `pip install .`.

Walks every module outside tests/, benchmarks/ and scripts/ (imports inside functions
included), finds the distribution that provides each third-party import in the
current environment, and fails when that distribution is not required by the base
dependencies of pyproject.toml (directly or through them). Imports of the optional
backends are allowed only where they belong to an extra other than `test`
(prod, es, redis) — the settings choose those backends by environment variable.

Run it where the test extras are installed (so every import resolves):
    python scripts/check_imports.py
"""

import ast
import re
import sys
import tomllib
from importlib import metadata
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
NOT_RUNTIME = {"tests", "benchmarks", "scripts", ".venv", "node_modules", "var", "build"}


def runtime_modules(root=ROOT):
    """Python files the running portal may import (everything but tests and tools)."""
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root).parts
        if parts[0] in NOT_RUNTIME or parts[0].startswith("."):
            continue
        yield path


def _guarded(tree):
    """Import nodes inside `try: ... except ImportError` (the code copes without them)."""
    guarded = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Try) and any(
            _catches_import_error(handler.type) for handler in node.handlers
        ):
            guarded |= {id(inner) for stmt in node.body for inner in ast.walk(stmt)}
    return guarded


def _catches_import_error(expr):
    names = {"ImportError", "ModuleNotFoundError"}
    if isinstance(expr, ast.Tuple):
        return any(_catches_import_error(item) for item in expr.elts)
    return isinstance(expr, ast.Name) and expr.id in names


def imported_names(path):
    """{top-level module name: first line number} of every absolute import in `path`
    that the code needs (imports guarded by `except ImportError` are left out)."""
    names = {}
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    guarded = _guarded(tree)
    for node in ast.walk(tree):
        if id(node) in guarded:
            continue
        if isinstance(node, ast.Import):
            for alias in node.names:
                names.setdefault(alias.name.split(".")[0], node.lineno)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.setdefault(node.module.split(".")[0], node.lineno)
    return names


def dotted_paths(path):
    """{top-level name: line} of the dotted paths in a settings module (apps, middleware,
    backends are imported by name). Model labels ("accounts.User") look the same: the
    caller keeps only names some installed distribution provides."""
    if not _is_settings(path):
        return {}
    names = {}
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        is_text = isinstance(node, ast.Constant) and isinstance(node.value, str)
        if is_text and DOTTED.fullmatch(node.value):
            names.setdefault(node.value.split(".")[0], node.lineno)
    return names


DOTTED = re.compile(r"[a-z_][a-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+")


def _is_settings(path):
    return path.parent.name == "settings" and path.parent.parent.name == "portal"


def first_party(root=ROOT):
    """Top-level names of the project's own packages and modules."""
    return {p.name for p in root.iterdir() if (p / "__init__.py").exists()} | {
        p.stem for p in root.glob("*.py")
    }


def requirement_closure(requirements):
    """Canonical names of the distributions `requirements` install, dependencies included
    (as installed here; environment markers evaluated, extras followed)."""
    seen, stack = set(), [(Requirement(r), ()) for r in requirements]
    while stack:
        requirement, _chain = stack.pop()
        key = (canonicalize_name(requirement.name), tuple(sorted(requirement.extras)))
        if key in seen:
            continue
        seen.add(key)
        try:
            dist = metadata.distribution(requirement.name)
        except metadata.PackageNotFoundError:
            continue
        for line in dist.requires or ():
            child = Requirement(line)
            if child.marker is not None:
                extras = requirement.extras or {""}
                if not any(
                    child.marker.evaluate({**default_environment(), "extra": extra})
                    for extra in extras
                ):
                    continue
            stack.append((child, key))
    return {name for name, _extras in seen}


def providers():
    """{top-level module name: canonical distribution names} in this environment."""
    return {
        module: {canonicalize_name(dist) for dist in dists}
        for module, dists in metadata.packages_distributions().items()
    }


def check(root=ROOT):
    """Problems as (path, line, module, why); empty when every import is covered."""
    project = tomllib.loads((root / "pyproject.toml").read_text())["project"]
    base = requirement_closure(project["dependencies"])
    optional = set()
    for extra, requirements in project.get("optional-dependencies", {}).items():
        if extra != "test":
            optional |= requirement_closure(requirements)
    ours, stdlib, found = first_party(root), set(sys.stdlib_module_names), providers()
    problems = []
    for path in runtime_modules(root):
        named = {m: line for m, line in dotted_paths(path).items() if m in found}
        for module, line in {**named, **imported_names(path)}.items():
            if module in ours or module in stdlib or module == "__future__":
                continue
            dists = found.get(module)
            where = path.relative_to(root)
            if not dists:
                problems.append((where, line, module, "no installed distribution provides it"))
            elif not dists & base:
                why = "only in an optional extra" if dists & optional else "not a base dependency"
                if dists & optional and _optional_ok(path, module):
                    continue
                problems.append((where, line, module, f"{why} ({', '.join(sorted(dists))})"))
    return problems


# Where an optional backend may be imported: only code that runs when the settings
# choose that backend by environment variable (ELASTICSEARCH_URL, TASK_BACKEND=rq), and
# OCR, which documents/ocr.py imports only after asking whether it is installed.
# psycopg is loaded by Django for a postgres:// DATABASE_URL, never named by us.
OPTIONAL_IMPORTS = {
    "redis": re.compile(r"^portal/views\.py$"),
    "elasticsearch": re.compile(r"^search/backends/elasticsearch\.py$"),
    "django_tasks_rq": re.compile(r"^portal/settings/base\.py$"),
    "pytesseract": re.compile(r"^documents/ocr\.py$"),
}


def _optional_ok(path, module):
    pattern = OPTIONAL_IMPORTS.get(module)
    return bool(pattern and pattern.search(path.relative_to(ROOT).as_posix()))


def main():
    problems = check()
    for where, line, module, why in problems:
        print(f"{where}:{line}: imports {module}: {why}")
    if problems:
        print(
            f"{len(problems)} runtime import(s) not installed by `pip install .`: add the "
            "package to [project] dependencies in pyproject.toml, or stop importing it."
        )
        return 1
    print("every runtime import is installed by the base dependencies (or its extra)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
