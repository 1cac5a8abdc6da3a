"""Imports in templates behave exactly as in Jinja, only cheaper (QuickImportTemplate)."""

import pytest
from jinja2 import DictLoader, Environment, Template

from survey_app.templating import QuickImportTemplate

TEMPLATES = {
    "macros.html": "{% macro hello() %}{{ greeting | default('no greeting') }}{% endmacro %}",
    "page.html": "{% from 'macros.html' import hello %}[{{ hello() }}]",
}


def _environment(template_class) -> Environment:
    environment = Environment(loader=DictLoader(TEMPLATES), autoescape=True)
    environment.template_class = template_class
    return environment


@pytest.mark.parametrize("template_class", [Template, QuickImportTemplate])
def test_an_import_renders_as_jinja_renders_it(template_class):
    environment = _environment(template_class)
    assert environment.get_template("page.html").render() == "[no greeting]"
    # Render-time variables never reach an imported macro (imports are without context).
    assert environment.get_template("page.html").render(greeting="hi") == "[no greeting]"
    # A global the importing page has and the imported template lacks does reach it: Jinja
    # builds the imported template a module of its own for that page.
    page = environment.get_template("page.html", globals={"greeting": "hello"})
    assert page.render() == "[hello]"


def test_an_import_without_new_globals_reuses_the_kept_module():
    environment = _environment(QuickImportTemplate)
    macros = environment.get_template("macros.html")
    context = environment.get_template("page.html").new_context()
    assert macros._get_default_module(context) is macros.module


def test_an_import_with_new_globals_gets_a_module_of_its_own():
    environment = _environment(QuickImportTemplate)
    macros = environment.get_template("macros.html")
    page = environment.get_template("page.html", globals={"greeting": "hello"})
    module = macros._get_default_module(page.new_context())
    assert module is not macros.module
    assert str(module.hello()) == "hello"


def test_the_app_renders_with_quick_imports(app, client):
    assert app.jinja_env.template_class is QuickImportTemplate
    page = client.get("/survey/phone").get_data(as_text=True)
    # The header, phase banner and button come from imported GOV.UK macros.
    assert 'class="govuk-phase-banner' in page
    assert "govuk-button" in page


@pytest.fixture
def rendered(app):
    """The names of the templates the app renders, in order."""
    from flask import template_rendered

    names = []

    def record(sender, template, context, **extra):
        names.append(template.name)

    template_rendered.connect(record, app)
    yield names
    template_rendered.disconnect(record, app)


def test_the_page_frame_is_rendered_once_and_kept(app, client, rendered):
    first = client.get("/survey/phone").get_data(as_text=True)
    second = client.get("/survey/email").get_data(as_text=True)
    frame = ["_frame_header.html", "_frame_skip_link.html", "_frame_phase_banner.html"]
    assert sorted(name for name in rendered if name.startswith("_frame")) == sorted(frame)
    for page in (first, second):
        assert 'href="#main-content"' in page
        assert "This is a new service" in page
        assert 'class="govuk-service-navigation' in page
        assert "Sign out" not in page


def test_staff_see_their_own_menu_and_residents_never_do(app, client, client_request):
    client.get("/survey/phone")  # a resident's page: the header is kept
    client_request.login({"admin", "reviewer"})
    staff_page = client.get("/results/").get_data(as_text=True)
    for item in ("Results", "Mystery shopping", "Admin", "Sign out"):
        assert item in staff_page
    kept = app.extensions["kept_fragments"].values()
    assert not any("Sign out" in fragment or "Admin" in fragment for fragment in kept)
    client.post("/auth/logout")
    resident_page = client.get("/survey/phone").get_data(as_text=True)
    assert "Sign out" not in resident_page
    assert 'href="/admin/"' not in resident_page


def test_an_app_served_under_a_prefix_keeps_links_with_the_prefix(app, client):
    client.get("/survey/phone")
    page = client.get("/survey/phone", base_url="http://localhost/feedback/")
    html = page.get_data(as_text=True)
    assert 'href="/feedback/feedback"' in html  # the phase banner's feedback link
    assert 'href="/feedback/"' in html  # the header's home link
