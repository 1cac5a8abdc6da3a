"""Survey administration through the admin pages: create, edit, preview, publish, close."""

import io
import re
from datetime import timedelta
from html import unescape

import pytest
import yaml
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import AuditEvent, Draft, Response, Survey, SurveyVersion
from survey_app.services import survey_drafts as drafts
from survey_app.services.definitions import load_definition_file, standard_definition_paths
from survey_app.services.surveys import council_today
from tests.journey_helpers import complete_survey

STANDARD = load_definition_file(standard_definition_paths()[0])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def survey(slug="resident-panel") -> Survey:
    db.session.expire_all()
    return db.session.scalar(select(Survey).where(Survey.slug == slug))


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def create(client, slug="resident-panel", title="Resident panel"):
    response = client.post(
        "/admin/surveys/new",
        data={"title": title, "survey_id": slug, "channels": ["phone", "email"]},
    )
    assert response.status_code == 302
    assert response.location == f"/admin/surveys/{slug}"


def question_data(**overrides):
    data = {
        "text": "How easy was it to find our phone number?",
        "key": "find_number",
        "type": "single_choice",
        "required": "yes",
        "options": "easy | Easy\nhard | Hard\nDid not look",
    }
    data.update(overrides)
    return data


def add_question(client, slug="resident-panel", **overrides):
    response = client.post(f"/admin/surveys/{slug}/questions/new", data=question_data(**overrides))
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]


# Access --------------------------------------------------------------------------------


def admin_urls(app):
    """One concrete address for every route of the blueprint."""
    values = {
        "slug": "customer-care",
        "key": "ease",
        "page_key": "ease",
        "channel": "phone",
        "file_format": "yaml",
        "action": "close",
        "direction": "up",
        "material": "poster",
        "mode": "paper",
        "code": "ar",
        "service_id": 1,
        "channel_id": 1,
        "criterion_id": 1,
        "user_id": 1,
        "scenario_id": 1,
    }
    urls = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("admin."):
            method = "GET" if "GET" in rule.methods else "POST"
            for file_format in ("yaml", "svg"):  # export and QR routes take different formats
                args = {name: values[name] for name in rule.arguments}
                if "file_format" in args:
                    args["file_format"] = file_format
                try:
                    urls.append((method, rule.build(args, append_unknown=False)[1]))
                    break
                except ValueError:
                    continue
    return urls


def test_every_admin_route_sends_anonymous_visitors_to_sign_in(app, client):
    urls = admin_urls(app)
    assert len(urls) >= 25
    for method, url in urls:
        response = client.open(url, method=method)
        assert response.status_code == 302, url
        assert response.location.startswith("/auth/login?next="), url


def test_every_admin_route_refuses_other_roles(app, client, reviewer):
    for method, url in admin_urls(app):
        assert client.open(url, method=method).status_code == 403, url


def test_admin_index_links_to_survey_administration(admin, client_request):
    """/admin/ belongs to the admin blueprint; it leads to every survey administration area."""
    page = client_request.get("/admin/")
    for href in ("/admin/surveys", "/admin/links", "/admin/paper", "/admin/audit"):
        assert f'href="{href}"' in page.html


# List and create -----------------------------------------------------------------------


def test_survey_list_shows_the_standard_survey(admin, client_request):
    page = client_request.get("/admin/surveys")
    assert page.heading == "Surveys"
    assert 'href="/admin/surveys/customer-care"' in page.html
    assert "Open" in page.html


def test_create_survey_starts_an_unpublished_draft(admin, client, client_request):
    create(client)
    created = survey()
    assert (created.status, created.versions) == ("draft", [])
    assert created.draft_definition["channels"] == ["phone", "email"]
    page = client_request.get("/admin/surveys/resident-panel")
    assert page.heading == "Resident panel"
    assert "Not published yet" in page.html
    # An empty draft cannot be published, and the page says so.
    assert page.title.startswith("Error: ")
    assert "pages: [] should be non-empty" in page.html
    assert actions()[-1] == "survey.created"


@pytest.mark.parametrize(
    ("data", "message", "anchor"),
    [
        ({}, "Enter the survey title", "#title"),
        (
            {"title": "T", "survey_id": "Bad ID!", "channels": ["phone"]},
            "Survey ID must be",
            "#survey_id",
        ),
        ({"title": "T", "survey_id": "new-one"}, "Select at least one channel", "#channels"),
        (
            {"title": "T", "survey_id": "x2", "channels": ["pigeon"]},
            "Select channels from the list",
            "#channels",
        ),
        (
            {"title": "T", "survey_id": "customer-care", "channels": ["phone"]},
            "A survey with the ID customer-care already exists",
            "#survey_id",
        ),
    ],
)
def test_create_survey_errors_are_explained(admin, client_request, data, message, anchor):
    page = client_request.post("/admin/surveys/new", data)
    assert message in page.html
    assert anchor in page.error_links
    assert count(Survey) == 1


# Editing the draft ---------------------------------------------------------------------


def test_add_edit_move_and_remove_questions(admin, client, client_request):
    create(client)
    add_question(client)
    add_question(
        client, key="visits", type="number", text="How many visits?", options="", min="1", max="9"
    )
    add_question(
        client, key="notes", type="text", text="Anything else?", max_length="500", required="no"
    )
    definition = survey().draft_definition
    assert [p["key"] for p in definition["pages"]] == ["find-number", "visits", "notes"]
    assert definition["pages"][0]["questions"][0]["options"] == [
        {"value": "easy", "label": "Easy"},
        {"value": "hard", "label": "Hard"},
        {"value": "did_not_look", "label": "Did not look"},
    ]
    assert definition["pages"][1]["questions"][0] == {
        "key": "visits",
        "type": "number",
        "text": "How many visits?",
        "min": 1,
        "max": 9,
    }
    assert definition["pages"][2]["questions"][0]["required"] is False

    # Edit: the form shows the stored values, and saving changes only that question.
    page = client_request.get("/admin/surveys/resident-panel/questions/visits")
    assert page.heading == "Edit a question"
    assert 'value="How many visits?"' in page.html
    response = client.post(
        "/admin/surveys/resident-panel/questions/visits",
        data=question_data(
            key="visits",
            type="number",
            text="How many times did you visit?",
            min="1",
            max="20",
            suffix="visits",
            channels=["phone"],
            page="visits",
        ),
    )
    assert response.location == "/admin/surveys/resident-panel#question-visits"
    edited = survey().draft_definition["pages"][1]["questions"][0]
    assert (edited["text"], edited["max"], edited["suffix"], edited["channels"]) == (
        "How many times did you visit?",
        20,
        "visits",
        ["phone"],
    )

    # Move notes up twice: it becomes the first page.
    for _ in range(2):
        client.post("/admin/surveys/resident-panel/questions/notes/move-up")
    assert [p["key"] for p in survey().draft_definition["pages"]] == [
        "notes",
        "find-number",
        "visits",
    ]

    # Put visits on the same page as find_number; the page then needs a heading.
    client.post(
        "/admin/surveys/resident-panel/questions/visits",
        data=question_data(key="visits", type="number", text="Visits?", page="find-number"),
    )
    pages = survey().draft_definition["pages"]
    assert [[q["key"] for q in p["questions"]] for p in pages] == [
        ["notes"],
        ["find_number", "visits"],
    ]
    page = client_request.get("/admin/surveys/resident-panel")
    assert "Page 'find-number' has several questions, so it needs a title" in unescape(page.html)
    assert "#page-find-number" in page.error_links
    client.post("/admin/surveys/resident-panel/pages/find-number", data={"title": "Finding us"})
    assert survey().draft_definition["pages"][1]["title"] == "Finding us"
    assert client_request.get("/admin/surveys/resident-panel").error_links == []

    # Remove asks first, then removes from the draft only.
    page = client_request.get("/admin/surveys/resident-panel/questions/notes/remove")
    assert page.heading == "Are you sure you want to remove this question?"
    client.post("/admin/surveys/resident-panel/questions/notes/remove")
    assert [p["key"] for p in survey().draft_definition["pages"]] == ["find-number"]
    assert actions().count("survey.draft_edited") == 9


@pytest.mark.parametrize(
    ("overrides", "message", "anchor"),
    [
        ({"options": ""}, "Enter at least one option, one per line", "#options"),
        ({"options": "a | A\na | Again"}, "Give each option a different value", "#options"),
        ({"options": "bad value! | A"}, "Option value on line 1 must use only", "#options"),
        ({"key": "Find Number"}, "Question key must start with a lowercase letter", "#key"),
        ({"key": "existing"}, "Question key existing is already used by another question", "#key"),
        ({"text": ""}, "Enter the question", "#text"),
        ({"type": "sliders"}, "Select the type of answer", "#type"),
        (
            {"type": "text", "max_length": ""},
            "Enter a character limit for a free text question",
            "#max_length",
        ),
        (
            {"type": "number", "min": "10", "max": "2"},
            "Highest number allowed must be at least",
            "#max",
        ),
        ({"type": "number", "min": "ten"}, "Lowest number allowed must be a whole number", "#min"),
    ],
)
def test_question_errors_are_explained_and_nothing_is_saved(
    admin, client, client_request, overrides, message, anchor
):
    create(client)
    add_question(client, key="existing")
    before = survey().draft_definition
    page = client_request.post(
        "/admin/surveys/resident-panel/questions/new", question_data(**overrides)
    )
    assert message in page.html
    assert anchor in page.error_links
    assert survey().draft_definition == before


def test_editing_a_question_that_does_not_exist_is_not_found(admin, client_request):
    client_request.get("/admin/surveys/customer-care/questions/nope", _expected_status=404)
    client_request.get("/admin/surveys/customer-care/pages/nope", _expected_status=404)
    client_request.get("/admin/surveys/nope", _expected_status=404)


def test_settings_change_title_retention_channels_and_equality_questions(
    admin, client, client_request
):
    page = client_request.get("/admin/surveys/customer-care/settings")
    assert page.heading == "Survey settings"
    # Chosen by name from checkboxes, not typed as keys.
    assert 'type="checkbox" value="ethnic_group" checked' in page.html
    assert re.search(
        r'value="ethnic_group" checked>\s*<label[^>]*>\s*Ethnic group\s*</label>', page.html
    )
    response = client.post(
        "/admin/surveys/customer-care/settings",
        data={
            "title": "Contact survey 2027",
            "retention_days": "365",
            "channels": ["phone", "email", "letter"],
            # Ticked in any order, kept in the order they are asked.
            "equality_questions": ["sex", "age_band"],
        },
    )
    assert response.status_code == 302
    draft = survey("customer-care").draft_definition
    assert (draft["title"], draft["retention_days"], draft["channels"]) == (
        "Contact survey 2027",
        365,
        ["phone", "email", "letter"],
    )
    assert draft["equality_questions"] == ["age_band", "sex"]
    # Pages limited to channels the survey no longer covers are problems to fix.
    page = client_request.get("/admin/surveys/customer-care")
    assert "#page-reception-wait" in page.error_links
    # Nothing changes for residents until it is published.
    assert survey("customer-care").title == "Tell us about your contact with the council"


@pytest.mark.parametrize(
    ("data", "message", "anchor"),
    [
        (
            {"title": "", "retention_days": "730", "channels": ["phone"]},
            "Enter the survey title",
            "#title",
        ),
        (
            {"title": "T", "retention_days": "7", "channels": ["phone"]},
            "must be 30 to 3650",
            "#retention_days",
        ),
        (
            {"title": "T", "retention_days": "a year", "channels": ["phone"]},
            "must be a whole number",
            "#retention_days",
        ),
        ({"title": "T", "retention_days": "730"}, "Select at least one channel", "#channels"),
        (
            {
                "title": "T",
                "retention_days": "730",
                "channels": ["phone"],
                "equality_questions": ["age_band", "shoe_size"],
            },
            "Select equality questions from the list",
            "#equality_questions",
        ),
    ],
)
def test_settings_errors_are_explained(admin, client_request, data, message, anchor):
    page = client_request.post("/admin/surveys/customer-care/settings", data)
    assert message in unescape(page.html)
    assert anchor in page.error_links
    assert survey("customer-care").draft_definition is None


# Preview -------------------------------------------------------------------------------


def test_preview_shows_each_page_as_a_resident_sees_it_and_saves_nothing(
    admin, client, client_request
):
    page = client_request.get("/admin/surveys/customer-care/preview")
    assert page.heading == "Preview Tell us about your contact with the council"
    assert 'href="/admin/surveys/customer-care/preview/phone/service"' in page.html

    preview = client_request.get("/admin/surveys/customer-care/preview/phone/phone-wait")
    resident = client.get("/survey/phone")  # what a resident sees for the same page
    assert resident.status_code == 200
    assert preview.heading == "How long did it take before someone answered your call?"
    assert "Preview of the draft" in preview.html
    assert "Nothing you enter is saved" in preview.html
    assert 'name="phone_wait" type="radio" value="under_30s"' in preview.html
    assert 'href="/admin/surveys/customer-care/preview/phone/contact-count"' in preview.html  # Back
    assert 'href="/admin/surveys/customer-care/preview/phone/ease"' in preview.html  # Continue
    # Conditional pages say when residents see them.
    conditional = client_request.get("/admin/surveys/customer-care/preview/email/reply-time")
    assert "Residents see this page only if Had a reply is Yes." in conditional.html
    client_request.get(
        "/admin/surveys/customer-care/preview/email/phone-wait", _expected_status=404
    )
    assert (count(Response), count(Draft)) == (0, 0)


def test_preview_page_matches_the_resident_page(admin, client, client_request):
    """The same rendering: the question markup is identical to the resident journey's."""
    client.post("/survey/phone")
    resident = client.get("/survey/phone/contact-reason").get_data(as_text=True)
    preview = client_request.get("/admin/surveys/customer-care/preview/phone/contact-reason").html

    def fieldset(html):
        return html[html.index('<div class="govuk-form-group">') : html.index("</fieldset>")]

    assert fieldset(preview) == fieldset(resident)


def test_a_draft_with_problems_cannot_be_previewed(admin, client, client_request):
    create(client)
    page = client_request.get("/admin/surveys/resident-panel/preview")
    assert "cannot be previewed yet" in page.html
    response = client.get("/admin/surveys/resident-panel/preview/phone/anything")
    assert response.location == "/admin/surveys/resident-panel/preview"


# Publish, close, reopen ----------------------------------------------------------------


def test_publish_close_and_reopen_through_the_admin_pages(admin, client, client_request):
    create(client)
    add_question(client)
    client.post("/admin/surveys/resident-panel/publish")
    published = survey()
    assert (published.status, len(published.versions), published.draft_definition) == (
        "open",
        1,
        None,
    )
    assert (
        client_request.get("/admin/surveys/resident-panel").html.count("Published version 1") == 1
    )

    client.post("/admin/surveys/resident-panel/close")
    assert survey().status == "closed"
    client.post("/admin/surveys/resident-panel/reopen")
    assert survey().status == "open"
    assert actions()[-3:] == ["survey.published", "survey.closed", "survey.reopened"]


def test_a_closed_survey_tells_residents_it_has_closed(admin, client):
    client.post("/admin/surveys/customer-care/close")
    response = client.get("/survey/phone")
    assert "This survey has closed" in response.get_data(as_text=True)


def test_publishing_a_draft_with_problems_explains_them_and_publishes_nothing(
    admin, client, client_request
):
    create(client)
    page = client_request.post("/admin/surveys/resident-panel/publish")
    assert page.title.startswith("Error: ")
    assert "pages: [] should be non-empty" in page.html
    assert count(SurveyVersion) == 1  # only the shipped survey's


def test_close_and_reopen_refuse_the_wrong_state(admin, client):
    create(client)
    response = client.post("/admin/surveys/resident-panel/reopen", follow_redirects=True)
    assert "Only a closed survey that has been published can be reopened" in response.get_data(
        as_text=True
    )
    assert survey().status == "draft"


def test_a_published_version_never_changes(admin, client):
    """Editing and republishing adds versions; version 1 and its responses stay as they were."""
    complete_survey(client, "phone")
    version_one = survey("customer-care").current_version
    original = yaml.safe_dump(version_one.definition)
    answered_version = db.session.scalar(select(Response.survey_version_id))

    client.post(
        "/admin/surveys/customer-care/questions/ease",
        data=question_data(
            key="ease", text="Was it easy?", options="yes | Yes\nno | No", page="ease"
        ),
    )
    client.post("/admin/surveys/customer-care/questions/comments/remove")
    assert yaml.safe_dump(survey("customer-care").versions[0].definition) == original
    client.post("/admin/surveys/customer-care/publish")

    versions = survey("customer-care").versions
    assert [v.version for v in versions] == [1, 2]
    assert yaml.safe_dump(versions[0].definition) == original
    assert versions[0].definition == STANDARD
    assert "comments" not in yaml.safe_dump(versions[1].definition)
    assert answered_version == versions[0].id
    # New residents get version 2.
    complete_survey(client, "email", answers={"ease": {"ease": "yes"}})
    db.session.expire_all()
    newest = db.session.scalars(select(Response).order_by(Response.id)).all()[-1]
    assert newest.survey_version.version == 2


def test_editing_options_keeps_their_hints_and_dividers(admin, client, client_request):
    page = client_request.get("/admin/surveys/customer-care/questions/phone_wait")
    assert "dont_know | I do not know" in page.html
    options = "\n".join(
        f"{o['value']} | {o['label']}"
        for o in STANDARD["pages"][5]["questions"][0]["options"]
        if o["value"] != "not_answered"
    )
    client.post(
        "/admin/surveys/customer-care/questions/phone_wait",
        data=question_data(key="phone_wait", text="How long?", options=options, channels=["phone"]),
    )
    _page, edited = drafts.find_question(survey("customer-care").draft_definition, "phone_wait")
    assert edited["options"][-1] == {
        "value": "dont_know",
        "label": "I do not know",
        "divider_before": True,
    }
    assert "not_answered" not in {o["value"] for o in edited["options"]}


def test_discard_returns_the_draft_to_the_published_version(admin, client):
    client.post("/admin/surveys/customer-care/questions/comments/remove")
    assert survey("customer-care").draft_definition is not None
    client.post("/admin/surveys/customer-care/discard")
    assert survey("customer-care").draft_definition is None


# Export and import ---------------------------------------------------------------------


def test_the_standard_survey_exports_to_yaml_and_imports_back_identically(admin, client):
    response = client.get("/admin/surveys/customer-care/export.yaml?version=1")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="customer-care-v1.yaml"'
    )
    exported = response.data
    assert yaml.safe_load(exported) == STANDARD

    response = client.post(
        "/admin/surveys/customer-care/import",
        data={"file": (io.BytesIO(exported), "customer-care.yaml")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert survey("customer-care").draft_definition == STANDARD
    assert "survey.exported" in actions()
    assert "survey.imported" in actions()


def test_json_export_of_the_draft_imports_as_a_new_survey(admin, client):
    client.post(
        "/admin/surveys/customer-care/settings",
        data={"title": "Copy", "retention_days": "730", "channels": STANDARD["channels"]},
    )
    exported = client.get("/admin/surveys/customer-care/export.json").get_data(as_text=True)
    assert '"title": "Copy"' in exported
    renamed = exported.replace('"id": "customer-care"', '"id": "copy-survey"')
    response = client.post(
        "/admin/surveys/import",
        data={"file": (io.BytesIO(renamed.encode()), "copy.json")},
        content_type="multipart/form-data",
    )
    assert response.location == "/admin/surveys/copy-survey"
    assert survey("copy-survey").draft_definition["title"] == "Copy"


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        ("title: x\n".encode("utf-16"), "s.yaml", "must be saved as UTF-8 text"),
        (b"id: [unclosed\n", "s.yaml", "is not valid YAML or JSON on line 2"),
        (b"x" * (256 * 1024 + 1), "s.yaml", "must be smaller than 256 KB"),
        (b"", "s.yaml", "The selected file is empty"),
        (b"id: x", "s.txt", "must be a .yaml, .yml, .json or .xlsx file"),
        (b"not a zip", "s.xlsx", "could not be read as an XLSForm spreadsheet"),
        (b"id: customer-care\ntitle: x\n", "s.yaml", "The selected file has 3 problems"),
        (
            b"id: customer-care\ntitle: x\n",
            "s.yaml",
            "the definition: 'languages' is a required property",
        ),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(
    admin, client_request, content, filename, message
):
    page = client_request.post(
        "/admin/surveys/customer-care/import",
        {"file": (io.BytesIO(content), filename)},
        _content_type="multipart/form-data",
    )
    assert message in unescape(page.html)
    assert page.error_links[0] == "#file"
    assert survey("customer-care").draft_definition is None


def test_importing_with_no_file_asks_for_one(admin, client_request):
    page = client_request.post("/admin/surveys/import", {}, _content_type="multipart/form-data")
    assert "Select a file to upload" in page.html


def test_importing_a_survey_whose_id_exists_is_refused(admin, client, client_request):
    exported = client.get("/admin/surveys/customer-care/export.yaml").data
    page = client_request.post(
        "/admin/surveys/import",
        {"file": (io.BytesIO(exported), "again.yaml")},
        _content_type="multipart/form-data",
    )
    assert "A survey with the ID customer-care already exists" in page.html
    assert count(Survey) == 1


def test_the_survey_page_marks_machine_translations_as_drafts(admin, client):
    html = client.get("/admin/surveys/customer-care").get_data(as_text=True)
    assert '<h2 class="govuk-heading-m" id="languages">Languages</h2>' in html
    for name in ("Arabic (ar)", "Gujarati (gu)", "Tamil (ta)", "Romanian (ro)"):
        assert name in html
    assert html.count("Draft translation") == 4
    assert html.count("to be checked by a qualified translator") == 4
    assert "20 of 20" in html


# Publishing that cannot split results by accident --------------------------------------

EASE_OPTIONS = (
    "very_easy | Very easy\nfairly_easy | Fairly easy\nneither | Neither easy nor difficult\n"
    "fairly_difficult | Fairly difficult\nvery_difficult | Very difficult"
)


def test_renaming_a_published_question_key_is_refused(admin, client_request):
    url = "/admin/surveys/customer-care/questions/ease"
    page = client_request.get(url)
    assert "This key has been published" in page.html
    page = client_request.post(
        url,
        question_data(
            key="ease_of_contact",
            text="How easy or difficult was it to contact the council?",
            options=EASE_OPTIONS,
            page="ease",
        ),
    )
    assert page.error_links == ["#key"]
    assert (
        "Question key ease has been published, so it cannot be changed. Change the wording "
        "instead, or add a new question: a new key is a new question, with its answers "
        "counted apart"
    ) in page.html
    assert survey("customer-care").draft_definition is None
    # The wording of the same key can change.
    client_request.post(
        url,
        question_data(
            key="ease", text="How easy was it to get in touch?", options=EASE_OPTIONS, page="ease"
        ),
        _expected_redirect="/admin/surveys/customer-care#question-ease",
    )


def test_a_key_not_yet_published_can_still_be_renamed(admin, client, client_request):
    create(client)
    add_question(client)
    client_request.post(
        "/admin/surveys/resident-panel/questions/find_number",
        question_data(key="finding_number"),
        _expected_redirect="/admin/surveys/resident-panel#question-finding_number",
    )


def test_a_new_question_says_a_new_key_is_a_new_question(admin, client_request):
    page = client_request.get("/admin/surveys/customer-care/questions/new")
    assert "A new key is a new question" in page.html


def test_publishing_shows_what_changed_and_asks_for_confirmation(admin, client, client_request):
    client.post(
        "/admin/surveys/customer-care/questions/ease",
        data=question_data(
            key="ease",
            text="How easy was it to get in touch?",
            options=EASE_OPTIONS.replace("Very easy", "Very easy indeed")
            + "\nnot_tried | Did not try",
            page="ease",
        ),
    )
    client.post("/admin/surveys/customer-care/questions/comments/remove")
    add_question(client, slug="customer-care", key="found_us", text="How did you find us?")
    survey_page = client_request.get("/admin/surveys/customer-care")
    assert 'href="/admin/surveys/customer-care/publish"' in survey_page.html

    page = client_request.get("/admin/surveys/customer-care/publish")
    assert page.heading == "Publish version 2"
    html = unescape(page.html)
    assert "Questions added (1)" in html
    assert "How did you find us?" in html
    assert "Questions removed (1)" in html
    assert "Questions reworded (1)" in html
    assert "Was: How easy or difficult was it to contact the council?" in html
    assert "Now: How easy was it to get in touch?" in html
    assert "Options changed (1)" in html
    assert "Added: Did not try" in html
    assert "Renamed: Very easy to Very easy indeed" in html
    # Looking at the summary publishes nothing.
    assert len(survey("customer-care").versions) == 1

    client_request.post(
        "/admin/surveys/customer-care/publish",
        {},
        _expected_redirect="/admin/surveys/customer-care",
    )
    assert [v.version for v in survey("customer-care").versions] == [1, 2]


def test_publishing_with_nothing_changed_goes_back_to_the_survey(admin, client_request):
    client_request.get(
        "/admin/surveys/customer-care/publish",
        _expected_status=302,
        _expected_redirect="/admin/surveys/customer-care",
    )


def test_the_first_version_lists_its_questions(admin, client, client_request):
    create(client)
    add_question(client)
    page = client_request.get("/admin/surveys/resident-panel/publish")
    assert page.heading == "Publish version 1"
    assert "Questions (1)" in page.html
    assert "How easy was it to find our phone number?" in page.html


def test_asked_on_agrees_with_the_page_channels(admin, client_request):
    page = client_request.get("/admin/surveys/customer-care")
    row = re.search(
        r'<tr class="govuk-table__row" id="question-phone_wait">(.*?)</tr>', page.html, re.S
    )
    cells = re.findall(r'<td class="govuk-table__cell">\s*(.*?)\s*</td>', row.group(1), re.S)
    # Page "phone-wait" is limited to phone: its question is asked on the phone only.
    assert cells[2] == "Phone"
    assert "(only Phone)" in page.html
    row = re.search(r'<tr class="govuk-table__row" id="question-ease">(.*?)</tr>', page.html, re.S)
    cells = re.findall(r'<td class="govuk-table__cell">\s*(.*?)\s*</td>', row.group(1), re.S)
    assert cells[2] == "Every channel"


def test_the_publish_summary_lists_settings_that_changed(admin, client, client_request):
    client.post(
        "/admin/surveys/customer-care/settings",
        data={
            "title": "Contact survey 2027",
            "retention_days": "730",
            "channels": ["phone", "face-to-face", "email", "website", "letter", "webchat"],
            "equality_questions": ["age_band", "sex", "religion"],
        },
    )
    client.post(
        "/admin/surveys/customer-care/pages/staff-involved",
        data={"channels": ["email", "website", "letter", "webchat"]},
    )
    page = client_request.get("/admin/surveys/customer-care/publish")
    html = unescape(page.html)
    assert "Tell us about your contact with the council to Contact survey 2027" in html
    assert "Removed: Social media" in html
    assert "Removed: Gender identity, Sexual orientation, Ethnic group" in html


# Scheduled opening and closing --------------------------------------------------------


def _schedule(client, opens=("", "", ""), closes=("", "", "")):
    return client.post(
        "/admin/surveys/customer-care/schedule",
        data={"opens_on": list(opens), "closes_on": list(closes)},
    )


def _parts(day):
    return (str(day.day), str(day.month), str(day.year))


def test_a_survey_scheduled_to_close_yesterday_tells_residents_it_has_closed(
    admin, client, client_request
):
    today = council_today()
    page = client_request.get("/admin/surveys/customer-care/schedule")
    assert page.heading == "When residents can answer"
    response = _schedule(client, closes=_parts(today - timedelta(days=1)))
    assert response.location == "/admin/surveys/customer-care#settings"
    assert survey("customer-care").closes_on == today - timedelta(days=1)
    assert actions()[-1] == "survey.scheduled"
    page = client_request.get("/admin/surveys/customer-care")
    assert "(included)" in page.html
    client_request.logout()
    assert "This survey has closed" in client_request.get("/survey/phone").html
    # Closing today still takes answers today.
    client_request.login("admin")
    _schedule(client, closes=_parts(today))
    client_request.logout()
    assert "This survey has closed" not in client_request.get("/survey/phone").html


def test_a_survey_scheduled_to_open_tomorrow_is_not_open_yet(admin, client, client_request):
    today = council_today()
    _schedule(client, opens=_parts(today + timedelta(days=1)))
    client_request.logout()
    assert "This survey has closed" in client_request.get("/survey/phone").html
    client_request.login("admin")
    _schedule(client, opens=_parts(today))
    client_request.logout()
    assert "This survey has closed" not in client_request.get("/survey/phone").html


def test_a_closing_date_before_the_opening_date_is_refused(admin, client_request):
    page = client_request.post(
        "/admin/surveys/customer-care/schedule",
        {"opens_on": ["10", "3", "2027"], "closes_on": ["9", "3", "2027"]},
    )
    assert "Closing date must be the same as or after the opening date" in page.html
    assert page.error_links == ["#closes_on-day"]
    assert survey("customer-care").opens_on is None
