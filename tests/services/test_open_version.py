"""Which survey version a channel's start page opens, read without loading definitions."""

import copy

from sqlalchemy import event, select

from survey_app.extensions import db
from survey_app.models import Survey
from survey_app.services.surveys import (
    _kept_definition,
    open_version_for_channel,
    publish_version,
)

# The test runs inside a transaction of its own, where the session's BEGIN is a SAVEPOINT.
TESTS_OWN_TRANSACTION = ("SAVEPOINT", "RELEASE SAVEPOINT", "ROLLBACK TO SAVEPOINT")


def _republish_without(channel: str) -> None:
    survey = db.session.scalar(select(Survey).where(Survey.slug == "customer-care"))
    definition = copy.deepcopy(survey.current_version.definition)
    definition["channels"].remove(channel)
    for page in definition["pages"]:
        for part in (page, *page["questions"]):
            if channel in part.get("channels", []):
                part["channels"].remove(channel)
    publish_version(survey, definition)
    db.session.commit()


def test_the_newest_version_decides_which_channels_are_covered(app):
    _, first = open_version_for_channel("letter")
    assert first.version == 1
    _republish_without("letter")
    survey, newest = open_version_for_channel("phone")
    assert (survey.slug, newest.version) == ("customer-care", 2)
    assert open_version_for_channel("letter") == (None, None)


def test_a_closed_survey_is_found_but_gives_no_version(app):
    survey = db.session.scalar(select(Survey).where(Survey.slug == "customer-care"))
    survey.status = "closed"
    db.session.commit()
    found, version = open_version_for_channel("email")
    assert (found.slug, version) == ("customer-care", None)


def test_once_kept_a_start_page_reads_one_row_a_survey_and_no_definition(app):
    _republish_without("letter")  # old versions are never read
    _kept_definition.cache_clear()
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if not statement.startswith(TESTS_OWN_TRANSACTION):
            statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        open_version_for_channel("phone")
        first = len(statements)
        statements.clear()
        open_version_for_channel("phone")
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert first == 2  # the newest versions, then the one definition not yet kept
    assert len(statements) == 1
    assert "definition" not in statements[0].replace("survey_version.version", "")
