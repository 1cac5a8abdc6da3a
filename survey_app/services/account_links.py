"""Invitation and password-reset links: single use, and they expire.

A link carries a random token; only its SHA-256 is stored (``AccountToken``). Using it sets
the password, marks it used and lifts any lockout. Issuing a new link for the same purpose
ends any earlier one still open, so only the newest email works.
"""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import select, update

from survey_app.extensions import db
from survey_app.models import AccountToken, User, utcnow
from survey_app.services.audit import add_event
from survey_app.services.staff_sessions import end_other_sessions
from survey_app.services.transactions import transaction
from survey_app.services.users import check_password_strength

VALID_FOR = {"invite": timedelta(days=7), "reset": timedelta(hours=2)}


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_token(user: User, purpose: str) -> str:
    """A new link token for ``user``; earlier open ones for the same purpose stop working."""
    token = secrets.token_urlsafe(32)
    now = utcnow()
    with transaction():
        db.session.execute(
            update(AccountToken)
            .where(
                AccountToken.user_id == user.id,
                AccountToken.purpose == purpose,
                AccountToken.used_at.is_(None),
                AccountToken.expires_at > now,
            )
            .values(expires_at=now)
        )
        db.session.add(
            AccountToken(
                user_id=user.id,
                purpose=purpose,
                token_sha256=_digest(token),
                created_at=now,
                expires_at=now + VALID_FOR[purpose],
            )
        )
        add_event(f"user.{purpose}_link_sent", user.email)
    return token


def open_token(token: str) -> AccountToken | None:
    """The link's record if it can still be used: not used, not expired, account active."""
    if not token or len(token) > 100:
        return None
    found = db.session.scalar(
        select(AccountToken).where(AccountToken.token_sha256 == _digest(token))
    )
    if found is None or found.used_at is not None or found.expires_at <= utcnow():
        return None
    return found if found.user.active else None


def use_token(link: AccountToken, new_password: str) -> User:
    """Set the password through the link, once. Raises ``PasswordRejected`` for a weak one."""
    user = link.user
    check_password_strength(new_password, user.email)
    with transaction():
        user.set_password(new_password)
        user.must_change_password = False
        user.failed_logins = 0
        user.locked_until = None
        link.used_at = utcnow()
        # A reset is often a response to a stolen password: any session it opened ends.
        end_other_sessions(user)
        add_event(f"user.{link.purpose}_link_used", user.email, user=user)
    return user
