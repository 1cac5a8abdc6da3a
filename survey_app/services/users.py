"""Accounts: creation and sign-in checks, with a lockout after repeated failures."""

import secrets
from datetime import timedelta
from functools import cache

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import User, UserRole, utcnow
from survey_app.services.audit import add_event
from survey_app.services.definitions import DEFINITIONS_DIR
from survey_app.services.transactions import transaction

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MIN_PASSWORD_LENGTH = 12


COMMON_PASSWORDS_FILE = DEFINITIONS_DIR / "common-passwords.txt"


class PasswordRejected(ValueError):
    pass


class LastAdminError(ValueError):
    """The change would leave nobody able to administer the service."""


@cache
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text().splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def check_password_strength(password: str, email: str | None = None) -> None:
    """NCSC-style checks: long enough, not a commonly used password, not the email address."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise PasswordRejected(f"Password must be {MIN_PASSWORD_LENGTH} characters or more")
    if password.strip().lower() in common_passwords():
        raise PasswordRejected(
            "Password is too easy to guess because many people use it. Choose a different password"
        )
    if email and email.strip().lower() in password.lower():
        raise PasswordRejected("Password must not contain your email address")


def temporary_password() -> str:
    return secrets.token_urlsafe(12)


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def _new_user(email: str, name: str, roles: set[str], password: str, **options) -> User:
    check_password_strength(password, email)
    if find_user(email):
        raise ValueError(f"A user with the email address {email} already exists")
    user = User(email=email.strip().lower(), name=name.strip(), **options)
    user.set_roles(roles)
    user.set_password(password)
    db.session.add(user)
    return user


def create_user(
    email: str,
    name: str,
    roles: set[str],
    password: str,
    *,
    must_change_password: bool = False,
) -> User:
    try:
        user = _new_user(email, name, roles, password, must_change_password=must_change_password)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return user


def _roles_text(roles) -> str:
    return ", ".join(sorted(roles)) or "none"


def invite_user(email: str, name: str, roles: set[str]) -> tuple[User, str]:
    """A new account with a one-time password, which the person must change at sign-in."""
    password = temporary_password()
    try:
        user = _new_user(email, name, roles, password, must_change_password=True)
        add_event("user.invited", f"{user.email} as {_roles_text(roles)}")
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return user, password


def reset_password(user: User, *, actor: str = "") -> str:
    """Give the account a new one-time password, to be changed at its next sign-in.

    The old password stops working at once, a lockout is lifted, and the one-time password
    is returned to be shown once: it is stored only as a hash.
    """
    password = temporary_password()
    try:
        user.set_password(password)
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        add_event("user.password_reset", user.email, actor=actor)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
    return password


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


def set_password(user: User, new_password: str, *, actor: str = "") -> None:
    """Set a password chosen by someone at the server's command line (a way back in when
    every admin's password is lost); any lockout is lifted."""
    check_password_strength(new_password, user.email)
    with transaction():
        user.set_password(new_password)
        user.must_change_password = False
        user.failed_logins = 0
        user.locked_until = None
        add_event("user.password_set", user.email, actor=actor)


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def change_password(user: User, new_password: str) -> None:
    check_password_strength(new_password, user.email)
    try:
        user.set_password(new_password)
        user.must_change_password = False
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise


def all_users() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.active.desc(), User.name)))


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def _other_active_admins(user: User) -> int:
    return (
        db.session.scalar(
            select(func.count(User.id))
            .join(UserRole)
            .where(UserRole.role == "admin", User.active, User.id != user.id)
        )
        or 0
    )


def update_user(user: User, roles: set[str], active: bool, *, actor: str = "") -> None:
    """Change roles and whether the account may sign in; someone must remain an admin."""
    was_admin = user.active and user.has_role("admin")
    keeps_admin = active and "admin" in roles
    if was_admin and not keeps_admin and _other_active_admins(user) == 0:
        raise LastAdminError(
            "You cannot remove the last active admin. Give someone else the admin role first"
        )
    changes = []
    if roles != user.roles:
        changes.append(f"roles {_roles_text(user.roles)} to {_roles_text(roles)}")
    if active != user.active:
        changes.append("reactivated" if active else "deactivated")
    try:
        user.set_roles(roles)
        user.active = active
        if changes:
            add_event("user.changed", f"{user.email}: {'; '.join(changes)}", actor=actor)
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
