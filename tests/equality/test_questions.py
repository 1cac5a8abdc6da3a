"""The equality question catalogue and the definition rules that turn it on."""

import json
import re

import pytest

from survey_app.equality import questions as eq
from survey_app.services.definitions import (
    DEFINITIONS_DIR,
    DefinitionError,
    load_definition_file,
    standard_definition_paths,
    validate_definition,
)


def standard():
    return load_definition_file(standard_definition_paths()[0])


def test_schema_lists_exactly_the_known_equality_questions():
    schema = json.loads((DEFINITIONS_DIR / "schema.json").read_text())
    enum = schema["properties"]["equality_questions"]["items"]["enum"]
    assert enum == list(eq.QUESTION_KEYS)


def test_the_shipped_survey_asks_every_equality_question():
    assert standard()["equality_questions"] == list(eq.QUESTION_KEYS)


def test_an_unknown_equality_question_is_rejected():
    definition = standard()
    definition["equality_questions"] = ["age_band", "shoe_size"]
    with pytest.raises(DefinitionError, match="equality_questions/1"):
        validate_definition(definition)


def test_16_and_over_questions_need_the_age_question():
    definition = standard()
    definition["equality_questions"] = ["sex", "sexual_orientation"]
    with pytest.raises(DefinitionError, match="must include age_band"):
        validate_definition(definition)


def test_ethnic_groups_are_the_census_19_categories_in_5_groups():
    assert len(eq.ETHNIC_GROUPS) == 5
    assert sum(len(g["categories"]) for g in eq.ETHNIC_GROUPS.values()) == 19
    assert all(g["categories"][-1][1].startswith("Any other") for g in eq.ETHNIC_GROUPS.values())


def test_every_stored_code_is_snake_case():
    codes = [value for page in eq.PAGES for value, _ in page.options]
    codes += [value for g in eq.ETHNIC_GROUPS.values() for value, _ in g["categories"]]
    assert all(re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)*", code) for code in codes)
    assert all(len(code) <= 64 for code in codes)


ALL = list(eq.QUESTION_KEYS)


def slugs(pages):
    return [page.slug for page in pages]


@pytest.mark.parametrize(
    ("answers", "expected"),
    [
        ({}, ["age", "sex", "ethnic-group", "religion", "health-conditions", "unpaid-care"]),
        (
            {"age_band": "16_to_24", "ethnic_group": "other", "disability_condition": "yes"},
            [
                "age",
                "sex",
                "gender-identity",
                "sexual-orientation",
                "ethnic-group",
                "ethnic-background",
                "religion",
                "health-conditions",
                "day-to-day-activities",
                "unpaid-care",
            ],
        ),
        (
            {"age_band": "under_16", "ethnic_group": "skipped", "disability_condition": "no"},
            ["age", "sex", "ethnic-group", "religion", "health-conditions", "unpaid-care"],
        ),
    ],
)
def test_route_depends_on_earlier_answers(answers, expected):
    assert slugs(eq.route(ALL, answers)) == expected


def test_next_and_previous_pages_skip_pages_not_asked():
    answers = {"age_band": "under_16"}
    assert eq.next_page(ALL, answers, None).slug == "age"
    assert eq.next_page(ALL, answers, "sex").slug == "ethnic-group"
    assert eq.previous_page(ALL, answers, "ethnic-group").slug == "sex"
    assert eq.previous_page(ALL, answers, "age") is None
    assert eq.next_page(ALL, answers, "unpaid-care") is None
    assert eq.next_page(["carer"], {}, None).slug == "unpaid-care"
    assert eq.route([], {}) == []


def test_background_page_follows_the_group_chosen():
    page = eq.PAGES_BY_SLUG["ethnic-background"].for_answers({"ethnic_group": "mixed"})
    assert page.text.endswith("Mixed or Multiple ethnic groups background?")
    assert page.options[-1] == ("any_other_mixed", "Any other Mixed or Multiple background")
    assert page.write_in.when == "any_other_mixed"
    assert page.write_in.column == "ethnicity_other"
