"""The one way a service owns a transaction.

Every service that writes does its work inside ``with transaction():``. On leaving the block
the session commits; if anything raises (a constraint, a validation error, a lost connection)
the session rolls back first, so nothing is half-written, and the error goes on to the caller.
An architecture test checks that ``commit()`` and ``rollback()`` appear nowhere else under
``survey_app/``.

Blocks may nest: an inner block joins the outer one and only the outermost commits, so a
service that writes can call another that writes and both land or neither does.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy.engine import Connection
from sqlalchemy.orm import Session

from ..extensions import db

_DEPTH_KEY = "survey_app.transaction_depth"


@contextmanager
def transaction(session: Session | None = None) -> Iterator[Session]:
    """Commit the work done inside the block, or roll all of it back if the block raises."""
    session = session if session is not None else db.session()
    depth = session.info.get(_DEPTH_KEY, 0)
    session.info[_DEPTH_KEY] = depth + 1
    try:
        yield session
        if depth == 0:
            session.commit()
    except BaseException:
        if depth == 0:
            session.rollback()
        raise
    finally:
        session.info[_DEPTH_KEY] = depth


def roll_back(session: Session | Connection | None = None) -> None:
    """Abandon whatever the session (or a Core connection) holds.

    For code that owns no block: error handlers and the health check, which must leave the
    session usable after a failed statement, a dry run that only counted, and a backup's
    read-only snapshot.
    """
    (session if session is not None else db.session()).rollback()
