"""Findings, recommendations, the executive response and progress: reading and writing.

Every change is written inside one transaction with an entry in the recommendation's own
history and in the audit trail (names and references only, never the text).
"""

from datetime import date

from flask import current_app
from flask_login import current_user
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import (
    Finding,
    OfficerDirectorate,
    ProgressUpdate,
    Recommendation,
    RecommendationEvent,
    User,
    UserRole,
)
from survey_app.services.audit import add_event
from survey_app.services.transactions import transaction

# Harrow's directorates when the review reported (2014); a council sets its own with the
# DIRECTORATES setting.
DEFAULT_DIRECTORATES = (
    "Resources",
    "Community, Health and Wellbeing",
    "Environment and Enterprise",
    "Children and Families",
)

EDITABLE_FIELDS = (
    "reference",
    "text",
    "directorate",
    "portfolio_holder",
    "lead_officer",
    "committee",
    "committee_date",
    "due_date",
    "status",
    "status_reason",
)


class RecommendationError(ValueError):
    """A change the rules refuse; the message is shown to the person as an error."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def directorates() -> list[str]:
    return list(current_app.config.get("DIRECTORATES") or DEFAULT_DIRECTORATES)


def _who() -> User | None:
    if current_user and current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def _event(recommendation: Recommendation, action: str, detail: str = "") -> None:
    who = _who()
    recommendation.events.append(
        RecommendationEvent(
            user_id=who.id if who else None,
            actor=(who.name if who else "")[:120],
            action=action,
            detail=detail[:300],
        )
    )
    add_event(f"recommendation.{action}", f"{recommendation.reference} (#{recommendation.id})")


# Reading ------------------------------------------------------------------------------


def all_findings() -> list[Finding]:
    return list(db.session.scalars(select(Finding).order_by(Finding.id)))


def finding_by_id(finding_id: int) -> Finding | None:
    return db.session.get(Finding, finding_id)


def all_recommendations() -> list[Recommendation]:
    return list(
        db.session.scalars(
            select(Recommendation).order_by(Recommendation.committee_date, Recommendation.id)
        )
    )


def recommendation_by_id(recommendation_id: int) -> Recommendation | None:
    return db.session.get(Recommendation, recommendation_id)


def officer_directorate(user: User) -> str | None:
    row = db.session.get(OfficerDirectorate, user.id)
    return row.directorate if row else None


def can_read_all(user: User) -> bool:
    return user.has_role("admin", "reviewer")


def may_see(user: User, recommendation: Recommendation) -> bool:
    """Admins and reviewers see every recommendation; an officer sees their directorate's."""
    if can_read_all(user):
        return True
    return user.has_role("officer") and officer_directorate(user) == recommendation.directorate


def visible_recommendations(user: User) -> list[Recommendation]:
    query = select(Recommendation).order_by(Recommendation.committee_date, Recommendation.id)
    if not can_read_all(user):
        directorate = officer_directorate(user) if user.has_role("officer") else None
        if directorate is None:
            return []
        query = query.where(Recommendation.directorate == directorate)
    return list(db.session.scalars(query))


def reference_taken(reference: str, *, other_than: int | None = None) -> bool:
    query = select(Recommendation.id).where(Recommendation.reference == reference)
    if other_than is not None:
        query = query.where(Recommendation.id != other_than)
    return db.session.scalar(query) is not None


def officers() -> list[tuple[User, str | None]]:
    users = db.session.scalars(
        select(User).join(UserRole).where(UserRole.role == "officer").order_by(User.name)
    )
    return [(user, officer_directorate(user)) for user in users]


# Writing ------------------------------------------------------------------------------


def add_finding(title: str, text: str, evidence_url: str, snapshot: dict) -> Finding:
    who = _who()
    with transaction():
        finding = Finding(
            title=title,
            text=text,
            evidence_url=evidence_url,
            snapshot=snapshot,
            created_by_id=who.id if who else None,
        )
        db.session.add(finding)
        db.session.flush()
        add_event("finding.created", f"finding #{finding.id}")
    return finding


def _findings(ids) -> list[Finding]:
    ids = [int(value) for value in ids or []]
    if not ids:
        return []
    return list(db.session.scalars(select(Finding).where(Finding.id.in_(ids)).order_by(Finding.id)))


def add_recommendation(values: dict, finding_ids) -> Recommendation:
    if reference_taken(values["reference"]):
        raise RecommendationError("reference", "A recommendation with this reference exists")
    with transaction():
        recommendation = Recommendation(
            **{name: values.get(name) for name in EDITABLE_FIELDS},
        )
        recommendation.portfolio_holder = recommendation.portfolio_holder or ""
        recommendation.status_reason = recommendation.status_reason or ""
        recommendation.findings = _findings(finding_ids)
        db.session.add(recommendation)
        db.session.flush()
        _event(recommendation, "created", f"status {recommendation.status}")
    return recommendation


def update_recommendation(recommendation: Recommendation, values: dict, finding_ids) -> None:
    if reference_taken(values["reference"], other_than=recommendation.id):
        raise RecommendationError("reference", "A recommendation with this reference exists")
    changed = [
        name
        for name in EDITABLE_FIELDS
        if (values.get(name) or None) != (getattr(recommendation, name) or None)
    ]
    findings = _findings(finding_ids)
    if [f.id for f in findings] != [f.id for f in recommendation.findings]:
        changed.append("findings")
    with transaction():
        for name in EDITABLE_FIELDS:
            value = values.get(name)
            if name in ("portfolio_holder", "status_reason"):
                value = value or ""
            setattr(recommendation, name, value)
        recommendation.findings = findings
        if changed:
            _event(recommendation, "changed", "changed " + ", ".join(changed))


def record_response(
    recommendation: Recommendation, response: str, text: str, body: str, decided_on: date
) -> None:
    with transaction():
        recommendation.response = response
        recommendation.response_text = text
        recommendation.response_body = body
        recommendation.response_date = decided_on
        _event(recommendation, "responded", f"{response.replace('_', ' ')} by {body}")


def add_progress_update(
    recommendation: Recommendation,
    written_on: date,
    text: str,
    status: str,
    status_reason: str = "",
) -> ProgressUpdate:
    if recommendation.withdrawn:
        raise RecommendationError("text", "This recommendation has been withdrawn")
    who = _who()
    with transaction():
        update = ProgressUpdate(
            author_id=who.id if who else None,
            author_name=who.name if who else "",
            written_on=written_on,
            text=text,
            status=status,
            status_reason=status_reason or "",
        )
        recommendation.updates.append(update)
        previous = recommendation.status
        recommendation.status = status
        recommendation.status_reason = status_reason or ""
        _event(recommendation, "progress_added", f"status {previous} to {status}")
    return update


def withdraw(recommendation: Recommendation, reason: str) -> None:
    with transaction():
        recommendation.withdrawn_reason = reason
        _event(recommendation, "withdrawn")


def delete(recommendation: Recommendation) -> None:
    """Only a recommendation nobody has responded to or acted on may be deleted."""
    if recommendation.response is not None or recommendation.updates:
        raise RecommendationError(
            "reason",
            "A recommendation with a response or progress cannot be deleted: withdraw it instead",
        )
    with transaction():
        add_event("recommendation.deleted", f"{recommendation.reference} (#{recommendation.id})")
        db.session.delete(recommendation)


def set_officer_directorate(user: User, directorate: str) -> None:
    with transaction():
        row = db.session.get(OfficerDirectorate, user.id)
        if row is None:
            db.session.add(OfficerDirectorate(user_id=user.id, directorate=directorate))
        else:
            row.directorate = directorate
        add_event("officer.directorate_set", f"{user.email}: {directorate}")


def set_measure(
    recommendation: Recommendation,
    measure: str,
    before_from: date,
    since_from: date,
    since_to: date | None,
) -> None:
    """Name the measure to re-measure the recommendation by, and the dates that split
    "before" from "since" (checked by the form: real, not in the future, in order)."""
    if since_from.replace(day=1) <= before_from.replace(day=1):
        raise RecommendationError(
            "measure_since_from", "Since must start in a later month than before starts"
        )
    if since_to is not None and since_to < since_from:
        raise RecommendationError(
            "measure_since_to", "The end of since must be the same as or after its start"
        )
    with transaction():
        action = "measure_changed" if recommendation.measure else "measure_set"
        recommendation.measure = measure
        recommendation.measure_before_from = before_from
        recommendation.measure_since_from = since_from
        recommendation.measure_since_to = since_to
        end = since_to.isoformat() if since_to else "today"
        _event(
            recommendation,
            action,
            f"{measure}: before from {before_from.isoformat()}, "
            f"since {since_from.isoformat()} to {end}",
        )


def remove_measure(recommendation: Recommendation) -> None:
    with transaction():
        recommendation.measure = None
        recommendation.measure_before_from = None
        recommendation.measure_since_from = None
        recommendation.measure_since_to = None
        _event(recommendation, "measure_removed")
