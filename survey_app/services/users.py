"""Accounts: creation and sign-in checks, with a lockout after repeated failures."""

from datetime import timedelta

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import User, utcnow

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12


class PasswordRejected(ValueError):
    pass


def check_password_strength(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRejected(f"Password must be {MIN_PASSWORD_LENGTH} characters or more")


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def create_user(email: str, name: str, roles: set[str], password: str) -> User:
    check_password_strength(password)
    if find_user(email):
        raise ValueError(f"A user with the email address {email} already exists")
    user = User(email=email.strip().lower(), name=name.strip())
    user.set_roles(roles)
    user.set_password(password)
    try:
        db.session.add(user)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return user


def authenticate(email: str, password: str) -> tuple[User | None, str | None]:
    """``(user, None)`` on success or ``(None, reason)``; never says which part was wrong."""
    user = find_user(email)
    now = utcnow()
    if user is None or not user.active:
        return None, "invalid"
    if user.locked_until and user.locked_until > now:
        return None, "locked"
    try:
        if not user.check_password(password):
            user.failed_logins += 1
            if user.failed_logins >= MAX_FAILED_LOGINS:
                user.locked_until = now + LOCKOUT
                user.failed_logins = 0
            db.session.commit()
            return None, "invalid"
        user.failed_logins = 0
        user.locked_until = None
        user.last_login_at = now
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return user, None


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0
