"""Dependencies point one way: survey_app -> forms, survey_app -> analysis.

``analysis`` is pure pandas and Plotly, so it can be tested on literal DataFrames and reused
outside the web app; ``forms`` gets its choices through constructors, never from the
database. Imports are read with ``ast``, so nothing is imported to check them.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

FORBIDDEN = {
    "analysis": {"flask", "sqlalchemy", "survey_app", "forms"},
    "forms": {"survey_app"},
}


def imported_modules(path: Path) -> set[str]:
    """Top-level names of every module a file imports (relative imports stay inside)."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module)
    return names


def breaks_rule(module: str, forbidden: set[str]) -> bool:
    top = module.split(".")[0]
    # flask_sqlalchemy, flask_login and the like are Flask too.
    return top in forbidden or ("flask" in forbidden and top.startswith("flask_"))


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_imports_only_what_it_may(package):
    folder = ROOT / package
    assert folder.is_dir(), f"{package}/ is missing: the top-level layout is fixed"
    files = sorted(folder.rglob("*.py"))
    assert files, f"{package}/ has no Python files"
    broken = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in files
        for module in sorted(imported_modules(path))
        if breaks_rule(module, FORBIDDEN[package])
    ]
    assert not broken, "\n".join(broken)


def test_the_checker_sees_imports(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import flask_sqlalchemy\nfrom survey_app.models import Response\n"
        "from . import sibling\ndef f():\n    import sqlalchemy.orm\n"
    )
    modules = imported_modules(sample)
    assert modules == {"flask_sqlalchemy", "survey_app.models", "sqlalchemy.orm"}
    forbidden = FORBIDDEN["analysis"]
    assert all(breaks_rule(module, forbidden) for module in modules)
    assert not breaks_rule("pandas", forbidden)


def rate_limit_methods(path: Path) -> list[tuple[int, object]]:
    """Each ``limiter.limit(...)`` or ``limiter.shared_limit(...)`` in a file: its line and the
    HTTP methods it names (None when it names none, which means every method)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"limit", "shared_limit"}
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "limiter"
        ):
            methods = next((k.value for k in node.keywords if k.arg == "methods"), None)
            found.append((node.lineno, ast.literal_eval(methods) if methods else None))
    return found


def test_every_rate_limit_is_on_a_post():
    """The limiter skips GET and HEAD requests (survey_app/extensions.py), so a limit on
    anything but POST would silently never apply."""
    limits = [
        (path.relative_to(ROOT), line, methods)
        for path in sorted((ROOT / "survey_app").rglob("*.py"))
        for line, methods in rate_limit_methods(path)
    ]
    assert len(limits) >= 2  # sending a survey and signing in
    wrong = [limit for limit in limits if limit[2] != ["POST"]]
    assert not wrong, wrong


def test_the_rate_limit_checker_sees_methods(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '@limiter.limit(a, methods=["POST"])\ndef f(): ...\n'
        "@limiter.limit(b)\ndef g(): ...\n"
        '@limiter.shared_limit(c, scope="x", methods=["GET", "POST"])\ndef h(): ...\n'
    )
    assert rate_limit_methods(sample) == [(1, ["POST"]), (3, None), (5, ["GET", "POST"])]
