"""Signed-in sessions kept on the server, so that they can be ended.

A signed cookie alone cannot be taken back: a copy saved before sign-out would work for as
long as the key does. So a staff member's cookie holds a random token, and the session is
valid only while a ``staff_session`` row holds that token's SHA-256 and is younger than the
absolute lifetime (12 hours by default), however active the person is. Signing out deletes
the row; a password change, an admin's reset, deactivation or role change delete the
person's other rows. Only the hash is stored, so a copy of the table signs nobody in.
"""

import hashlib
import secrets

from flask import current_app, has_request_context, session
from flask_login import current_user
from sqlalchemy import delete, select

from survey_app.extensions import db
from survey_app.models import StaffSession, User, utcnow
from survey_app.services.transactions import transaction

#: Where the session's token is kept in the (signed) cookie.
TOKEN_KEY = "staff_session"  # noqa: S105 (a cookie field name, not a secret)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _oldest_valid():
    return utcnow() - current_app.config["SESSION_ABSOLUTE_LIFETIME"]


def start_session(user: User) -> str:
    """A new session for ``user`` (a new token at every sign-in); returns the token."""
    token = secrets.token_urlsafe(32)
    with transaction():
        # Sessions past their lifetime can never be used again: clear them as we go.
        db.session.execute(delete(StaffSession).where(StaffSession.created_at < _oldest_valid()))
        db.session.add(StaffSession(token_hash=_hash(token), user_id=user.id))
    return token


def session_user(user_id: int, token: str | None) -> User | None:
    """The active user this token signs in, or None if the session has ended or expired."""
    if not token or not isinstance(token, str):
        return None
    return db.session.scalar(
        select(User)
        .join(StaffSession, StaffSession.user_id == User.id)
        .where(
            User.id == user_id,
            User.active,
            StaffSession.token_hash == _hash(token),
            StaffSession.created_at >= _oldest_valid(),
        )
    )


def end_session(token: str | None) -> None:
    """Sign-out: this session ends everywhere its cookie has been copied to."""
    if not token or not isinstance(token, str):
        return
    with transaction():
        db.session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))


def current_token() -> str | None:
    return session.get(TOKEN_KEY) if has_request_context() else None


def end_other_sessions(user: User) -> None:
    """End every session of ``user`` but the one making this request, if it is theirs.

    Part of the caller's change (a password, a reset, roles): it commits nothing itself, so
    the sessions end only if that change is kept.
    """
    query = delete(StaffSession).where(StaffSession.user_id == user.id)
    token = current_token()
    if token and current_user.is_authenticated and current_user.id == user.id:
        query = query.where(StaffSession.token_hash != _hash(token))
    db.session.execute(query)
