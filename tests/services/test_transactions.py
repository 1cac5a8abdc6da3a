"""``transaction()``, the one way a service owns a transaction, on SQLite and PostgreSQL.

Most tests run inside the test's rolled-back transaction, where the session's commit
releases a SAVEPOINT: what a block committed survives a later rollback of the session, and
what it rolled back is gone. One test commits for real and reads the rows back on a
connection of its own.
"""

import pytest
from sqlalchemy import create_engine, func, select, text
from sqlalchemy.exc import IntegrityError

from survey_app.extensions import db
from survey_app.models import AuditEvent
from survey_app.services.transactions import roll_back, transaction


class Refused(Exception):
    """What the tests raise inside a block."""


def actions() -> list[str]:
    return list(db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)))


def add(action: str) -> None:
    db.session.add(AuditEvent(action=action, target="", actor="test"))


def test_a_block_that_ends_commits(app):
    with transaction() as session:
        assert session is db.session()
        add("first")
        add("second")
    roll_back()  # abandons only what came after the commit
    assert actions() == ["first", "second"]


def write_then_refuse() -> None:
    with transaction():
        add("written")
        db.session.flush()  # the row is in the database, not just in the session
        add("half")
        raise Refused


def test_a_block_that_raises_rolls_back_everything_it_wrote(app):
    with pytest.raises(Refused):
        write_then_refuse()
    assert actions() == []


# action is NOT NULL
BREAKS_A_CONSTRAINT = text(
    "INSERT INTO audit_event (occurred_at, actor, target) VALUES (CURRENT_TIMESTAMP, '', '')"
)


def write_then_break_a_constraint() -> None:
    with transaction():
        add("written first")
        db.session.flush()
        db.session.execute(BREAKS_A_CONSTRAINT)


def test_a_failed_statement_rolls_back_the_rows_before_it(app):
    with pytest.raises(IntegrityError):
        write_then_break_a_constraint()
    assert actions() == []
    with transaction():  # the session is usable again
        add("afterwards")
    assert actions() == ["afterwards"]


def inner_block_then_refuse(seen: list) -> None:
    with transaction():
        with transaction():
            add("inner")
        seen.extend(actions())  # flushed, not committed
        add("outer")
        raise Refused


def test_an_inner_block_joins_the_outer_one_and_commits_nothing(app):
    seen = []
    with pytest.raises(Refused):
        inner_block_then_refuse(seen)
    assert seen == ["inner"]
    assert actions() == []


def refuse_in_an_inner_block() -> None:
    with transaction():
        add("outer")
        with transaction():
            add("inner")
            raise Refused


def test_an_error_in_an_inner_block_rolls_back_the_outer_ones_work(app):
    with pytest.raises(Refused):
        refuse_in_an_inner_block()
    assert actions() == []


def test_the_outer_block_commits_what_inner_blocks_wrote(app):
    with transaction():
        add("outer")
        with transaction():
            add("inner")
    roll_back()
    assert actions() == ["outer", "inner"]


def test_after_an_error_the_next_block_is_outermost_again(app):
    with pytest.raises(Refused), transaction(), transaction():
        raise Refused
    with transaction():
        add("committed")
    roll_back()
    assert actions() == ["committed"]


def test_an_exception_caught_inside_the_block_does_not_roll_back(app):
    with transaction():
        add("kept")
        try:
            raise Refused
        except Refused:
            pass
    roll_back()
    assert actions() == ["kept"]


def test_roll_back_abandons_what_the_session_holds(app):
    add("pending")
    db.session.flush()
    roll_back()
    assert actions() == []


@pytest.mark.commits
def test_a_commit_reaches_the_database_and_a_rollback_does_not(app):
    with pytest.raises(Refused):
        write_then_refuse()
    with transaction():
        add("committed")
    db.session.remove()
    other = create_engine(app.config["SQLALCHEMY_DATABASE_URI"])
    try:
        with other.connect() as connection:
            rows = connection.execute(select(AuditEvent.action)).scalars().all()
            assert rows == ["committed"]
            count = connection.scalar(select(func.count()).select_from(AuditEvent))
            assert count == 1
    finally:
        other.dispose()
