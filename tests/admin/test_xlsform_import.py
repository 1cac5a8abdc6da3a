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
    parse_type,
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
        "Row 2, field 'start' (start)",
        "Row 4, note 'thanks' (note)",
        "Row 6, question 'where' (geopoint)",
        "Row 10, question 'rating' (decimal)",
    ]
    assert "a note shows text without asking anything" in refused[1]
    assert "whole numbers only" in refused[3]


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
    result = convert(xlsform(rows))
    assert result.refused == [
        "Row 2, question 'pick' (select_one missing): the choices sheet has no list called "
        "'missing'",
        "Row 3, question 'odd' (integer): its answer check '. mod 2 = 1' (constraint) was not "
        "imported, so any answer of the right kind is accepted",
        "Row 4, question 'Bad-Name' (text): the name 'Bad-Name' must start with a lowercase "
        "letter and use only lowercase letters, numbers and underscores",
        "Row 5, question 'no_label' (text): it has no label, so there is no question to ask",
        "Row 7, question 'ok' (text): the name 'ok' is used by an earlier row",
    ]
    # The question with a check this survey cannot make is still asked.
    keys = [q["key"] for page in result.definition["pages"] for q in page["questions"]]
    assert keys == ["odd", "ok"]


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
    assert response.status_code == 200
    text = unescape(response.get_data(as_text=True))
    assert '<h1 class="govuk-heading-l">Spreadsheet imported</h1>' in text
    assert "4 things were not imported" in text
    assert "Row 6, question 'where' (geopoint)" in text
    assert "This survey has no matching question type, so it was not imported" in text
    draft = db.session.scalar(select(Survey).where(Survey.slug == "panel")).draft_definition
    assert draft["channels"] == ["phone", "email"]
    assert [p["key"] for p in draft["pages"]][:2] == ["found-us", "ways"]
    page = client_request.get("/admin/surveys/panel")
    assert page.error_links == []  # the imported draft is ready to publish
    client.post("/admin/surveys/panel/publish")
    assert db.session.scalar(select(Survey).where(Survey.slug == "panel")).status == "open"


def test_importing_into_a_survey_says_when_the_title_changes():
    data = xlsform(settings={"form_title": "Libraries survey", "form_id": "libraries"})
    assert convert(data).notes == [
        "The form_id libraries was not used: the draft keeps this survey's address panel",
        "The survey's title is now 'Libraries survey', the settings sheet's form_title, "
        "instead of 'Panel'",
    ]


def test_a_new_survey_from_an_xlsform_takes_its_id_and_title_from_settings(admin, client):
    data = xlsform(settings={"form_title": "Libraries survey", "form_id": "libraries"})
    response = client.post(
        "/admin/surveys/import",
        data={"file": (io.BytesIO(data), "libraries.xlsx")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    assert "Everything was imported" not in response.get_data(as_text=True)  # 4 rows were not
    created = db.session.scalar(select(Survey).where(Survey.slug == "libraries"))
    assert created.title == "Libraries survey"
    assert "phone" in created.draft_definition["channels"]


def test_a_new_survey_from_an_xlsform_without_an_id_is_explained(admin, client_request):
    # No form_id, no form_title, and a file name with no Latin letters or numbers in it.
    page = client_request.post(
        "/admin/surveys/import",
        {"file": (io.BytesIO(xlsform()), "استبيان.xlsx")},
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
    assert "Row 2, note 'hello' (note)" in text


def test_a_long_list_of_refused_rows_is_shown_whole(admin, client):
    rows = [SURVEY_ROWS[0], ("text", "kept", "Kept", "", "", "", "")]
    rows += [("note", f"n{number}", "Note", "", "", "", "") for number in range(30)]
    response = client.post(
        "/admin/surveys/customer-care/import",
        data={"file": (io.BytesIO(xlsform(rows)), "notes.xlsx")},
        content_type="multipart/form-data",
    )
    text = unescape(response.get_data(as_text=True))
    assert "30 things were not imported" in text
    for number in range(3, 33):
        assert f"Row {number}, note 'n{number - 3}' (note)" in text


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
    assert definition["languages"] == ["en", "ar", "sw"]
    arabic = definition["translations"]["ar"]
    assert arabic["status"] == "draft"
    assert arabic["questions"] == {"found_us": {"text": "هل وجدتنا؟", "options": {"yes": "نعم"}}}
    assert "hint" not in found_us  # the Arabic hint is not taken for English
    # Swahili has no code written, but its name is known: it comes in too.
    assert definition["translations"]["sw"]["questions"] == {"found_us": {"text": "x"}}
    assert result.refused == [
        "Question 'found_us': its Arabic hint was not imported, because it has no English "
        "hint to be a translation of"
    ]
    assert result.notes == [
        "Imported in English, with Arabic and Swahili as draft translations to be checked "
        "by a qualified translator before use",
        "Swahili is kept in the draft, but residents cannot choose it yet: this service "
        "offers English, Arabic, Gujarati, Tamil and Romanian",
    ]


# The forms councils actually have (issue 17, point 8) ---------------------------------------


def workbook(sheets: dict[str, list[tuple]]) -> bytes:
    """A literal .xlsx: each sheet's rows as written, headings first."""
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def new_survey(data: bytes, filename: str = "form.xlsx"):
    return definition_from_xlsform(
        data, survey_id="", title="", channels=["phone"], retention_days=730, filename=filename
    )


YES_NO = [("list_name", "name", "label"), ("yes_no", "yes", "Yes"), ("yes_no", "no", "No")]
ONE_QUESTION = [("type", "name", "label"), ("select_one yes_no", "found_us", "Found us?")]


@pytest.mark.parametrize(
    ("form_id", "address"),
    [
        ("household_survey", "household-survey"),
        ("Household_Survey_2019", "household-survey-2019"),
        ("  libraries  ", "libraries"),
        ("café.feedback", "cafe-feedback"),
    ],
)
def test_a_form_id_with_underscores_becomes_a_valid_address_and_says_so(form_id, address):
    data = workbook(
        {
            "survey": ONE_QUESTION,
            "choices": YES_NO,
            "settings": [("form_title", "form_id"), ("Household survey", form_id)],
        }
    )
    result = new_survey(data)
    validate_definition(result.definition)
    assert result.definition["id"] == address
    if form_id.strip() != address:
        assert result.notes[0] == (
            f"We made the survey address {address} from the form_id {form_id.strip()}: an "
            "address uses only lowercase letters, numbers and hyphens"
        )
    else:
        assert result.notes == []


def test_a_missing_form_id_is_made_from_the_title_or_else_the_file_name():
    titled = workbook(
        {
            "survey": ONE_QUESTION,
            "choices": YES_NO,
            "settings": [("form_title",), ("Libraries: what do you think?",)],
        }
    )
    result = new_survey(titled)
    assert result.definition["id"] == "libraries-what-do-you-think"
    assert result.notes == [
        "The settings sheet has no form_id, so we made the survey address "
        "libraries-what-do-you-think from the form title 'Libraries: what do you think?'"
    ]
    untitled = workbook({"survey": ONE_QUESTION, "choices": YES_NO})
    result = new_survey(untitled, filename="Resident_Panel 2026.xlsx")
    assert result.definition["id"] == "resident-panel-2026"
    assert result.definition["title"] == "Resident Panel 2026"
    assert result.notes == [
        "The settings sheet has no form_id, so we made the survey address "
        "resident-panel-2026 from the file name 'Resident_Panel 2026'",
        "The settings sheet has no form_title, so the survey is called 'Resident Panel 2026'",
    ]


def test_an_underscored_form_id_imports_as_a_new_survey_through_the_admin_page(admin, client):
    data = workbook(
        {
            "survey": ONE_QUESTION,
            "choices": YES_NO,
            "settings": [("form_title", "form_id"), ("Housing repairs", "housing_repairs")],
        }
    )
    response = client.post(
        "/admin/surveys/import",
        data={"file": (io.BytesIO(data), "housing.xlsx")},
        content_type="multipart/form-data",
    )
    text = unescape(response.get_data(as_text=True))
    assert response.status_code == 200
    assert "We made the survey address housing-repairs from the form_id housing_repairs" in text
    assert "Everything was imported" in text
    created = db.session.scalar(select(Survey).where(Survey.slug == "housing-repairs"))
    assert created.title == "Housing repairs"
    assert 'href="/admin/surveys/housing-repairs"' in text


def test_label_with_one_colon_is_the_english_text():
    data = workbook(
        {
            "survey": [("type", "name", "label:English"), ("text", "why", "Why?")],
        }
    )
    question = convert(data).definition["pages"][0]["questions"][0]
    assert question["text"] == "Why?"


def test_sheet_and_column_names_are_read_whatever_their_case_and_spaces():
    data = workbook(
        {
            "SURVEY": [
                (" TYPE ", "Name", "LABEL::English (en)", "Hint", "REQUIRED", "Relevance"),
                ("Select_One yes_no", "found_us", "Found us?", "Pick one", "TRUE", ""),
                ("TEXT", "why_not", "Why not?", "", "", "${found_us} = 'no'"),
            ],
            "Choices": [
                ("List Name", "NAME", "Label::English (en)"),
                ("yes_no", "yes", "Yes"),
                ("yes_no", "no", "No"),
            ],
            " Settings ": [("Form_ID", "FORM_TITLE"), ("case_test", "Case test")],
        }
    )
    result = new_survey(data)
    validate_definition(result.definition)
    assert result.refused == []
    assert result.definition["title"] == "Case test"
    first, second = result.definition["pages"]
    assert first["questions"][0] == {
        "key": "found_us",
        "type": "single_choice",
        "text": "Found us?",
        "options": [{"value": "yes", "label": "Yes"}, {"value": "no", "label": "No"}],
        "hint": "Pick one",
        "required": True,
    }
    assert second["show_if"] == [{"question": "found_us", "in": ["no"]}]


@pytest.mark.parametrize(
    ("spelling", "parsed"),
    [
        ("select one from wards", ("select_one", "wards", False)),
        ("select all that apply from ways", ("select_multiple", "ways", False)),
        ("select_one wards or_other", ("select_one", "wards", True)),
        ("select one wards or other", ("select_one", "wards", True)),
        ("select_multiple  ways", ("select_multiple", "ways", False)),
        ("select_one_from_file wards.csv", ("from_file", "wards.csv", False)),
        ("begin group", ("begin_group", "", False)),
        ("end_group", ("end_group", "", False)),
        ("Begin Repeat", ("begin_repeat", "", False)),
        ("add integer prompt", ("integer", "", False)),
    ],
)
def test_old_spellings_of_types_are_understood(spelling, parsed):
    assert parse_type(spelling) == parsed


def test_every_common_type_spelling_is_imported_or_named():
    data = workbook(
        {
            "survey": [
                ("type", "name", "label"),
                ("select one from yes_no", "found_us", "Found us?"),  # 2
                ("select all that apply from ways", "ways", "How?"),  # 3
                ("begin group", "about", "About you"),  # 4
                ("integer", "age", "Age"),  # 5
                ("date", "visited", "When?"),  # 6
                ("end group", "", ""),  # 7
                ("text", "comments", "Comments"),  # 8
                ("note", "intro", "Thanks"),  # 9
                ("decimal", "spend", "Spend"),  # 10
                ("calculate", "total", ""),  # 11
                ("hidden", "source", ""),  # 12
                ("select_one_from_file wards.csv", "ward", "Ward"),  # 13
                ("begin repeat", "people", "People"),  # 14
                ("text", "person", "Name"),  # 15
                ("end repeat", "", ""),  # 16
            ],
            "choices": [
                *YES_NO,
                ("ways", "phone", "Phone"),
                ("ways", "email", "Email"),
            ],
        }
    )
    result = convert(data)
    validate_definition(result.definition)
    pages = [(p["key"], [q["key"] for q in p["questions"]]) for p in result.definition["pages"]]
    assert pages == [
        ("found-us", ["found_us"]),
        ("ways", ["ways"]),
        ("about", ["age", "visited"]),
        ("comments", ["comments"]),
    ]
    assert [line.split(":")[0] for line in result.refused] == [
        "Row 9, note 'intro' (note)",
        "Row 10, question 'spend' (decimal)",
        "Row 11, field 'total' (calculate)",
        "Row 12, field 'source' (hidden)",
        "Row 13, question 'ward' (select_one_from_file wards.csv)",
        "Row 14, group 'people' (begin repeat)",
        "Row 15, question 'person' (text)",
    ]


def test_or_other_adds_an_other_option_and_says_the_box_was_not_imported():
    data = workbook(
        {
            "survey": [("type", "name", "label"), ("select_one yes_no or_other", "q", "Q?")],
            "choices": YES_NO,
        }
    )
    result = convert(data)
    options = result.definition["pages"][0]["questions"][0]["options"]
    assert [o["value"] for o in options] == ["yes", "no", "other"]
    assert result.refused == [
        "Row 2, question 'q' (select_one yes_no or_other): a box to write in another answer "
        "(or_other) is something this survey does not have; the question was imported with "
        "an 'Other' option but no box to write in"
    ]


@pytest.mark.parametrize(
    ("required", "expected"),
    [("yes", True), ("true()", True), ("TRUE", True), ("Yes", True), ("no", False), ("", False)],
)
def test_required_is_read_in_its_usual_spellings(required, expected):
    data = workbook(
        {"survey": [("type", "name", "label", "required"), ("text", "q", "Q?", required)]}
    )
    result = convert(data)
    assert result.definition["pages"][0]["questions"][0]["required"] is expected
    assert result.refused == []


def three_language_form(default_language="English (en)") -> bytes:
    return workbook(
        {
            "survey": [
                (
                    "type",
                    "name",
                    "label::English (en)",
                    "label::Arabic (ar)",
                    "label::Gujarati (gu)",
                    "hint::English (en)",
                    "hint::Gujarati (gu)",
                ),
                ("begin_group", "visit", "Your visit", "زيارتك", "તમારી મુલાકાત", "", ""),
                ("select_one yes_no", "found_us", "Found us?", "هل وجدتنا؟", "અમને મળ્યા?", "", ""),
                ("text", "why", "Why?", "لماذا؟", "શા માટે?", "Tell us", "અમને કહો"),
                ("end_group", "", "", "", "", "", ""),
            ],
            "choices": [
                (
                    "list_name",
                    "name",
                    "label::English (en)",
                    "label::Arabic (ar)",
                    "label::Gujarati (gu)",
                ),
                ("yes_no", "yes", "Yes", "نعم", "હા"),
                ("yes_no", "no", "No", "لا", "ના"),
            ],
            "settings": [
                ("form_id", "form_title", "default_language"),
                ("visits", "Visits", default_language),
            ],
        }
    )


def test_every_language_is_imported_as_a_draft_translation_and_reported():
    result = new_survey(three_language_form())
    definition = result.definition
    validate_definition(definition)
    assert definition["languages"] == ["en", "ar", "gu"]
    assert definition["pages"][0]["title"] == "Your visit"
    assert definition["translations"]["gu"] == {
        "status": "draft",
        "pages": {"visit": "તમારી મુલાકાત"},
        "questions": {
            "found_us": {"text": "અમને મળ્યા?", "options": {"yes": "હા", "no": "ના"}},
            "why": {"text": "શા માટે?", "hint": "અમને કહો"},
        },
    }
    assert definition["translations"]["ar"]["questions"]["found_us"]["options"] == {
        "yes": "نعم",
        "no": "لا",
    }
    assert result.notes == [
        "Imported in English, with Arabic and Gujarati as draft translations to be checked "
        "by a qualified translator before use"
    ]
    assert result.refused == []


def test_a_default_language_other_than_english_is_reported():
    result = new_survey(three_language_form(default_language="Arabic (ar)"))
    assert result.definition["pages"][0]["questions"][0]["text"] == "Found us?"
    assert result.notes[-1] == (
        "The form's default language is Arabic (ar); this service's main language is "
        "English, so the English text is the main text"
    )


def test_a_form_without_english_takes_its_default_language_as_the_main_text():
    data = workbook(
        {
            "survey": [
                ("type", "name", "label::Arabic (ar)", "label::Gujarati (gu)"),
                ("text", "why", "لماذا؟", "શા માટે?"),
            ],
            "settings": [("default_language",), ("Gujarati (gu)",)],
        }
    )
    result = convert(data)
    assert result.definition["pages"][0]["questions"][0]["text"] == "શા માટે?"
    assert result.definition["languages"] == ["en", "ar"]
    assert (
        "The form has no English text, so its Gujarati text became the survey's main text, "
        "which this service shows as English: add English before publishing" in result.notes
    )


def test_a_language_with_no_known_code_is_named():
    data = workbook(
        {"survey": [("type", "name", "label", "label::Martian"), ("text", "q", "Q?", "Ack ack?")]}
    )
    assert convert(data).refused == [
        "Columns in 'Martian': no language code could be found for it (write it like "
        "Swahili (sw)), so they were not imported"
    ]


def cascading_form() -> bytes:
    return workbook(
        {
            "survey": [
                ("type", "name", "label", "choice_filter"),
                ("select_one district", "district", "District", ""),
                ("select_one ward", "ward", "Ward", "district=${district}"),
            ],
            "choices": [
                ("list_name", "name", "label", "district"),
                ("district", "north", "North", ""),
                ("district", "south", "South", ""),
                ("ward", "wealdstone", "Wealdstone", "north"),
                ("ward", "central", "Central", "north"),
                ("ward", "central", "Central", "south"),  # the same name under each district
                ("ward", "roxbourne", "Roxbourne", "south"),
            ],
        }
    )


def test_a_cascading_select_is_reported_as_not_imported():
    result = convert(cascading_form())
    validate_definition(result.definition)
    ward = result.definition["pages"][1]["questions"][0]
    assert [o["value"] for o in ward["options"]] == ["wealdstone", "central", "roxbourne"]
    assert result.refused == [
        "Choices list 'ward': its district column (from row 4 of the choices sheet) was not "
        "imported; a choice_filter uses columns like it to pick choices",
        "Choices list 'ward': the choice 'central' is in it more than once (rows 5 and 6 of "
        "the choices sheet); it is offered once",
        "Row 3, question 'ward' (select_one ward): its list of choices depends on an earlier "
        "answer ('district=${district}', a choice_filter for a cascading select); this was not "
        "imported, so every choice in the list is offered",
    ]


EVERY_UNSUPPORTED = {
    # column: (value on the row of question 'q', words the report must use)
    "choice_filter": ("district='north'", "choice_filter"),
    "constraint": ("regex(., '^[A-Z]{2}[0-9]')", "regex(., '^[A-Z]{2}[0-9]')' (constraint)"),
    "constraint_message::English (en)": ("Two letters then numbers", "constraint_message"),
    "appearance": ("minimal", "its appearance 'minimal'"),
    "media::image": ("map.png", "pictures, sounds or videos (audio, image)"),
    "audio::English (en)": ("q.mp3", "audio"),
    "guidance_hint": ("Ask slowly", "guidance hint"),
    "default": ("north", "its default column ('north') was not imported"),
    "read_only": ("yes", "its read_only column ('yes') was not imported"),
    "trigger": ("${other}", "its trigger column ('${other}') was not imported"),
    "required": ("${age} > 16", "required only when '${age} > 16'"),
}


def test_every_unsupported_feature_is_named_in_the_report():
    heading = ("type", "name", "label", "relevant", *EVERY_UNSUPPORTED)
    blank = ("",) * len(EVERY_UNSUPPORTED)
    values = tuple(value for value, _ in EVERY_UNSUPPORTED.values())
    data = workbook(
        {
            "survey": [
                heading,
                ("start", "start", "", "", *blank),  # 2
                ("select_one district", "q", "Postcode ${start}", "", *values),  # 3
                ("begin_group", "g", "Group", "${q} > 3", *blank),  # 4
                ("text", "in_group", "In group", "${q} = 'north'", *blank),  # 5
                ("begin_group", "inner", "Inner", "", *blank),  # 6
                ("text", "deeper", "Deeper", "", *blank),  # 7
                ("end_group", "", "", "", *blank),  # 8
                ("text", "after_inner", "After inner", "", *blank),  # 9
                ("end_group", "", "", "", *blank),  # 10
                ("text", "later", "Later", "${nowhere} = 'x'", *blank),  # 11
                ("integer", "odd", "Odd", "", *(("",) * 1), ". mod 2 = 1", *blank[2:]),  # 12
                ("geopoint", "where", "Where?", "", *blank),  # 13
                ("begin_repeat", "people", "People", "", *blank),  # 14
                ("text", "person", "Name", "", *blank),  # 15
                ("end_repeat", "", "", "", *blank),  # 16
                ("", "", "A row with no type", "", *blank),  # 17
                ("select_one_from_file wards.csv", "ward", "Ward", "", *blank),  # 18
                ("calculate", "sum", "", "", *blank),  # 19
                ("note", "bye", "Bye", "", *blank),  # 20
                ("decimal", "spend", "Spend", "", *blank),  # 21
                ("select_one yes_no or_other", "other", "Other?", "", *blank),  # 22
            ],
            "choices": [
                ("list_name", "name", "label", "image", "district"),
                ("district", "north", "North", "north.png", ""),
                ("district", "south", "South", "", ""),
                ("yes_no", "yes", "Yes", "", ""),
                ("yes_no", "no", "No", "", "north"),
            ],
            "settings": [("form_id", "version", "style"), ("everything", "2024", "pages")],
            "external_choices": [("list_name", "name"), ("wards", "x")],
            "entities": [("list_name",), ("households",)],
        }
    )
    result = convert(data)
    validate_definition(result.definition)
    report = "\n".join(result.refused)
    row_3 = [line for line in result.refused if line.startswith("Row 3,")]
    for column, (_value, words) in EVERY_UNSUPPORTED.items():
        assert any(words in line for line in row_3), f"{column} is not in the report"
    assert any("its text refers to an earlier answer" in line for line in row_3)
    for row, words in [
        (2, "device and form details"),
        (4, "the group is shown only when '${q} > 3'"),
        (5, "inside a group and only a whole page can be shown or skipped"),
        (6, "this group is inside another group; it was imported as a page of its own"),
        (
            11,
            "it is asked only when '${nowhere} = 'x'' (relevant), which this survey cannot "
            "check here; it was not imported, so it is asked every time",
        ),
        (12, "'. mod 2 = 1' (constraint)"),
        (13, "no matching question type"),
        (14, "repeated groups cannot be imported"),
        (15, "it is inside a repeated group"),
        (17, "it has no type, so 'A row with no type' was not imported"),
        (18, "its choices come from a separate file"),
        (19, "a calculation is worked out by the form"),
        (20, "a note shows text"),
        (21, "whole numbers only"),
        (22, "a box to write in another answer (or_other)"),
    ]:
        assert any(line.startswith(f"Row {row}") and words in line for line in result.refused), (
            f"row {row}: {words!r} not in\n{report}"
        )
    for words in [
        "The external_choices sheet: it holds choices kept outside the form",
        "The entities sheet: it holds ODK entities",
        "Choices list 'district': pictures, sounds and videos (image column, from row 2",
        "Choices list 'yes_no': its district column (from row 5 of the choices sheet)",
    ]:
        assert words in report, f"{words!r} not in\n{report}"
    assert "The settings sheet's version and style were not imported" in " ".join(result.notes)
    # Nothing of the nested groups is lost: the outer group goes on after the inner one.
    pages = [(p["key"], [q["key"] for q in p["questions"]]) for p in result.definition["pages"]]
    assert pages == [
        ("q", ["q"]),
        ("g", ["in_group"]),
        ("inner", ["deeper"]),
        ("g-2", ["after_inner"]),
        ("later", ["later"]),
        ("odd", ["odd"]),
        ("other", ["other"]),
    ]


def test_two_columns_with_the_same_name_are_a_clear_error(admin, client_request):
    data = workbook({"survey": [("type", "name", "Label", "label"), ("text", "q", "Q", "Q")]})
    page = client_request.post(
        "/admin/surveys/customer-care/import",
        {"file": (io.BytesIO(data), "twice.xlsx")},
        _content_type="multipart/form-data",
    )
    assert "The survey sheet has two columns called label" in unescape(page.html)
    assert page.error_links == ["#file"]


def test_a_spreadsheet_without_a_type_column_is_a_clear_error(admin, client_request):
    data = workbook({"Sheet1": [("question", "answer"), ("Why?", "")]})
    page = client_request.post(
        "/admin/surveys/customer-care/import",
        {"file": (io.BytesIO(data), "plain.xlsx")},
        _content_type="multipart/form-data",
    )
    assert "The spreadsheet needs a sheet called survey with a type column" in page.html


# A form as KoboToolbox exports it: two languages, its own $kuid columns, metadata rows, a
# field-list group, a cascading select, or_other, constraints with messages, a note and a
# calculation, and a form_id with underscores.
KOBO_SURVEY = [
    (
        "type",
        "name",
        "label::English (en)",
        "label::Arabic (ar)",
        "hint::English (en)",
        "hint::Arabic (ar)",
        "required",
        "relevant",
        "constraint",
        "constraint_message::English (en)",
        "constraint_message::Arabic (ar)",
        "appearance",
        "choice_filter",
        "$kuid",
        "$autoname",
    ),
    ("start", "start", "", "", "", "", "", "", "", "", "", "", "", "k01", "start"),  # 2
    ("end", "end", "", "", "", "", "", "", "", "", "", "", "", "k02", "end"),  # 3
    ("note", "intro", "Thank you for taking part", "شكرا لمشاركتك", *("",) * 9, "k03", "intro"),
    (
        "select_one yes_no",
        "contacted",
        "Have you contacted the council this year?",  # 5
        "هل اتصلت بالمجلس هذا العام؟",
        "",
        "",
        "true",
        "",
        "",
        "",
        "",
        "",
        "",
        "k04",
        "contacted",
    ),
    (
        "select_multiple channel or_other",
        "channels",
        "How did you contact us?",  # 6
        "كيف اتصلت بنا؟",
        "Select all that apply",
        "اختر كل ما ينطبق",
        "true",
        "selected(${contacted}, 'yes')",
        "",
        "",
        "",
        "",
        "",
        "k05",
        "channels",
    ),
    ("begin_group", "you", "About you", "عنك", *("",) * 7, "field-list", "", "k06", "you"),  # 7
    (
        "integer",
        "age",
        "How old are you?",
        "كم عمرك؟",
        "",
        "",
        "false",
        "",  # 8
        ". >= 16 and . <= 120",
        "Enter an age from 16 to 120",
        "أدخل عمرا من 16 إلى 120",
        "",
        "",
        "k07",
        "age",
    ),
    (
        "select_one district",
        "district",
        "Which area do you live in?",
        "في أي منطقة تعيش؟",  # 9
        "",
        "",
        "true",
        "",
        "",
        "",
        "",
        "",
        "",
        "k08",
        "district",
    ),
    (
        "select_one ward",
        "ward",
        "Which ward?",
        "أي دائرة؟",
        "",
        "",
        "true",
        "",
        "",
        "",
        "",  # 10
        "minimal",
        "district=${district}",
        "k09",
        "ward",
    ),
    ("end_group", "", "", "", *("",) * 11, "k10", ""),  # 11
    (
        "date",
        "visit_date",
        "When did you last visit?",
        "متى كانت آخر زيارة لك؟",
        "",
        "",  # 12
        "false",
        "",
        ". <= today()",
        "",
        "",
        "",
        "",
        "k11",
        "visit_date",
    ),
    (
        "text",
        "comments",
        "Anything else you want to tell us?",
        "هل هناك أي شيء آخر؟",  # 13
        "",
        "",
        "false",
        "",
        "string-length(.) <= 500",
        "",
        "",
        "multiline",
        "",
        "k12",
        "comments",
    ),
    ("calculate", "score", "", "", *("",) * 9, "", "k13", "score"),  # 14
]
KOBO_CHOICES = [
    ("list_name", "name", "label::English (en)", "label::Arabic (ar)", "district", "$kuid"),
    ("yes_no", "yes", "Yes", "نعم", "", "c01"),
    ("yes_no", "no", "No", "لا", "", "c02"),
    ("channel", "phone", "Phone", "الهاتف", "", "c03"),
    ("channel", "email", "Email", "البريد الإلكتروني", "", "c04"),
    ("channel", "visit", "In person", "شخصيا", "", "c05"),
    ("district", "north", "North Harrow", "شمال هارو", "", "c06"),
    ("district", "south", "South Harrow", "جنوب هارو", "", "c07"),
    ("ward", "headstone", "Headstone", "هيدستون", "north", "c08"),
    ("ward", "roxbourne", "Roxbourne", "روكسبورن", "south", "c09"),
]
KOBO_SETTINGS = [
    ("form_title", "form_id", "version", "default_language"),
    ("Council contact survey", "council_contact_2024", "vKx8", "English (en)"),
]


def kobo_form() -> bytes:
    return workbook({"survey": KOBO_SURVEY, "choices": KOBO_CHOICES, "settings": KOBO_SETTINGS})


def test_a_two_language_kobotoolbox_form_comes_in_whole():
    result = new_survey(kobo_form(), filename="council_contact.xlsx")
    definition = result.definition
    validate_definition(definition)
    assert (definition["id"], definition["title"]) == (
        "council-contact-2024",
        "Council contact survey",
    )
    assert definition["languages"] == ["en", "ar"]
    pages = [(p["key"], [q["key"] for q in p["questions"]]) for p in definition["pages"]]
    assert pages == [
        ("contacted", ["contacted"]),
        ("channels", ["channels"]),
        ("you", ["age", "district", "ward"]),
        ("visit-date", ["visit_date"]),
        ("comments", ["comments"]),
    ]
    questions = {q["key"]: q for page in definition["pages"] for q in page["questions"]}
    assert definition["pages"][1]["show_if"] == [{"question": "contacted", "in": ["yes"]}]
    assert (questions["age"]["min"], questions["age"]["max"]) == (16, 120)
    assert questions["comments"]["max_length"] == 500
    assert questions["visit_date"]["past_only"] is True
    assert [o["value"] for o in questions["channels"]["options"]] == [
        "phone",
        "email",
        "visit",
        "other",
    ]
    # Every English text has its Arabic beside it.
    arabic = definition["translations"]["ar"]
    assert arabic["pages"] == {"you": "عنك"}
    assert set(arabic["questions"]) == set(questions)
    assert arabic["questions"]["channels"] == {
        "text": "كيف اتصلت بنا؟",
        "hint": "اختر كل ما ينطبق",
        "options": {
            "phone": "الهاتف",
            "email": "البريد الإلكتروني",
            "visit": "شخصيا",
        },
    }
    assert arabic["questions"]["ward"]["options"] == {
        "headstone": "هيدستون",
        "roxbourne": "روكسبورن",
    }
    assert result.notes == [
        "We made the survey address council-contact-2024 from the form_id "
        "council_contact_2024: an address uses only lowercase letters, numbers and hyphens",
        "The settings sheet's version was not imported: it tells ODK how to handle the form",
        "Imported in English, with Arabic as a draft translation to be checked by a "
        "qualified translator before use",
    ]
    # Everything else is named, row by row.
    assert [line.split(":")[0] for line in result.refused] == [
        "Row 2, field 'start' (start)",
        "Row 3, field 'end' (end)",
        "Row 4, note 'intro' (note)",
        "Row 6, question 'channels' (select_multiple channel or_other)",
        "Row 8, question 'age' (integer)",
        "Choices list 'ward'",
        "Row 10, question 'ward' (select_one ward)",
        "Row 10, question 'ward' (select_one ward)",
        "Row 14, field 'score' (calculate)",
        "Columns $kuid, $autoname",
    ]


def test_a_kobotoolbox_form_imports_through_the_admin_page_and_publishes(
    admin, client, client_request
):
    response = client.post(
        "/admin/surveys/import",
        data={"file": (io.BytesIO(kobo_form()), "council_contact.xlsx")},
        content_type="multipart/form-data",
    )
    text = unescape(response.get_data(as_text=True))
    assert "10 things were not imported" in text
    assert "Arabic (draft translation)" in text
    assert '<th scope="row" class="govuk-table__header">Row 10, question \'ward\'' in text
    page = client_request.get("/admin/surveys/council-contact-2024")
    assert page.error_links == []
    client.post("/admin/surveys/council-contact-2024/publish")
    survey = db.session.scalar(select(Survey).where(Survey.slug == "council-contact-2024"))
    assert survey.status == "open"


def test_a_translation_with_no_english_to_translate_is_named():
    data = workbook(
        {
            "survey": [
                ("type", "name", "label::English (en)", "label::Arabic (ar)", "hint::Arabic (ar)"),
                ("text", "why", "Why?", "لماذا؟", "أخبرنا"),
            ]
        }
    )
    result = convert(data)
    assert result.definition["translations"]["ar"]["questions"] == {"why": {"text": "لماذا؟"}}
    assert result.refused == [
        "Question 'why': its Arabic hint was not imported, because it has no English hint "
        "to be a translation of"
    ]
