"""The shared page objects (survey_app/presenters.py), the macros that render them
(templates/_macros.html) and the template filters registered in survey_app/templating.py."""

from datetime import date, datetime

import pytest
from jinja2 import nodes

from survey_app import create_app
from survey_app.admin.presenters import audit_time
from survey_app.presenters import (
    Cell,
    Link,
    Table,
    govuk_date,
    govuk_datetime,
    linked,
    numeric,
)


@pytest.fixture(scope="module")
def built_app():
    """The app with every template and filter; rendering a macro needs no database."""
    return create_app("testing", {"SQLALCHEMY_DATABASE_URI": "sqlite://"})


def render(app, source: str, **values) -> str:
    with app.test_request_context():
        return app.jinja_env.from_string(source).render(**values)


def test_a_link_is_escaped_like_any_text(built_app):
    html = render(
        built_app,
        '{% from "_macros.html" import link %}{{ link(item) }}',
        item=Link("Tom & <Jerry>", "/results/channel/phone?mode=paper&survey=x"),
    )
    assert html == (
        '<a class="govuk-link" href="/results/channel/phone?mode=paper&amp;survey=x">'
        "Tom &amp; &lt;Jerry&gt;</a>"
    )


def test_a_table_renders_as_a_govuk_table(built_app):
    table = Table(
        "Satisfaction by channel",
        head=[Cell("Channel"), numeric("Satisfied")],
        rows=[
            [linked("Phone <1>", "/results/channel/phone"), numeric("50%")],
            [linked("Letter", None), numeric("[c]")],
        ],
    )
    html = render(
        built_app,
        '{% from "_macros.html" import table %}{{ table(t, classes="app-results-table") }}',
        t=table,
    )
    squashed = " ".join(html.split())
    assert '<table class="govuk-table app-results-table">' in squashed
    assert (
        '<caption class="govuk-table__caption govuk-table__caption--s">'
        "Satisfaction by channel</caption>"
    ) in squashed
    assert '<th scope="col" class="govuk-table__header">Channel</th>' in squashed
    assert (
        '<th scope="col" class="govuk-table__header govuk-table__header--numeric">Satisfied</th>'
    ) in squashed
    # The first cell of a row heads it; a linked cell is a GOV.UK link, its text escaped.
    assert (
        '<th scope="row" class="govuk-table__header"><a class="govuk-link" '
        'href="/results/channel/phone">Phone &lt;1&gt;</a></th>'
    ) in squashed
    assert '<td class="govuk-table__cell govuk-table__cell--numeric">50%</td>' in squashed
    # A cell with nowhere to link to is plain text.
    assert '<th scope="row" class="govuk-table__header">Letter</th>' in squashed
    assert squashed.count("<tr") == 3


def test_linked_links_only_when_there_is_somewhere_to_go():
    assert linked("Phone", "/p") == Cell("Phone", link=Link("Phone", "/p"))
    assert linked("Phone", None) == Cell("Phone")
    assert numeric("12") == Cell("12", numeric=True)


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (date(2026, 12, 1), "1 December 2026"),
        (datetime(2027, 1, 31, 23, 59), "31 January 2027"),
        (None, ""),
    ],
)
def test_govuk_date(value, words):
    assert govuk_date(value) == words


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (datetime(2026, 12, 1, 14, 30), "1 December 2026 at 2:30pm"),
        (datetime(2026, 12, 1, 0, 5), "1 December 2026 at 12:05am"),
        (datetime(2026, 12, 1, 12, 0), "1 December 2026 at 12:00pm"),
        (None, ""),
    ],
)
def test_govuk_datetime(value, words):
    assert govuk_datetime(value) == words


def test_audit_time():
    assert audit_time(datetime(2026, 12, 4, 9, 5)) == "4 December 2026 09:05 UTC"


def filters_used(app, name: str) -> set[str]:
    """The filters a template names, read from its syntax tree (Jinja itself checks a filter
    inside ``{% if %}`` only when that branch runs)."""
    source, _filename, _uptodate = app.jinja_env.loader.get_source(app.jinja_env, name)
    return filters_in(app.jinja_env.parse(source))


def filters_in(tree) -> set[str]:
    """Filters applied with ``|``, and those named to ``map`` (``map("audit_field_label")``)."""
    names = set()
    for node in tree.find_all(nodes.Filter):
        names.add(node.name)
        if node.name == "map" and node.args and isinstance(node.args[0], nodes.Const):
            names.add(node.args[0].value)
    return names


def test_every_filter_a_template_uses_is_registered(built_app):
    ours = [
        name
        for name in built_app.jinja_env.list_templates()
        if not name.startswith(("govuk_frontend_jinja/", "govuk_frontend_wtf/"))
    ]
    assert len(ours) > 60
    used = {name: filters_used(built_app, name) for name in ours}
    # Every filter templating.register(app) gives the app is in use somewhere.
    assert set().union(*used.values()) >= {
        "govuk_date",
        "govuk_datetime",
        "days_in_words",
        "redact",
        "audit_time",
        "shop_status",
        "shop_status_tag",
        "audit_field_label",
        "measured",
    }
    missing = {
        name: sorted(filters - set(built_app.jinja_env.filters))
        for name, filters in used.items()
        if filters - set(built_app.jinja_env.filters)
    }
    assert not missing


def test_the_filter_reader_sees_a_filter_inside_an_if(built_app):
    tree = built_app.jinja_env.parse(
        '{% if x %}{{ y | measured(z) }}{% endif %}{{ a|e }}{{ b | map("shop_status") | list }}'
    )
    assert filters_in(tree) == {"measured", "e", "map", "shop_status", "list"}
