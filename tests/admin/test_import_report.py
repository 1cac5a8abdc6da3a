"""The importer's problems as row, column and what to fix (pure: literal strings in)."""

import pytest

from survey_app.admin.presenters import RowProblem, describe

CASES = [
    (
        "Row 3: channel 'pigeon' is not a channel",
        RowProblem(3, "channel", "Enter a channel slug, like phone"),
    ),
    (
        "Row 4: submitted_on '31/02/2026' is not a date like 2026-03-27",
        RowProblem(4, "submitted_on", "Enter submitted_on as a date like 2026-03-27"),
    ),
    (
        "Row 4: submitted_on is in the future",
        RowProblem(4, "submitted_on", "Enter a date for submitted_on that is today or in the past"),
    ),
    (
        "Row 4: answer_overall_satisfaction: 'happy' is not an option",
        RowProblem(
            4,
            "answer_overall_satisfaction",
            "Enter one of the question's option values instead of 'happy'",
        ),
    ),
    (
        "Row 5: submission_key 'abc' is already in the database",
        RowProblem(
            5,
            "submission_key",
            "Remove this row: a response with submission_key 'abc' is already saved",
        ),
    ),
    (
        "Row 6: submission_key 'k1' is also on row 2",
        RowProblem(
            6,
            "submission_key",
            "Change the submission_key or remove the row: row 2 has the same key",
        ),
    ),
    (
        "Row 6: survey 'customer-care' has no version '9'",
        RowProblem(
            6,
            "survey_version",
            "Enter a published version of survey 'customer-care', or leave survey_version "
            "empty for the current version",
        ),
    ),
    (
        "Row 2: survey 'nope' does not exist",
        RowProblem(2, "survey", "Enter the ID of a survey, like customer-care"),
    ),
    (
        "Row 6: completion_mode must be one of online, assisted, paper",
        RowProblem(
            6, "completion_mode", "Enter how the survey was completed: online, assisted, paper"
        ),
    ),
    (
        "Row 7: service 'bins' is not a service",
        RowProblem(7, "service", "Enter a service slug, like council-tax, or leave service empty"),
    ),
    (
        "Row 7: language must be a language code like en",
        RowProblem(7, "language", "Enter a language code, like en"),
    ),
    (
        "Row 8: has more cells than the header",
        RowProblem(8, "", "Remove the extra cells at the end of the row"),
    ),
    (
        "Row 9: answer_contact_count: 'two' is not a whole number",
        RowProblem(9, "answer_contact_count", "Enter a whole number instead of 'two'"),
    ),
    (
        "Row 9: answer_contact_count: 120 is not between 1 and 99",
        RowProblem(9, "answer_contact_count", "Enter a whole number from 1 to 99"),
    ),
    (
        "Row 9: answer_contact_date: 'Monday' is not a date like 2026-03-27",
        RowProblem(9, "answer_contact_date", "Enter a date like 2026-03-27 instead of 'Monday'"),
    ),
    (
        "Row 9: answer_comments: is longer than 1200 characters",
        RowProblem(9, "answer_comments", "Shorten the answer to 1200 characters or fewer"),
    ),
    (
        "Row 9: answer_comments: holds control characters",
        RowProblem(9, "answer_comments", "Remove the control characters from the answer"),
    ),
    (
        "Row 9: answer_service: only one option can be chosen",
        RowProblem(9, "answer_service", "Enter only one option"),
    ),
    (
        "Row 9: answer_phone_wait: version 1 of customer-care does not ask it",
        RowProblem(
            9,
            "answer_phone_wait",
            "Leave this answer empty: version 1 of customer-care does not ask this question",
        ),
    ),
    (
        "The file has no submission_key, survey column",
        RowProblem(None, "", "The file has no submission_key, survey column"),
    ),
]


@pytest.mark.parametrize(("problem", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_each_importer_problem_becomes_a_row_column_and_fix(problem, expected):
    assert describe(problem) == expected


def test_an_unknown_message_is_shown_as_written_with_its_column():
    assert describe("Row 3: channel is haunted") == RowProblem(3, "channel", "Channel is haunted")
    assert describe("Row 3: something odd") == RowProblem(3, "", "Something odd")


def test_a_long_cell_quoted_back_is_cut_short():
    problem = describe(f"Row 2: answer_service: '{'x' * 200}' is not an option")
    assert len(problem.fix) < 120
    assert problem.fix.endswith("…")
