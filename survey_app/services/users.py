"""Accounts: creation and sign-in checks, with a lockout after repeated failures."""

import hashlib
import secrets
from datetime import timedelta

from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash

import survey_app.models.user
from survey_app.extensions import db
from survey_app.models import SignInThrottle, User, UserRole, utcnow
from survey_app.services.audit import add_event
from survey_app.services.definitions import DEFINITIONS_DIR
from survey_app.services.staff_sessions import end_other_sessions
from survey_app.services.transactions import transaction

MAX_FAILED_LOGINS = 5
LOCKOUT = timedelta(minutes=15)
MAX_LOCKOUT = timedelta(days=1)
MIN_PASSWORD_LENGTH = 12


COMMON_PASSWORDS_FILE = DEFINITIONS_DIR / "common-passwords.txt"


class PasswordRejected(ValueError):
    pass


class LastAdminError(ValueError):
    """The change would leave nobody able to administer the service."""


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
    # PostgreSQL refuses a NUL in a query; no stored address has one, or is longer than 254.
    if "\x00" in email or len(email) > 254:
        return None
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
    with transaction():
        user = _new_user(email, name, roles, password, must_change_password=must_change_password)
    return user


def _roles_text(roles) -> str:
    return ", ".join(sorted(roles)) or "none"


def invite_user(email: str, name: str, roles: set[str]) -> tuple[User, str]:
    """A new account with a one-time password, which the person must change at sign-in."""
    password = temporary_password()
    with transaction():
        user = _new_user(email, name, roles, password, must_change_password=True)
        add_event("user.invited", f"{user.email} as {_roles_text(roles)}")
    return user, password


def reset_password(user: User, *, actor: str = "") -> str:
    """Give the account a new one-time password, to be changed at its next sign-in.

    The old password stops working at once, a lockout is lifted, and the one-time password
    is returned to be shown once: it is stored only as a hash.
    """
    password = temporary_password()
    with transaction():
        user.set_password(password)
        user.must_change_password = True
        user.failed_logins = 0
        user.locked_until = None
        end_other_sessions(user)
        add_event("user.password_reset", user.email, actor=actor)
    return password


def _throttle_key(email: str, client: str) -> str:
    pair = f"{email.strip().lower()}\n{client}"
    return hashlib.sha256(pair.encode("utf-8")).hexdigest()


def throttled(email: str, client: str) -> bool:
    """Whether sign-in for this email address from this client address is waiting out a
    lock (the same for an unknown address as for a real account)."""
    row = db.session.get(SignInThrottle, _throttle_key(email, client))
    return bool(row and row.locked_until and row.locked_until > utcnow())


def record_failure(email: str, client: str) -> None:
    """One more wrong password for this pair; every ``MAX_FAILED_LOGINS`` lock it, for twice
    as long each time (15 minutes, 30, 1 hour... at most a day)."""
    now = utcnow()
    with transaction():
        # Pairs quiet for longer than the longest lock are forgotten, so guesses at made-up
        # addresses cannot fill the table.
        db.session.execute(
            delete(SignInThrottle).where(
                SignInThrottle.updated_at < now - 2 * MAX_LOCKOUT,
                (SignInThrottle.locked_until.is_(None)) | (SignInThrottle.locked_until < now),
            )
        )
        key = _throttle_key(email, client)
        row = db.session.get(SignInThrottle, key)
        if row is None:
            row = SignInThrottle(key_hash=key, failures=0, locks=0)
            db.session.add(row)
        row.failures += 1
        row.updated_at = now
        if row.failures >= MAX_FAILED_LOGINS:
            row.locked_until = now + min(LOCKOUT * 2**row.locks, MAX_LOCKOUT)
            row.locks += 1
            row.failures = 0


def _forget_failures(email: str, client: str) -> None:
    db.session.execute(
        delete(SignInThrottle).where(SignInThrottle.key_hash == _throttle_key(email, client))
    )


_dummy_hash: list[str] = []


def _dummy_password_hash() -> str:
    """A hash to check wrong answers against, so an unknown address costs a real hash's time
    (made once, on first use: a constant for timing, not a speed-up)."""
    if not _dummy_hash:
        _dummy_hash.append(survey_app.models.user.generate_password_hash(secrets.token_urlsafe(16)))
    return _dummy_hash[0]


def authenticate(email: str, password: str, client: str = "") -> tuple[User | None, str | None]:
    """``(user, None)`` on success or ``(None, reason)``; never says which part was wrong.

    An unknown or deactivated address costs the same password hash as a real one, and is
    throttled the same way, so neither the answer nor its timing says whether the account
    exists. Throttling is per email address and client address (``client``): an attacker's
    guesses lock out only themselves, and the owner elsewhere can still sign in.
    """
    if throttled(email, client):
        check_password_hash(_dummy_password_hash(), password)
        return None, "locked"
    user = find_user(email)
    if user is None or not user.active:
        check_password_hash(_dummy_password_hash(), password)
        record_failure(email, client)
        return None, "invalid"
    if not user.check_password(password):
        record_failure(email, client)
        return None, "invalid"
    with transaction():
        _forget_failures(email, client)
        user.last_login_at = utcnow()
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
        end_other_sessions(user)
        add_event("user.password_set", user.email, actor=actor)


def count_users() -> int:
    return db.session.scalar(select(func.count(User.id))) or 0


def change_password(user: User, new_password: str) -> None:
    """A new password, which must differ from the old one; every other session of the
    account ends (a thief's copy of a cookie among them)."""
    check_password_strength(new_password, user.email)
    if user.check_password(new_password):
        raise PasswordRejected("Your new password must be different from your current password")
    with transaction():
        user.set_password(new_password)
        user.must_change_password = False
        end_other_sessions(user)


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
    with transaction():
        user.set_roles(roles)
        user.active = active
        if changes:
            # What the account may do has changed: its sessions start again from sign-in.
            end_other_sessions(user)
            add_event("user.changed", f"{user.email}: {'; '.join(changes)}", actor=actor)
