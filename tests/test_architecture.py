"""The layout's rules, checked.

Dependencies point one way: survey_app -> forms, survey_app -> analysis. ``analysis`` is
pure pandas and Plotly, so it can be tested on literal DataFrames and reused outside the web
app; ``forms`` gets its choices through constructors, never from the database. Imports are
read with ``ast``, so nothing is imported to check them.

One address, one package: each first segment of an address is served by one blueprint,
named after it, and the README's table says which package that is. Pages are built from
data by templates: no HTML in Python strings, and every template filter and global is
registered in ``survey_app.templating``.
"""

import ast
import re
from collections import defaultdict
from pathlib import Path

import pytest

from survey_app import create_app

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


# Every element of HTML (WHATWG), and the SVG and MathML roots: a "<name" that is one of these,
# followed by a space, "/" or ">", is a tag. Route variables ("<slug>", "<int:user_id>") and
# regular expressions' named groups ("(?P<label>...)") are not.
_ELEMENT_NAMES = (
    "a abbr address area article aside audio b base bdi bdo blockquote body br button canvas "
    "caption cite code col colgroup data datalist dd del details dfn dialog div dl dt em embed "
    "fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 head header hgroup hr html i "
    "iframe img input ins kbd label legend li link main map mark math menu meta meter nav "
    "noscript object ol optgroup option output p picture pre progress q rp rt ruby s samp "
    "script search section select slot small source span strong style sub summary sup svg "
    "table tbody td template textarea tfoot th thead time title tr track u ul var video "
    "wbr"
)
HTML_ELEMENTS = frozenset(_ELEMENT_NAMES.split())
HTML_TAG = re.compile(r"(?<!\?P)</?([A-Za-z][A-Za-z0-9]*)(?=[\s/>])")

# Strings that look like HTML and are not, each with why. Keep this short.
NOT_HTML: set[tuple[str, str]] = set()


def docstrings(tree: ast.AST) -> set[int]:
    """The ids of the constants that are docstrings: prose for readers, never output."""
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if (
                body
                and isinstance(body[0], ast.Expr)
                and isinstance(body[0].value, ast.Constant)
                and isinstance(body[0].value.value, str)
            ):
                found.add(id(body[0].value))
    return found


def route_rules(tree: ast.AST) -> set[int]:
    """The ids of the address rules given to ``route`` and ``add_url_rule``."""
    return {
        id(argument)
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in {"route", "add_url_rule"}
        for argument in node.args[:1]
    }


def html_in_strings(path: Path) -> list[tuple[int, str]]:
    """Each string literal of a file holding an HTML tag: its line and the text.

    An f-string is read as a whole, its replacement fields standing in as ``{}``, so a tag
    split across them (``f'<a href="{url}">'``) is still seen.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    skipped = docstrings(tree) | route_rules(tree)
    found = []
    inside_fstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            inside_fstrings.update(id(part) for part in node.values)
            text = "".join(
                part.value if isinstance(part, ast.Constant) else "{}" for part in node.values
            )
        elif (
            isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in skipped | inside_fstrings
        ):
            text = node.value
        else:
            continue
        if any(name.lower() in HTML_ELEMENTS for name in HTML_TAG.findall(text)):
            found.append((node.lineno, text))
    return sorted(found)


def test_no_html_in_python_strings():
    """Pages are built from data by Jinja templates and macros (``templates/_macros.html``
    renders ``survey_app.presenters``' links and tables): HTML written in a Python string is
    escaped by hand or not at all, and cannot be found by reading the templates."""
    found = [
        f"{path.relative_to(ROOT)}:{line}: {text!r}"
        for path in sorted((ROOT / "survey_app").rglob("*.py"))
        for line, text in html_in_strings(path)
        if (str(path.relative_to(ROOT)), text) not in NOT_HTML
    ]
    assert not found, "\n".join(found)


def test_the_html_checker_sees_tags_and_nothing_else(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '"""A module that writes <p> in its docstring."""\n'
        "import re\n"
        '@bp.route("/links/<channel>/<int:user_id>/<data>")\n'
        "def view(url, name):\n"
        '    """Docstrings may name <a> and <table>."""\n'
        '    link = f\'<a class="govuk-link" href="{url}">{name}</a>\'\n'
        '    para = "<p>" + name + "</p>"\n'
        '    br = "line<br/>"\n'
        '    pattern = re.compile(r"(?P<label>ref)(?P<data>[0-9]+)")\n'
        '    words = "fewer than 10 <c> and x<y and a < b"\n'
        '    route_text = "/survey/<channel>/<slug>"\n'
        "    escaped = json.replace('</', '<\\\\/')\n"
        '    closing = f"{name}</td>"\n'
    )
    found = [line for line, _text in html_in_strings(sample)]
    assert found == [6, 7, 7, 8, 13]


# Flask and Jinja's ways of adding what templates can use.
TEMPLATE_REGISTRATIONS = {
    "add_template_filter",
    "add_template_global",
    "add_template_test",
    "app_template_filter",
    "app_template_global",
    "app_template_test",
    "add_app_template_filter",
    "add_app_template_global",
    "add_app_template_test",
    "template_filter",
    "template_global",
    "template_test",
    "context_processor",
    "app_context_processor",
}
TEMPLATING = ROOT / "survey_app" / "templating.py"


def template_registrations(path: Path) -> list[tuple[int, str]]:
    """Each place a file adds a template filter, global, test or context processor: a call or
    decorator named in TEMPLATE_REGISTRATIONS, or a change to ``jinja_env.filters``,
    ``.globals`` or ``.tests``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Attribute):
            if node.attr in TEMPLATE_REGISTRATIONS:
                found.append((node.lineno, node.attr))
            elif (
                node.attr in {"filters", "globals", "tests"}
                and isinstance(node.value, ast.Attribute)
                and node.value.attr == "jinja_env"
            ):
                found.append((node.lineno, f"jinja_env.{node.attr}"))
    return sorted(found)


def test_every_template_filter_and_global_is_registered_in_templating():
    """One module says every name a template can use beyond Jinja's own."""
    elsewhere = [
        f"{path.relative_to(ROOT)}:{line}: {name}"
        for path in sorted((ROOT / "survey_app").rglob("*.py"))
        if path != TEMPLATING
        for line, name in template_registrations(path)
    ]
    assert not elsewhere, "\n".join(elsewhere)
    assert template_registrations(TEMPLATING)


def test_the_registration_checker_sees_every_way(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        '@bp.app_template_filter("x")\ndef x(v): ...\n'
        "app.add_template_global(f)\n"
        "@app.context_processor\ndef values(): ...\n"
        "app.jinja_env.filters['y'] = f\n"
        "app.jinja_env.globals.update(z=f)\n"
        "app.jinja_env.trim_blocks = True\n"
        "filters = {'a': 1}\n"
    )
    assert template_registrations(sample) == [
        (1, "app_template_filter"),
        (3, "add_template_global"),
        (4, "context_processor"),
        (6, "jinja_env.filters"),
        (7, "jinja_env.globals"),
    ]


# Routes the app serves itself, not a blueprint: GOV.UK Frontend's files and our own.
APP_FILE_ROUTES = {"govuk_frontend": "govuk-frontend", "static": "static"}
# The blueprint with no address prefix: it serves single pages at the top ("/", "/privacy").
TOP_LEVEL_BLUEPRINT = "main"


@pytest.fixture(scope="module")
def built_app():
    """The app with every route. Building it needs no database, so none is made."""
    return create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})


@pytest.fixture(scope="module")
def url_map(built_app):
    return built_app.url_map


def first_segment(rule: str) -> str:
    """``/admin/users/<int:user_id>`` -> ``admin``; ``/`` -> ``""``."""
    return rule.split("/")[1]


def owners_by_segment(url_map) -> dict[str, set[str]]:
    """Each first segment of an address, and who serves it: a blueprint's name, or the
    endpoint itself for a route of the app's own."""
    owners = defaultdict(set)
    for rule in url_map.iter_rules():
        blueprint, dot, _view = rule.endpoint.rpartition(".")
        owners[first_segment(rule.rule)].add(blueprint if dot else rule.endpoint)
    return owners


def test_each_address_prefix_is_served_by_one_blueprint_named_after_it(url_map):
    owners = owners_by_segment(url_map)
    shared = {segment: sorted(who) for segment, who in owners.items() if len(who) > 1}
    assert not shared, f"served by more than one blueprint: {shared}"
    for segment, (owner,) in ((s, tuple(o)) for s, o in owners.items()):
        if owner in APP_FILE_ROUTES:
            assert segment == APP_FILE_ROUTES[owner]
        elif owner == TOP_LEVEL_BLUEPRINT:
            pages = [r.rule for r in url_map.iter_rules() if first_segment(r.rule) == segment]
            assert all(rule.count("/") == 1 for rule in pages), pages  # single pages only
        else:
            assert segment == owner.replace("_", "-"), f"/{segment}/ is served by {owner}"


def test_the_prefix_checker_sees_a_shared_prefix():
    from werkzeug.routing import Map, Rule

    shared = Map(
        [
            Rule("/admin/users", endpoint="admin.users"),
            Rule("/admin/surveys", endpoint="survey_admin.surveys"),
            Rule("/", endpoint="main.index"),
            Rule("/assets/<path:filename>", endpoint="govuk_assets"),
        ]
    )
    assert owners_by_segment(shared) == {
        "admin": {"admin", "survey_admin"},
        "": {"main"},
        "assets": {"govuk_assets"},
    }


def readme_address_table() -> dict[str, tuple[str, str]]:
    """The README's table of addresses: each first segment -> (who serves it, package)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Addresses and packages", 1)[1].split("\n#", 1)[0]
    table = {}
    for line in section.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) != 3 or not cells[0].startswith("`/"):
            continue
        addresses, owner, package = cells
        for address in re.findall(r"`(/[^`]*)`", addresses):
            table[first_segment(address)] = (owner.strip("`"), package.strip("`"))
    return table


def test_the_readme_table_of_addresses_matches_the_app(built_app, url_map):
    table = readme_address_table()
    owners = {segment: next(iter(who)) for segment, who in owners_by_segment(url_map).items()}
    # Every route of the app's own is named in the table as the app's.
    app_routes = {segment for segment, owner in owners.items() if owner in APP_FILE_ROUTES}
    assert {s for s, (owner, _) in table.items() if owner == "the app"} == app_routes
    assert {s: owner for s, (owner, _) in table.items() if owner != "the app"} == {
        segment: owner for segment, owner in owners.items() if segment not in app_routes
    }
    for segment, (owner, package) in table.items():
        assert (ROOT / package).exists(), f"README names {package} for /{segment}"
        if owner in built_app.blueprints:
            where = built_app.blueprints[owner].import_name.replace(".", "/") + "/"
            assert package == where, f"/{segment} is served from {where}, not {package}"


# Tests mirror the packages ------------------------------------------------------------

# Folders under tests/ that test the whole app from outside rather than one package.
CROSS_CUTTING_TEST_FOLDERS = {"browser", "security"}


def folders_that_mirror_no_package(root: Path = ROOT) -> set[str]:
    """Names of folders under tests/ that match no package (the README says they mirror)."""
    packages = {p.name for p in (root / "survey_app").iterdir() if (p / "__init__.py").exists()}
    packages |= {"analysis", "forms"}
    folders = {p.name for p in (root / "tests").iterdir() if (p / "__init__.py").exists()}
    return folders - packages - CROSS_CUTTING_TEST_FOLDERS


def test_the_tests_mirror_the_packages():
    assert folders_that_mirror_no_package() == set()


def test_the_mirror_checker_sees_a_stray_folder(tmp_path):
    for folder in ("survey_app/admin", "survey_app/results", "tests/admin", "tests/survey_admin"):
        (tmp_path / folder).mkdir(parents=True)
        (tmp_path / folder / "__init__.py").touch()
    assert folders_that_mirror_no_package(tmp_path) == {"survey_admin"}


# Transactions and caches have one home each: survey_app/services/transactions.py owns every
# commit and rollback, survey_app/caching.py every per-process cache.
TRANSACTIONS = ROOT / "survey_app" / "services" / "transactions.py"
CACHING = ROOT / "survey_app" / "caching.py"
_ENDS_A_TRANSACTION = {"commit", "rollback"}
_CACHES = {"cache", "lru_cache", "cached_property"}


def transaction_calls(path: Path) -> list[tuple[int, str]]:
    """Each ``<anything>.commit()`` or ``.rollback()`` call in a file: its line and method."""
    return sorted(
        (node.lineno, node.func.attr)
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path)))
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in _ENDS_A_TRANSACTION
    )


def test_only_the_transactions_module_commits_or_rolls_back():
    found = [
        f"{path.relative_to(ROOT)}:{line} calls {method}()"
        for path in sorted((ROOT / "survey_app").rglob("*.py"))
        if path != TRANSACTIONS
        for line, method in transaction_calls(path)
    ]
    assert not found, "use survey_app.services.transactions:\n" + "\n".join(found)
    assert {method for _, method in transaction_calls(TRANSACTIONS)} == _ENDS_A_TRANSACTION


def test_the_transaction_checker_sees_every_commit_and_rollback(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "db.session.commit()\n"
        "def f(connection):\n    connection.rollback()\n"
        "session().commit()\n"
        "commit = 'commit()'\nrepo.commits()\n"
    )
    assert transaction_calls(sample) == [(1, "commit"), (3, "rollback"), (4, "commit")]


def cache_uses(path: Path) -> list[tuple[int, str]]:
    """Each use of functools' caches in a file (imported, decorated or called): line, name."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.ImportFrom) and node.module == "functools":
            found += [(node.lineno, a.name) for a in node.names if a.name in _CACHES]
        elif (
            isinstance(node, ast.Attribute)
            and node.attr in _CACHES
            and isinstance(node.value, ast.Name)
            and node.value.id == "functools"
        ):
            found.append((node.lineno, node.attr))
    return sorted(found)


def test_every_per_process_cache_is_made_in_the_caching_module():
    found = [
        f"{path.relative_to(ROOT)}:{line} uses functools.{name}"
        for path in sorted((ROOT / "survey_app").rglob("*.py"))
        if path != CACHING
        for line, name in cache_uses(path)
    ]
    assert not found, "define caches with survey_app.caching.kept:\n" + "\n".join(found)


def test_the_cache_checker_sees_every_way_to_make_one(tmp_path):
    sample = tmp_path / "sample.py"
    sample.write_text(
        "from functools import cache, wraps\n"
        "import functools\n"
        "@functools.lru_cache(maxsize=2)\ndef f(): ...\n"
        "class C:\n    @functools.cached_property\n    def p(self): ...\n"
        "from functools import lru_cache as kept\n"
        "cache = {}\n"
    )
    assert cache_uses(sample) == [
        (1, "cache"),
        (3, "lru_cache"),
        (6, "cached_property"),
        (8, "lru_cache"),
    ]
