"""The migrations go up and down cleanly, and build exactly the schema the models describe.

Runs on SQLite and, with ``TEST_DATABASE_URL``, on PostgreSQL, against the session's test
database, which it leaves at head as it found it (with the standard data put back by the
``commits`` fixture).
"""

from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select, text
from sqlalchemy.exc import IntegrityError

from survey_app.extensions import db
from survey_app.models import Channel, Response, SurveyVersion
from tests.results.helpers import add_responses
from tests.results.test_tallies import assert_tallies_match


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


@pytest.mark.commits
def test_upgrade_downgrade_upgrade_matches_the_models(app):
    upgrade()
    model_tables = set(db.metadata.tables)
    assert tables() == model_tables
    downgrade(revision="base")
    assert tables() == set(), "downgrade to base left tables behind"
    upgrade()
    assert tables() == model_tables
    differences = schema_differences()
    assert differences == [], "the migrations and the models differ:\n" + "\n".join(
        str(d) for d in differences
    )
    db.session.remove()


def response_schema():
    inspector = inspect(db.engine)
    return (
        set(inspector.get_table_names()),
        {c["name"] for c in inspector.get_columns("response")},
    )


@pytest.mark.commits
def test_0002_downgrade_one_step_and_upgrade_again_keep_responses(app):
    db.session.add(
        Response(
            survey_version=db.session.scalar(select(SurveyVersion)),
            channel=db.session.scalar(select(Channel)),
            submitted_on=date(2026, 11, 3),
            submission_key="before-downgrade",
        )
    )
    db.session.commit()
    db.session.remove()

    downgrade(revision="0001")
    table_names, columns = response_schema()
    assert "equality_response" not in table_names
    assert not {"equality_key", "anonymised"} & columns

    upgrade()
    table_names, columns = response_schema()
    assert "equality_response" in table_names
    assert {"equality_key", "anonymised"} <= columns
    response = db.session.scalar(select(Response))
    assert response.submission_key == "before-downgrade"
    assert response.anonymised is False, "existing responses are not anonymised"
    assert response.equality_key is None


@pytest.mark.commits
def test_0011_gives_stored_responses_random_record_keys_and_sums_them(app):
    downgrade(revision="0009")
    version_id = db.session.scalar(select(SurveyVersion.id))
    channel_id = db.session.scalar(select(Channel.id))
    for number in range(40):
        db.session.execute(
            text(
                "INSERT INTO response (survey_version_id, channel_id, completion_mode, "
                "language, submitted_on, submission_key, anonymised) "
                "VALUES (:version, :channel, 'online', 'en', '2026-11-03', :key, false)"
            ),
            {"version": version_id, "channel": channel_id, "key": f"before-0011-{number}"},
        )
    db.session.commit()
    db.session.remove()

    upgrade()
    keys = list(db.session.scalars(select(Response.record_key)))
    assert len(keys) == 40
    assert all(0 <= key < 256 for key in keys)
    # 40 draws from 256 values: all the same only by a chance of 256**-39.
    assert len(set(keys)) > 1
    key_sum = db.session.scalar(text("SELECT SUM(key_sum) FROM results_response_tally"))
    assert key_sum == sum(keys)
    db.session.execute(text("DELETE FROM response"))
    db.session.commit()


@pytest.mark.commits
def test_0014_downgrade_one_step_and_upgrade_again(app):
    downgrade(revision="0012")
    assert not {"response_import", "imported_row", "account_token"} & tables()
    upgrade()
    assert {"response_import", "imported_row", "account_token"} <= tables()
    columns = {c["name"] for c in inspect(db.engine).get_columns("imported_row")}
    assert columns == {"id", "response_import_id", "line", "fingerprint"}
    db.session.remove()


def _tally_sums(table: str, column: str) -> dict:
    rows = db.session.execute(
        text(f"SELECT {column}, SUM(count) FROM {table} GROUP BY {column}")
    ).all()
    return {key: total for key, total in rows if total}


@pytest.mark.commits
def test_0015_downgrade_one_step_and_upgrade_again_recounts_the_tallies(app):
    add_responses(3, language="ar", extra={"resolved": "yes"})
    add_responses(2, language="en", service=None)
    db.session.remove()

    downgrade(revision="0014")
    assert "results_counted_question" not in tables()
    for table in ("results_response_tally", "results_answer_tally", "results_equality_tally"):
        assert "language" not in {c["name"] for c in inspect(db.engine).get_columns(table)}
    # 0014 counts the two satisfaction questions only, with 0011's triggers.
    assert _tally_sums("results_answer_tally", "question_key") == {
        "overall_satisfaction": 5,
        "council_satisfaction": 5,
    }
    version_id = db.session.scalar(select(SurveyVersion.id))
    channel_id = db.session.scalar(select(Channel.id))
    db.session.execute(
        text(
            "INSERT INTO response (survey_version_id, channel_id, completion_mode, "
            "language, submitted_on, submission_key, anonymised, record_key) "
            "VALUES (:version, :channel, 'online', 'ro', '2026-11-03', 'at-0014', false, 0)"
        ),
        {"version": version_id, "channel": channel_id},
    )
    response_id = db.session.scalar(select(Response.id).where(Response.submission_key == "at-0014"))
    for key, value in (("overall_satisfaction", "neither"), ("resolved", "no")):
        db.session.execute(
            text("INSERT INTO answer (response_id, question_key, value) VALUES (:r, :k, :v)"),
            {"r": response_id, "k": key, "v": value},
        )
    db.session.commit()
    assert _tally_sums("results_response_tally", "completion_mode") == {"online": 6}
    assert _tally_sums("results_answer_tally", "question_key")["overall_satisfaction"] == 6
    db.session.remove()

    upgrade()
    assert_tallies_match()
    assert _tally_sums("results_response_tally", "language") == {"ar": 3, "en": 2, "ro": 1}
    assert _tally_sums("results_answer_tally", "question_key") == {
        "overall_satisfaction": 6,
        "council_satisfaction": 5,
        "service": 3,
        "resolved": 4,
    }
    counted = set(
        db.session.scalars(
            text("SELECT question_key FROM results_counted_question WHERE survey_version_id = :v"),
            {"v": version_id},
        )
    )
    assert {"overall_satisfaction", "resolved", "staff_involved", "service"} <= counted
    assert not counted & {"comments", "contact_date", "contact_count", "website_why_not"}
    db.session.execute(text("DELETE FROM response"))
    db.session.commit()


@pytest.mark.commits
def test_0016_downgrade_one_step_and_upgrade_again(app):
    measure_columns = {"measure", "measure_before_from", "measure_since_from", "measure_since_to"}
    downgrade(revision="0015")
    columns = {c["name"] for c in inspect(db.engine).get_columns("recommendation")}
    assert not measure_columns & columns
    assert "committee_date" in columns
    upgrade()
    columns = {c["name"] for c in inspect(db.engine).get_columns("recommendation")}
    assert measure_columns <= columns
    assert schema_differences() == []


@pytest.mark.commits
def test_0017_gives_stored_responses_unique_receipt_references_and_goes_back(app):
    downgrade(revision="0016")
    assert "reference" not in response_schema()[1]
    version_id = db.session.scalar(select(SurveyVersion.id))
    channel_id = db.session.scalar(select(Channel.id))
    for number in range(30):
        db.session.execute(
            text(
                "INSERT INTO response (survey_version_id, channel_id, completion_mode, "
                "language, submitted_on, submission_key, anonymised, record_key) "
                "VALUES (:version, :channel, 'online', 'en', '2026-11-03', :key, false, 0)"
            ),
            {"version": version_id, "channel": channel_id, "key": f"before-0017-{number}"},
        )
    db.session.commit()
    db.session.remove()

    upgrade()
    references = list(db.session.scalars(select(Response.reference)))
    assert len(references) == len(set(references)) == 30
    alphabet = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")
    assert all(len(r) == 8 and set(r) <= alphabet for r in references)
    # The index refuses a second response with the same reference.
    with pytest.raises(IntegrityError):
        db.session.execute(text("UPDATE response SET reference = :r"), {"r": references[0]})
    db.session.rollback()
    # The tally triggers survived (no table rebuild): deleting responses empties the tallies.
    db.session.execute(text("DELETE FROM response"))
    db.session.commit()
    assert not db.session.scalar(text("SELECT SUM(count) FROM results_response_tally"))
    db.session.remove()
