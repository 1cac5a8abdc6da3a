"""Retention on dated rows either side of the boundary, on SQLite and PostgreSQL."""

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import (
    Answer,
    Channel,
    Draft,
    EqualityResponse,
    Response,
    Survey,
    SurveyVersion,
)
from survey_app.services import retention
from survey_app.services.retention import PurgeCounts, purge_expired
from survey_app.services.surveys import publish_version

NOW = datetime(2026, 11, 23, 3, 0)
# 730 days before 23 November 2026 (no 29 February in between) is 23 November 2024: a
# response sent that day is on its last day; one sent the day before has expired.
LAST_DAY_KEPT = date(2024, 11, 23)
FIRST_DAY_PURGED = date(2024, 11, 22)

CHOICE_ANSWERS = {"service": "council-tax", "overall_satisfaction": "fairly_satisfied"}
DETAIL_ANSWERS = {"contact_date": "2024-11-01", "contact_count": "3"}
COMMENT = {"comments": "My account 12345678 was wrong"}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def make_response(name, submitted_on, answers, *, equality_on=None, version=None):
    version = version or db.session.scalar(select(SurveyVersion).order_by(SurveyVersion.id))
    channel = db.session.scalar(select(Channel).where(Channel.slug == "phone"))
    response = Response(
        survey_version=version,
        channel=channel,
        submitted_on=submitted_on,
        submission_key=f"key-{name}",
        answers=[Answer(question_key=k, value=v) for k, v in answers.items()],
    )
    if equality_on is not None:
        response.equality_key = f"equality-{name}"
        db.session.add(
            EqualityResponse(
                key=response.equality_key,
                survey_id=version.survey_id,
                created_on=equality_on,
                age_band="25_to_34",
                religion="any_other_religion",
                religion_other="Written in",
            )
        )
    db.session.add(response)
    db.session.commit()
    return response


def answers_of(submission_key) -> dict[str, str]:
    response = db.session.scalar(select(Response).where(Response.submission_key == submission_key))
    return {a.question_key: a.value for a in response.answers}


@pytest.fixture
def dated_rows(app):
    everything = {**CHOICE_ANSWERS, **DETAIL_ANSWERS, **COMMENT}
    rows = {
        "expired": make_response(
            "expired", FIRST_DAY_PURGED, everything, equality_on=FIRST_DAY_PURGED
        ),
        "last_day": make_response("last_day", LAST_DAY_KEPT, everything, equality_on=LAST_DAY_KEPT),
        "recent": make_response(
            "recent", date(2026, 11, 20), everything, equality_on=date(2026, 11, 20)
        ),
        "old_no_comment": make_response(
            "old_no_comment", date(2023, 5, 17), {**CHOICE_ANSWERS, **DETAIL_ANSWERS}
        ),
    }
    survey = db.session.scalar(select(Survey))
    # Equality answers whose response has gone: purged by their own date.
    db.session.add(
        EqualityResponse(key="orphan-old", survey_id=survey.id, created_on=date(2024, 11, 1))
    )
    db.session.add(
        EqualityResponse(key="orphan-kept", survey_id=survey.id, created_on=LAST_DAY_KEPT)
    )
    version = db.session.scalar(select(SurveyVersion))
    channel = db.session.scalar(select(Channel))
    for token, expires_at in [
        ("draft-expired", NOW - timedelta(minutes=1)),
        ("draft-live", NOW + timedelta(minutes=1)),
    ]:
        db.session.add(
            Draft(
                token=token,
                survey_version=version,
                channel=channel,
                answers=dict(COMMENT),
                expires_at=expires_at,
            )
        )
    db.session.commit()
    return rows


EXPECTED = PurgeCounts(
    equality_rows=2, comments=1, detail_answers=4, responses_anonymised=2, drafts=1
)


def test_retention_boundary_is_worked_out_by_hand():
    assert NOW.date() - timedelta(days=730) == LAST_DAY_KEPT


def test_purge_deletes_exactly_the_expired_rows(dated_rows):
    assert purge_expired(NOW) == EXPECTED

    equality_keys = set(db.session.scalars(select(EqualityResponse.key)))
    assert equality_keys == {"equality-last_day", "equality-recent", "orphan-kept"}
    assert set(db.session.scalars(select(Draft.token))) == {"draft-live"}

    everything = {**CHOICE_ANSWERS, **DETAIL_ANSWERS, **COMMENT}
    assert answers_of("key-last_day") == everything
    assert answers_of("key-recent") == everything
    kept = db.session.scalar(select(Response).where(Response.submission_key == "key-last_day"))
    assert (kept.submitted_on, kept.equality_key, kept.anonymised) == (
        LAST_DAY_KEPT,
        "equality-last_day",
        False,
    )
    assert kept.reference is not None


def test_purge_anonymises_expired_responses_and_keeps_their_choice_answers(dated_rows):
    ids = {name: response.id for name, response in dated_rows.items()}
    purge_expired(NOW)
    expired = db.session.get(Response, ids["expired"])
    assert expired.submitted_on == date(2024, 11, 1)
    assert expired.anonymised is True
    assert expired.equality_key is None
    assert expired.submission_key.startswith("anonymised-")
    assert expired.submission_key != "key-expired"
    assert expired.reference is None  # the resident's receipt no longer picks it out
    assert expired.channel.slug == "phone"
    assert {a.question_key: a.value for a in expired.answers} == CHOICE_ANSWERS

    old = db.session.get(Response, ids["old_no_comment"])
    assert old.submitted_on == date(2023, 5, 1)
    assert {a.question_key: a.value for a in old.answers} == CHOICE_ANSWERS


def test_counts_by_month_and_channel_survive_the_purge(dated_rows):
    def by_month():
        rows = db.session.execute(select(Response.submitted_on, Response.channel_id)).all()
        return sorted((day.year, day.month, channel) for day, channel in rows)

    before = by_month()
    purge_expired(NOW)
    assert by_month() == before


def test_a_second_purge_finds_nothing_more(dated_rows):
    purge_expired(NOW)
    assert purge_expired(NOW) == PurgeCounts()


def test_dry_run_counts_the_same_and_changes_nothing(dated_rows):
    def snapshot():
        return (
            count(EqualityResponse),
            count(Answer),
            count(Draft),
            sorted(db.session.execute(select(Response.submission_key, Response.submitted_on))),
        )

    before = snapshot()
    assert purge_expired(NOW, dry_run=True) == EXPECTED
    db.session.expire_all()
    assert snapshot() == before


def test_purge_is_all_or_nothing(dated_rows, monkeypatch):
    before = (count(EqualityResponse), count(Answer), count(Draft))

    def broken(_):
        raise RuntimeError("disk full")

    monkeypatch.setattr(retention.secrets, "token_urlsafe", broken)
    with pytest.raises(RuntimeError):
        purge_expired(NOW)
    assert (count(EqualityResponse), count(Answer), count(Draft)) == before
    kept = db.session.scalar(select(Response).where(Response.submission_key == "key-expired"))
    assert kept.submitted_on == FIRST_DAY_PURGED


def test_comments_are_judged_by_the_response_own_survey_version(app):
    survey = db.session.scalar(select(Survey))
    first = survey.versions[0]
    definition = {**first.definition, "pages": [dict(p) for p in first.definition["pages"]]}
    comments_page = next(p for p in definition["pages"] if p["key"] == "comments")
    # In version 2 "comments" is a choice question: its answers are not free text.
    comments_page["questions"] = [
        {
            "key": "comments",
            "type": "single_choice",
            "text": "Would you like to add anything?",
            "required": False,
            "options": [{"value": "no", "label": "No"}, {"value": "yes", "label": "Yes"}],
        }
    ]
    second = publish_version(survey, definition)
    db.session.commit()
    make_response("v1", FIRST_DAY_PURGED, dict(COMMENT), version=first)
    make_response("v2", FIRST_DAY_PURGED, {"comments": "no"}, version=second)

    counts = purge_expired(NOW)

    assert counts.comments == 1
    assert db.session.scalars(select(Answer.value)).all() == ["no"]


def test_retention_period_comes_from_each_survey(dated_rows):
    survey = db.session.scalar(select(Survey))
    survey.retention_days = 365
    db.session.commit()
    # Now everything sent before 23 November 2025 has expired, including the "last day" row.
    counts = purge_expired(NOW)
    assert counts.responses_anonymised == 3
    assert set(db.session.scalars(select(EqualityResponse.key))) == {"equality-recent"}


def test_flask_purge_dry_run_then_purge(app, runner):
    today = date.today()
    make_response(
        "old",
        today - timedelta(days=1000),
        {**COMMENT, **CHOICE_ANSWERS},
        equality_on=today - timedelta(days=1000),
    )
    make_response(
        "new",
        today - timedelta(days=10),
        {**COMMENT, **CHOICE_ANSWERS},
        equality_on=today - timedelta(days=10),
    )
    lines = [
        "equality_response: 1 rows deleted (equality answers)",
        "answer: 1 rows deleted (free-text comments)",
        "answer: 0 rows deleted (dates and numbers)",
        "response: 1 rows anonymised (date set to the first of its month, choice answers kept)",
        "draft: 0 rows deleted (expired answers in progress)",
    ]

    result = runner.invoke(args=["purge", "--dry-run"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Dry run: nothing has been changed. flask purge would do this:",
        *lines,
    ]
    assert count(EqualityResponse) == 2
    assert count(Answer) == 6

    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == lines
    assert count(EqualityResponse) == 1
    assert count(Answer) == 5
    assert answers_of("key-new") == {**COMMENT, **CHOICE_ANSWERS}
