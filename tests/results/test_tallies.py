"""The results tallies equal a fresh count of the raw rows after every way of writing them.

The fresh count is worked out here in Python from the rows themselves, independently of the
SQL in migration 0007, and compared with what the triggers keep.
"""

import copy
import io
from collections import Counter
from datetime import date, datetime

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import delete, func, select, update

from survey_app.demo.data import generate_demo_responses
from survey_app.equality import questions as eq
from survey_app.extensions import db
from survey_app.models import (
    Answer,
    AnswerTally,
    Channel,
    CountedQuestion,
    EqualityResponse,
    EqualityTally,
    Response,
    ResponseTally,
    Survey,
    SurveyVersion,
)
from survey_app.models.results_tally import COUNTED_TYPES
from survey_app.services import response_transfer
from survey_app.services.equality import save_equality_answer
from survey_app.services.retention import purge_expired
from survey_app.services.surveys import publish_version
from tests.journey_helpers import complete_survey
from tests.results.helpers import add_responses

CODES = {
    "age_band": "age_band",
    "sex": "sex",
    "gender_identity": "gender_identity",
    "sexual_orientation": "sexual_orientation",
    "ethnic_group": "ethnic_group",
    "ethnic_category": "ethnicity",
    "religion": "religion",
    "carer": "carer",
}


def fresh_counts(weight=lambda response: 1) -> tuple[Counter, Counter, Counter]:
    """The three tallies counted from scratch, row by row (``weight`` of each response:
    1 for the counts, its record key for the key sums)."""
    responses = {r.id: r for r in db.session.scalars(select(Response))}
    # Each version's single-choice questions, read from its definition here.
    counted = {
        (version.id, question["key"])
        for version in db.session.scalars(select(SurveyVersion))
        for page in version.definition["pages"]
        for question in page["questions"]
        if question["type"] in COUNTED_TYPES
    }
    equality = {e.key: e for e in db.session.scalars(select(EqualityResponse))}
    by_response, by_answer, by_equality = Counter(), Counter(), Counter()

    def dimensions(response):
        return (
            response.submitted_on.replace(day=1),
            response.survey_version_id,
            response.channel_id,
            response.service_id or 0,
            response.completion_mode,
            response.language,
        )

    for response in responses.values():
        by_response[dimensions(response)] += weight(response)
    for answer in db.session.scalars(select(Answer)):
        response = responses.get(answer.response_id)
        if response is None:
            continue
        if (response.survey_version_id, answer.question_key) not in counted:
            continue
        if len(answer.value) > 64:  # longer than any option code
            continue
        by_answer[(*dimensions(response), answer.question_key, answer.value)] += weight(response)
        row = equality.get(response.equality_key)
        if row is None:
            continue
        codes = {name: getattr(row, column) or "" for name, column in CODES.items()}
        codes["disability"] = (
            f"{row.disability_condition or ''}|{row.disability_reduces_activities or ''}"
        )
        for characteristic, code in codes.items():
            key = (*dimensions(response), characteristic, code, answer.question_key, answer.value)
            by_equality[key] += weight(response)
    return by_response, by_answer, by_equality


def stored_counts(column="count") -> tuple[Counter, Counter, Counter]:
    """What the tallies hold; rows counted down to 0 are the same as no row."""

    def read(model, *key_columns):
        value = getattr(model, column)
        rows = db.session.execute(select(*key_columns, value).where(value != 0))
        return Counter({tuple(row[:-1]): row[-1] for row in rows})

    dimensions = (
        "month",
        "survey_version_id",
        "channel_id",
        "service_id",
        "completion_mode",
        "language",
    )
    return (
        read(ResponseTally, *(getattr(ResponseTally, c) for c in dimensions)),
        read(
            AnswerTally,
            *(getattr(AnswerTally, c) for c in dimensions),
            AnswerTally.question_key,
            AnswerTally.value,
        ),
        read(
            EqualityTally,
            *(getattr(EqualityTally, c) for c in dimensions),
            EqualityTally.characteristic,
            EqualityTally.code,
            EqualityTally.question_key,
            EqualityTally.value,
        ),
    )


def assert_tallies_match() -> None:
    db.session.expire_all()
    fresh, stored = fresh_counts(), stored_counts()
    for name, expected, actual in zip(
        ("response", "answer", "equality"), fresh, stored, strict=True
    ):
        assert actual == expected, f"{name} tally differs from a fresh count"
    # The sums of record keys (for the cell key method) are kept exact the same way.
    fresh, stored = fresh_counts(lambda response: response.record_key), stored_counts("key_sum")
    for name, expected, actual in zip(
        ("response", "answer", "equality"), fresh, stored, strict=True
    ):
        assert actual == expected, f"{name} key sums differ from a fresh sum"


def test_survey_submitted_online_with_equality_answers(client):
    complete_survey(
        client,
        "phone",
        equality={
            "age": {"answer": "25_to_34"},
            "ethnic-group": {"answer": "asian"},
            "ethnic-background": {"answer": "indian"},
            "health-conditions": {"answer": "yes"},
            "day-to-day-activities": {"answer": "a_lot"},
        },
    )
    assert_tallies_match()
    _, answers, equality = stored_counts()
    # Every single-choice question on the phone route is counted, once each; the date,
    # number, free text and multiple-choice questions are not.
    assert sorted(key[6] for key in answers) == sorted(
        [
            "service",
            "contact_reason",
            "resolved",
            "phone_wait",
            "ease",
            "staff_helpful",
            "staff_knowledge",
            "overall_satisfaction",
            "use_website_next_time",
            "council_satisfaction",
        ]
    )
    assert sum(answers.values()) == 10
    disability = Counter()
    for key, n in equality.items():
        if key[6] == "disability":
            disability[key[7]] += n
    assert disability == {"yes|a_lot": 10}


def test_equality_answers_changed_page_by_page(app):
    add_responses(2, channel="email")
    response = db.session.scalars(select(Response)).first()
    pages = {page.column: page for page in eq.PAGES}
    save_equality_answer(response, pages["ethnic_group"], "white")
    save_equality_answer(response, pages["ethnicity"], "irish")
    assert_tallies_match()
    # A new group clears the background chosen under the old one.
    save_equality_answer(response, pages["ethnic_group"], "black")
    save_equality_answer(response, pages["age_band"], "prefer_not_to_say")
    assert_tallies_match()
    _, _, equality = stored_counts()
    categories = {key[7] for key in equality if key[6] == "ethnic_category"}
    assert categories == {""}


def test_bulk_demo_data_and_a_paper_return(app):
    generate_demo_responses(300, today=date(2026, 6, 30))
    add_responses(3, mode="paper", service=None, submitted_on=date(2026, 5, 31))
    assert_tallies_match()
    responses, answers, _ = stored_counts()
    assert sum(responses.values()) == 303
    assert sum(n for key, n in answers.items() if key[6] == "overall_satisfaction") == 303


def test_csv_import(app):
    add_responses(4, channel="letter", service="housing", overall="very_dissatisfied")
    exported = io.StringIO()
    response_transfer.export_responses(exported)
    db.session.execute(delete(Response))
    db.session.commit()
    assert stored_counts() == (Counter(), Counter(), Counter())
    response_transfer.import_responses(io.StringIO(exported.getvalue()))
    assert_tallies_match()
    assert sum(stored_counts()[0].values()) == 4


def test_retention_purge_deletes_equality_rows_and_moves_dates(app):
    add_responses(3, submitted_on=date(2024, 3, 17), comment="Call me")
    add_responses(2, submitted_on=date(2026, 11, 2))
    pages = {page.column: page for page in eq.PAGES}
    for response in db.session.scalars(select(Response)).all():
        save_equality_answer(response, pages["sex"], "female", today=response.submitted_on)
    purge_expired(datetime(2026, 11, 23, 3, 0))
    assert db.session.scalar(select(Response.submitted_on).where(Response.anonymised)) == date(
        2024, 3, 1
    )
    assert_tallies_match()
    _, _, equality = stored_counts()
    assert (
        sum(n for key, n in equality.items() if key[6] == "sex") == 6
    )  # 2 kept x 3 questions (with service)


def test_corrections_and_deletions(app):
    add_responses(3, channel="phone")
    add_responses(2, channel="webchat", service=None)
    first, second = db.session.scalars(select(Response).order_by(Response.id)).all()[:2]
    pages = {page.column: page for page in eq.PAGES}
    save_equality_answer(first, pages["carer"], "no")
    email = db.session.scalar(select(Channel.id).where(Channel.slug == "email"))
    db.session.execute(
        update(Response)
        .where(Response.id == first.id)
        .values(channel_id=email, submitted_on=date(2026, 1, 9))
    )
    db.session.execute(
        update(Answer)
        .where(Answer.response_id == second.id, Answer.question_key == "overall_satisfaction")
        .values(value="very_dissatisfied")
    )
    db.session.commit()
    assert_tallies_match()
    db.session.delete(db.session.get(Response, first.id))
    db.session.execute(delete(Answer).where(Answer.response_id == second.id))
    db.session.execute(delete(EqualityResponse))
    db.session.commit()
    assert_tallies_match()
    responses, answers, equality = stored_counts()
    assert sum(responses.values()) == 4
    # Counted: overall, council and service (a single choice) for 3, overall and council
    # for 2; the first is deleted and the second loses all three of its answers.
    assert sum(answers.values()) == 3 * 3 + 2 * 2 - 3 - 3
    assert equality == Counter()


@pytest.mark.commits  # a migration runs on a connection of its own
def test_migration_counts_the_rows_already_stored(app):
    add_responses(3, channel="letter", submitted_on=date(2025, 12, 31))
    pages = {page.column: page for page in eq.PAGES}
    save_equality_answer(db.session.scalars(select(Response)).first(), pages["sex"], "male")
    db.session.remove()
    downgrade(revision="0006")
    upgrade()
    assert_tallies_match()
    assert sum(stored_counts()[0].values()) == 3


def _by_language(counts: Counter) -> Counter:
    """Counts added up by language (the sixth dimension)."""
    totals = Counter()
    for key, n in counts.items():
        totals[key[5]] += n
    return totals


def test_counts_by_language_after_inserts_updates_and_deletes(app):
    add_responses(3, language="ar", extra={"resolved": "yes"})
    add_responses(2, language="en", service=None, council=None)
    assert_tallies_match()
    responses, answers, _ = stored_counts()
    assert _by_language(responses) == {"ar": 3, "en": 2}
    # Arabic: overall, council, service and resolved each 3 times; English: overall twice.
    assert _by_language(answers) == {"ar": 12, "en": 2}

    first, second = db.session.scalars(
        select(Response).where(Response.language == "ar").order_by(Response.id)
    ).all()[:2]
    db.session.execute(update(Response).where(Response.id == first.id).values(language="en"))
    db.session.execute(
        update(Answer)
        .where(Answer.response_id == second.id, Answer.question_key == "resolved")
        .values(value="no")
    )
    db.session.commit()
    assert_tallies_match()
    responses, answers, _ = stored_counts()
    assert _by_language(responses) == {"ar": 2, "en": 3}
    assert _by_language(answers) == {"ar": 8, "en": 6}
    resolved = Counter()
    for key, n in answers.items():
        if key[6] == "resolved":
            resolved[(key[5], key[7])] += n
    assert resolved == {("ar", "yes"): 1, ("ar", "no"): 1, ("en", "yes"): 1}

    db.session.delete(db.session.get(Response, second.id))
    db.session.commit()
    assert_tallies_match()
    responses, answers, _ = stored_counts()
    assert _by_language(responses) == {"ar": 1, "en": 3}
    assert _by_language(answers) == {"ar": 4, "en": 6}


def _new_version(definition: dict) -> SurveyVersion:
    survey = db.session.scalar(select(Survey))
    version = publish_version(survey, definition)
    db.session.commit()
    return version


def test_a_new_version_counts_its_own_single_choice_questions(app):
    survey = db.session.scalar(select(Survey))
    old_version = survey.current_version
    definition = copy.deepcopy(old_version.definition)
    # Version 2 asks a new yes/no question, and asks "resolved" as free text instead.
    definition["pages"].append(
        {
            "key": "parking",
            "questions": [{"key": "parking", "type": "yes_no", "text": "Could you park?"}],
        }
    )
    for page in definition["pages"]:
        for number, question in enumerate(page["questions"]):
            if question["key"] == "resolved":
                page["questions"][number] = {
                    "key": "resolved",
                    "type": "text",
                    "text": "What happened?",
                    "max_length": 500,
                }
    new_version = _new_version(definition)
    counted = set(
        db.session.scalars(
            select(CountedQuestion.question_key).where(
                CountedQuestion.survey_version_id == new_version.id
            )
        )
    )
    assert "parking" in counted
    assert "overall_satisfaction" in counted
    assert not counted & {"resolved", "comments", "contact_date", "contact_count"}

    add_responses(2, extra={"resolved": "yes"})  # the newest version: version 2
    for response in db.session.scalars(select(Response)).all():
        db.session.add(Answer(response_id=response.id, question_key="parking", value="no"))
    db.session.execute(
        update(Response)
        .where(Response.id == db.session.scalar(select(func.min(Response.id))))
        .values(survey_version_id=old_version.id)
    )
    db.session.commit()
    assert_tallies_match()
    _, answers, _ = stored_counts()
    by_question = Counter()
    for key, n in answers.items():
        by_question[(key[1], key[6], key[7])] += n
    # The response moved to version 1 counts its "resolved" answer but not "parking",
    # which version 1 never asked; the one on version 2 counts "parking" but not its
    # free-text "resolved".
    assert by_question[(old_version.id, "resolved", "yes")] == 1
    assert by_question[(new_version.id, "resolved", "yes")] == 0
    assert by_question[(new_version.id, "parking", "no")] == 1
    assert by_question[(old_version.id, "parking", "no")] == 0
    assert sum(by_question.values()) == 2 * 3 + 2  # overall, council, service; + one each


def test_a_value_too_long_for_an_option_code_is_not_counted(app):
    add_responses(1, extra={"resolved": "x" * 65})
    assert_tallies_match()
    _, answers, _ = stored_counts()
    assert {key[6] for key in answers} == {
        "overall_satisfaction",
        "council_satisfaction",
        "service",
    }
