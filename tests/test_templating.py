"""The page frame's fragments: rendered once per app and script root, and never personal."""

import pytest

from survey_app import templating


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
    frame = ["_frame_header.html", "_frame_skip_link.html", "_frame_phase_banner.html"]
    hits = templating._rendered_fragment.cache_info().hits
    with app.test_request_context():
        kept = [templating._rendered_fragment(app, name, "", "en") for name in frame]
    assert templating._rendered_fragment.cache_info().hits == hits + len(frame)
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
