"""XLSForm (.xlsx) import: supported rows mapped, the rest named by row and type."""

import io
from html import unescape

import openpyxl
import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Survey
from survey_app.services.definition_files import (
    _number_bounds,
    definition_from_xlsform,
)
from survey_app.services.definitions import validate_definition

SURVEY_ROWS = [
    ("type", "name", "label::English (en)", "hint", "required", "constraint", "relevant"),
    ("start", "start", "", "", "", "", ""),  # row 2
    ("select_one yes_no", "found_us", "Did you find us easily?", "", "yes", "", ""),  # 3
    ("note", "thanks", "Thank you for your time", "", "", "", ""),  # 4
    ("select_multiple ways", "ways", "How did you contact us?", "Select all", "", "", ""),  # 5
    ("geopoint", "where", "Where were you?", "", "", "", ""),  # 6
    ("integer", "visits", "How many visits?", "", "yes", ". >= 1 and . <= 20", ""),  # 7
    ("text", "why_not", "Why not?", "", "", "string-length(.) <= 300", "${found_us} = 'no'"),
    ("date", "visited_on", "When did you visit?", "", "yes", ". <= today()", ""),  # 9
    ("decimal", "rating", "Rate us from 0 to 10", "", "", "", ""),  # 10
    (None, None, None, None, None, None, None),  # 11, empty
    ("begin_group", "about_you", "About you", "", "", "", ""),  # 12
    ("text", "postcode_area", "First half of your postcode", "", "", "", ""),  # 13
    ("integer", "household", "People in your household", "", "", ". > 0", ""),  # 14
    ("end_group", "", "", "", "", "", ""),  # 15
]
CHOICE_ROWS = [
    ("list_name", "name", "label::English (en)"),
    ("yes_no", "yes", "Yes"),
    ("yes_no", "no", "No"),
    ("ways", "phone", "Phone"),
    ("ways", "email", "Email"),
]


def xlsform(survey_rows=SURVEY_ROWS, settings=None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in survey_rows:
        sheet.append(row)
    choices = book.create_sheet("choices")
    for row in CHOICE_ROWS:
        choices.append(row)
    if settings:
        sheet = book.create_sheet("settings")
        sheet.append(list(settings))
        sheet.append(list(settings.values()))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def convert(data=None):
    return definition_from_xlsform(
        data or xlsform(), survey_id="panel", title="Panel", channels=["phone"], retention_days=365
    )


def test_supported_rows_are_mapped_to_questions():
    result = convert()
    validate_definition(result.definition)
    pages = {page["key"]: page for page in result.definition["pages"]}
    assert list(pages) == ["found-us", "ways", "visits", "why-not", "visited-on", "about-you"]
    assert pages["found-us"]["questions"] == [
        {
            "key": "found_us",
            "type": "single_choice",
            "text": "Did you find us easily?",
            "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
            "required": True,
        }
    ]
    ways = pages["ways"]["questions"][0]
    assert (ways["type"], ways["hint"], ways["required"]) == (
        "multiple_choice",
        "Select all",
        False,
    )
    assert pages["visits"]["questions"][0] | {} == {
        "key": "visits",
        "type": "number",
        "text": "How many visits?",
        "min": 1,
        "max": 20,
        "required": True,
    }
    why_not = pages["why-not"]
    assert why_not["show_if"] == [{"question": "found_us", "in": ["no"]}]
    assert why_not["questions"][0]["max_length"] == 300
    assert pages["visited-on"]["questions"][0]["past_only"] is True
    group = pages["about-you"]
    assert group["title"] == "About you"
    assert [q["key"] for q in group["questions"]] == ["postcode_area", "household"]
    assert group["questions"][1]["min"] == 1
    assert group["questions"][0]["max_length"] == 1200
    assert result.definition["retention_days"] == 365


def test_unsupported_rows_are_named_by_row_number_and_type():
    refused = convert().refused
    assert [line.split(":")[0] for line in refused] == [
        "Row 2 (type start)",
        "Row 4 (type note)",
        "Row 6 (type geopoint)",
        "Row 10 (type decimal)",
    ]
    assert "a note shows text without asking anything" in refused[1]


@pytest.mark.parametrize(
    ("constraint", "bounds"),
    [
        (". >= 1 and . <= 99", (1, 99)),
        (". > 0", (1, None)),
        (". < 100", (None, 99)),
        (". >= 1 or . = 0", None),
        ("regex(., '^[0-9]+$')", None),
    ],
)
def test_number_constraints_map_only_when_simple(constraint, bounds):
    assert _number_bounds(constraint) == bounds


def test_rows_that_cannot_be_mapped_explain_why():
    rows = [
        SURVEY_ROWS[0],
        ("select_one missing", "pick", "Pick one", "", "", "", ""),
        ("integer", "odd", "Odd numbers", "", "", ". mod 2 = 1", ""),
        ("text", "Bad-Name", "Bad", "", "", "", ""),
        ("text", "no_label", "", "", "", "", ""),
        ("text", "ok", "Fine", "", "", "", ""),
        ("text", "ok", "Again", "", "", "", ""),
    ]
    refused = convert(xlsform(rows)).refused
    assert refused == [
        "Row 2 (type select_one missing): the choices sheet has no list called 'missing'",
        "Row 3 (type integer): the constraint '. mod 2 = 1' is not a simple range like "
        ". >= 1 and . <= 99",
        "Row 4 (type text): the name 'Bad-Name' must start with a lowercase letter and use "
        "only lowercase letters, numbers and underscores",
        "Row 5 (type text): it has no label, so there is no question to ask",
        "Row 7 (type text): the name 'ok' is used by an earlier row",
    ]


def test_import_xlsform_into_a_survey_through_the_admin_page(admin, client, client_request):
    response = client.post(
        "/admin/surveys/new",
        data={"title": "Panel", "survey_id": "panel", "channels": ["phone", "email"]},
    )
    assert response.status_code == 302
    response = client.post(
        "/admin/surveys/panel/import",
        data={"file": (io.BytesIO(xlsform()), "panel.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.location == "/admin/surveys/panel"
    draft = db.session.scalar(select(Survey).where(Survey.slug == "panel")).draft_definition
    assert draft["channels"] == ["phone", "email"]
    assert [p["key"] for p in draft["pages"]][:2] == ["found-us", "ways"]
    page = client_request.get("/admin/surveys/panel")
    text = unescape(page.html)
    assert "Imported, but 4 rows were not" in text
    assert "Row 6 (type geopoint): this survey has no matching question type" in text
    assert page.error_links == []  # the imported draft is ready to publish
    client.post("/admin/surveys/panel/publish")
    assert db.session.scalar(select(Survey).where(Survey.slug == "panel")).status == "open"


def test_a_new_survey_from_an_xlsform_takes_its_id_and_title_from_settings(admin, client):
    data = xlsform(settings={"form_title": "Libraries survey", "form_id": "libraries"})
    response = client.post(
        "/admin/surveys/import",
        data={"file": (io.BytesIO(data), "libraries.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.location == "/admin/surveys/libraries"
    created = db.session.scalar(select(Survey).where(Survey.slug == "libraries"))
    assert created.title == "Libraries survey"
    assert "phone" in created.draft_definition["channels"]


def test_a_new_survey_from_an_xlsform_without_an_id_is_explained(admin, client_request):
    page = client_request.post(
        "/admin/surveys/import",
        {"file": (io.BytesIO(xlsform()), "form.xlsx")},
        _content_type="multipart/form-data",
    )
    assert "Add a form_id of lowercase letters, numbers and hyphens to the spreadsheet's" in (
        unescape(page.html)
    )


def test_a_spreadsheet_with_nothing_to_import_is_refused(admin, client_request):
    rows = [SURVEY_ROWS[0], ("note", "hello", "Hello", "", "", "", "")]
    page = client_request.post(
        "/admin/surveys/customer-care/import",
        {"file": (io.BytesIO(xlsform(rows)), "notes.xlsx")},
        _content_type="multipart/form-data",
    )
    text = unescape(page.html)
    assert "The selected file has 2 problems" in text
    assert "No rows of the spreadsheet could be imported" in text
    assert "Row 2 (type note)" in text


def test_a_long_list_of_refused_rows_is_cut_short(admin, client, client_request):
    rows = [SURVEY_ROWS[0], ("text", "kept", "Kept", "", "", "", "")]
    rows += [("note", f"n{number}", "Note", "", "", "", "") for number in range(30)]
    client.post(
        "/admin/surveys/customer-care/import",
        data={"file": (io.BytesIO(xlsform(rows)), "notes.xlsx")},
        content_type="multipart/form-data",
    )
    text = unescape(client_request.get("/admin/surveys/customer-care").html)
    assert "Imported, but 30 rows were not" in text
    assert "Row 22 (type note)" in text
    assert "Row 23 (type note)" not in text
    assert "and 10 more rows after these" in text


def two_language_form() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "survey"
    for row in [
        ("type", "name", "label:English", "label::Arabic (ar)", "hint::ar", "label::Swahili"),
        ("select_one yes_no", "found_us", "Did you find us?", "هل وجدتنا؟", "اختر واحدًا", "x"),
        ("text", "comments", "Anything else?", "", "", ""),
    ]:
        sheet.append(row)
    choices = book.create_sheet("choices")
    for row in [
        ("list_name", "name", "label::English (en)", "label::Arabic (ar)"),
        ("yes_no", "yes", "Yes", "نعم"),
        ("yes_no", "no", "No", ""),
    ]:
        choices.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_every_language_of_an_xlsform_comes_in_as_a_translation():
    result = definition_from_xlsform(
        two_language_form(),
        survey_id="two-languages",
        title="Two languages",
        channels=["phone"],
        retention_days=730,
    )
    definition = result.definition
    validate_definition(definition)
    found_us = definition["pages"][0]["questions"][0]
    # label:English (one colon) is the English text, not "no label".
    assert found_us["text"] == "Did you find us?"
    assert [o["label"] for o in found_us["options"]] == ["Yes", "No"]
    assert definition["languages"] == ["en", "ar"]
    arabic = definition["translations"]["ar"]
    assert arabic["status"] == "draft"
    assert arabic["questions"] == {
        "found_us": {"text": "هل وجدتنا؟", "hint": "اختر واحدًا", "options": {"yes": "نعم"}}
    }
    # A language with no code is named, not dropped silently.
    assert result.refused == [
        "Column label::Swahili (survey sheet): its language has no code like (ar), "
        "so it was not imported"
    ]
