"""The audit trail: one call to record an action, and the filtered list admins read.

Any branch records an action with ``record_event("thing.done", "what it was done to")``.
Record names and identifiers only (a survey id, a service slug, a response number):
never the content of an answer, a password or anything a resident typed.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask import has_request_context
from flask_login import current_user
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import AuditEvent, User
from survey_app.services.transactions import transaction

# How each action reads on the audit page; an action missing here is shown as its name.
ACTION_LABELS = {
    "sign_in.succeeded": "Signed in",
    "sign_in.failed": "Sign-in failed",
    "survey.created": "Survey created",
    "survey.imported": "Survey definition imported",
    "survey.draft_edited": "Survey draft edited",
    "survey.published": "Survey published",
    "survey.closed": "Survey closed",
    "survey.reopened": "Survey reopened",
    "survey.exported": "Survey definition exported",
    "service.created": "Service added",
    "service.changed": "Service changed",
    "channel.created": "Channel added",
    "channel.changed": "Channel changed",
    "paper_entry.saved": "Paper or assisted return entered",
    "response.removed": "Resident's answers removed at their request",
    "link.downloaded": "QR code or link material downloaded",
    "responses.imported": "Responses imported from a CSV file",
    "responses.exported": "All responses exported",
    "results.table_downloaded": "Results table downloaded",
    "responses.import_rejected": "Response import refused",
    "shop_scenario.created": "Mystery-shop scenario created",
    "shop_assignment.created": "Mystery shop assigned",
    "shop.submitted": "Mystery shop submitted",
    "shop.accepted": "Mystery shop accepted",
    "shop.returned": "Mystery shop returned to the shopper",
    "user.invited": "User invited",
    "user.changed": "User's roles or access changed",
    "user.password_reset": "User's password reset",
    "results.report_downloaded": "Committee report downloaded as Word",
    "finding.created": "Finding added, with a copy of its figures",
    "recommendation.created": "Recommendation added",
    "recommendation.changed": "Recommendation changed",
    "recommendation.responded": "Executive response recorded",
    "recommendation.progress_added": "Progress update added",
    "recommendation.withdrawn": "Recommendation withdrawn",
    "recommendation.deleted": "Recommendation deleted",
    "recommendations.exported": "Recommendation tracker downloaded",
    "officer.directorate_set": "Officer's directorate set",
}

PAGE_SIZE = 50


def _actor(user: User | None) -> User | None:
    if user is not None:
        return user
    if has_request_context() and current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def add_event(action: str, target: str = "", *, user: User | None = None, actor: str = "") -> None:
    """Add an event to the caller's transaction, so it is kept only if the change is."""
    who = _actor(user)
    db.session.add(
        AuditEvent(
            user_id=who.id if who else None,
            actor=(actor or (who.email if who else ""))[:254],
            action=action[:60],
            target=str(target)[:200],
        )
    )


def record_event(
    action: str, target: str = "", *, user: User | None = None, actor: str = ""
) -> None:
    """Record an event on its own, committed now (for actions that change nothing else)."""
    with transaction():
        add_event(action, target, user=user, actor=actor)


@dataclass
class AuditFilter:
    action: str | None = None
    user_id: int | None = None
    date_from: date | None = None
    date_to: date | None = None


@dataclass
class AuditPage:
    events: list[AuditEvent]
    total: int
    page: int
    pages: int


def list_events(filters: AuditFilter, page: int = 1) -> AuditPage:
    """Newest first, ``PAGE_SIZE`` to a page; a page past the end shows the last page."""
    query = select(AuditEvent)
    if filters.action:
        query = query.where(AuditEvent.action == filters.action)
    if filters.user_id:
        query = query.where(AuditEvent.user_id == filters.user_id)
    if filters.date_from:
        query = query.where(AuditEvent.occurred_at >= datetime.combine(filters.date_from, time()))
    if filters.date_to:
        next_day = datetime.combine(filters.date_to + timedelta(days=1), time())
        query = query.where(AuditEvent.occurred_at < next_day)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(1, page), pages)
    events = db.session.scalars(
        query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * PAGE_SIZE)
        .limit(PAGE_SIZE)
    ).all()
    return AuditPage(events=list(events), total=total, page=page, pages=pages)


def recorded_actions() -> list[str]:
    """Every action recorded so far plus the known ones, for the filter."""
    seen = set(db.session.scalars(select(AuditEvent.action).distinct()))
    return sorted(seen | set(ACTION_LABELS), key=lambda a: action_label(a).lower())


def action_label(action: str) -> str:
    return ACTION_LABELS.get(action, action)


def users_for_filter() -> list[User]:
    return list(db.session.scalars(select(User).order_by(User.name, User.email)))
