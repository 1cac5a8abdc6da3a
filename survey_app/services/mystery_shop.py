"""Mystery shopping: scenarios, assignments, shop records, review and the audit trail.

Every change to a shop record goes through ``_record_change`` so that it is audited: who,
which fields (by name only, never the text typed), and when.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from survey_app.extensions import db
from survey_app.models import (
    Channel,
    Service,
    ShopAssignment,
    ShopAuditEvent,
    ShopRecord,
    ShopScenario,
    User,
    UserRole,
    utcnow,
)
from survey_app.services.audit import add_event
from survey_app.services.scoring import (
    MINUTES_WAITED,
    SECONDS_TO_ANSWER,
    Criterion,
    ShopScore,
    reply_measures,
    score_shop,
    working_day_deadline,
)
from survey_app.services.standards import (
    criteria_for_channel,
    is_two_stage,
    reply_limit_working_days,
)
from survey_app.services.transactions import transaction

# The record fields a shopper's form may change; anything else is the service's business.
SHOPPER_FIELDS = (
    "contact_at",
    "call_answered",
    "answer_seconds",
    "wait_minutes",
    "acknowledged_at",
    "replied_at",
    "behaviours",
    "helpfulness",
    "knowledge",
    "account",
)
DONE_STATUSES = ("submitted", "accepted")


class RecordLocked(Exception):
    """The record cannot be changed in its present state."""


# Scenarios and assignments ------------------------------------------------------------


def all_scenarios() -> list[ShopScenario]:
    return list(db.session.scalars(select(ShopScenario).order_by(ShopScenario.id.desc())))


def scenario_by_id(scenario_id: int) -> ShopScenario | None:
    return db.session.get(ShopScenario, scenario_id)


def create_scenario(
    title: str, request: str, service: Service, channels: Iterable[Channel]
) -> ShopScenario:
    scenario = ShopScenario(title=title.strip(), request=request.strip(), service=service)
    scenario.channels = list(channels)
    with transaction():
        db.session.add(scenario)
        db.session.flush()
        add_event("shop_scenario.created", f"scenario {scenario.id} for {service.slug}")
    return scenario


def shoppers() -> list[User]:
    return list(
        db.session.scalars(
            select(User)
            .join(UserRole)
            .where(UserRole.role == "shopper", User.active)
            .order_by(User.name)
        )
    )


def everyone_who_shopped() -> list[User]:
    """Every account with a shop record, active or not, and every active shopper: the people
    a list of records can be filtered by."""
    with_records = select(ShopRecord.shopper_id)
    return list(
        db.session.scalars(
            select(User)
            .where(
                User.id.in_(with_records)
                | User.id.in_(select(UserRole.user_id).where(UserRole.role == "shopper"))
            )
            .order_by(User.name, User.id)
        )
    )


def assign_scenario(
    scenario: ShopScenario, channel: Channel, shopper: User, window_start: date, window_end: date
) -> ShopAssignment:
    if channel not in scenario.channels:
        raise ValueError("That channel is not part of this scenario")
    if not shopper.has_role("shopper"):
        raise ValueError("Only a shopper can be given a shop")
    if window_end < window_start:
        raise ValueError("The window must end on or after the day it starts")
    assignment = ShopAssignment(
        scenario=scenario,
        channel=channel,
        shopper=shopper,
        window_start=window_start,
        window_end=window_end,
    )
    with transaction():
        db.session.add(assignment)
        db.session.flush()
        add_event(
            "shop_assignment.created",
            f"assignment {assignment.id}: scenario {scenario.id} on {channel.slug} "
            f"to {shopper.email}, {window_start.isoformat()} to {window_end.isoformat()}",
        )
    return assignment


def assign_scenario_to_many(
    scenario: ShopScenario,
    channels: Iterable[Channel],
    shoppers_: Iterable[User],
    window_start: date,
    window_end: date,
) -> list[ShopAssignment]:
    """One shop for every shopper on every channel given, all with the same window: all of
    them are made, or (if any is refused) none."""
    made = []
    with transaction():
        for shopper in shoppers_:
            for channel in channels:
                made.append(assign_scenario(scenario, channel, shopper, window_start, window_end))
    return made


def assignments_for_scenario(scenario: ShopScenario) -> list[ShopAssignment]:
    return list(
        db.session.scalars(
            select(ShopAssignment)
            .where(ShopAssignment.scenario_id == scenario.id)
            .order_by(ShopAssignment.window_start, ShopAssignment.id)
        )
    )


def assignments_for_shopper(user: User) -> list[ShopAssignment]:
    return list(
        db.session.scalars(
            select(ShopAssignment)
            .where(ShopAssignment.shopper_id == user.id)
            .order_by(ShopAssignment.window_start, ShopAssignment.id)
        )
    )


def assignment_for_shopper(user: User, assignment_id: int) -> ShopAssignment | None:
    assignment = db.session.get(ShopAssignment, assignment_id)
    if assignment is None or assignment.shopper_id != user.id:
        return None
    return assignment


def coverage() -> dict[str, Any]:
    """Planned, done and outstanding shops for every channel and service, to show gaps."""
    channels = list(db.session.scalars(select(Channel).order_by(Channel.sort_order)))
    services = list(db.session.scalars(select(Service).order_by(Service.id)))
    planned_rows = db.session.execute(
        select(ShopScenario.service_id, ShopAssignment.channel_id, func.count())
        .join(ShopAssignment.scenario)
        .group_by(ShopScenario.service_id, ShopAssignment.channel_id)
    )
    done_rows = db.session.execute(
        select(ShopScenario.service_id, ShopAssignment.channel_id, func.count())
        .join(ShopAssignment.scenario)
        .join(ShopAssignment.record)
        .where(ShopRecord.status.in_(DONE_STATUSES))
        .group_by(ShopScenario.service_id, ShopAssignment.channel_id)
    )
    planned = {(s, c): n for s, c, n in planned_rows}
    done = {(s, c): n for s, c, n in done_rows}

    def cell(service_ids, channel_ids):
        p = sum(planned.get((s, c), 0) for s in service_ids for c in channel_ids)
        d = sum(done.get((s, c), 0) for s in service_ids for c in channel_ids)
        return {"planned": p, "done": d, "outstanding": p - d}

    all_services = [s.id for s in services]
    all_channels = [c.id for c in channels]
    return {
        "channels": channels,
        "rows": [
            {"service": s, "cells": [cell([s.id], [c.id]) for c in channels]}
            for s in services
            if s.active or any(planned.get((s.id, c.id)) for c in channels)
        ],
        "totals": [cell(all_services, [c.id]) for c in channels],
        "grand_total": cell(all_services, all_channels),
    }


# Shop records ---------------------------------------------------------------------------


def can_see_all_records(user: User) -> bool:
    return user.has_role("reviewer", "admin")


def visible_record(user: User, record_id: int) -> ShopRecord | None:
    """The record if this user may see it: reviewers and admins see all, shoppers their own."""
    record = db.session.get(ShopRecord, record_id)
    if record is None:
        return None
    if record.shopper_id == user.id or can_see_all_records(user):
        return record
    return None


def records_for_shopper(user: User) -> list[ShopRecord]:
    return list(
        db.session.scalars(
            select(ShopRecord)
            .where(ShopRecord.shopper_id == user.id)
            .order_by(ShopRecord.updated_at.desc())
        )
    )


def all_records(status: str | None = None) -> list[ShopRecord]:
    query = select(ShopRecord).order_by(ShopRecord.updated_at.desc())
    if status:
        query = query.where(ShopRecord.status == status)
    return list(db.session.scalars(query))


RECORDS_PAGE_SIZE = 25


@dataclass(frozen=True)
class RecordFilter:
    status: str | None = None
    shopper_id: int | None = None
    channel_id: int | None = None
    service_id: int | None = None
    date_from: date | None = None  # of the contact, in the council's local time as recorded
    date_to: date | None = None


@dataclass
class RecordPage:
    records: list[ShopRecord]
    total: int
    page: int
    pages: int


def list_records(filters: RecordFilter, page: int = 1) -> RecordPage:
    """Shop records that match, most recently changed first, ``RECORDS_PAGE_SIZE`` to a page;
    a page past the end shows the last page. A date filter leaves out records with no contact
    recorded yet."""
    query = select(ShopRecord)
    if filters.status:
        query = query.where(ShopRecord.status == filters.status)
    if filters.shopper_id:
        query = query.where(ShopRecord.shopper_id == filters.shopper_id)
    if filters.channel_id:
        query = query.where(ShopRecord.channel_id == filters.channel_id)
    if filters.service_id:
        query = (
            query.join(ShopRecord.assignment)
            .join(ShopAssignment.scenario)
            .where(ShopScenario.service_id == filters.service_id)
        )
    if filters.date_from:
        query = query.where(ShopRecord.contact_at >= datetime.combine(filters.date_from, time()))
    if filters.date_to:
        next_day = datetime.combine(filters.date_to + timedelta(days=1), time())
        query = query.where(ShopRecord.contact_at < next_day)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // RECORDS_PAGE_SIZE))
    page = min(max(1, page), pages)
    records = db.session.scalars(
        query.order_by(ShopRecord.updated_at.desc(), ShopRecord.id.desc())
        .offset((page - 1) * RECORDS_PAGE_SIZE)
        .limit(RECORDS_PAGE_SIZE)
    ).all()
    return RecordPage(records=list(records), total=total, page=page, pages=pages)


def _record_change(
    record: ShopRecord, user: User, action: str, changes: dict[str, Any] | None = None
) -> None:
    changed = []
    for name, value in (changes or {}).items():
        if name == "behaviours":
            before = record.behaviours or {}
            changed += [
                f"behaviours.{key}"
                for key in sorted(set(before) | set(value))
                if before.get(key) != value.get(key)
            ]
            if before != value:
                record.behaviours = dict(value)
            continue
        if getattr(record, name) != value:
            changed.append(name)
            setattr(record, name, value)
    record.updated_at = utcnow()
    db.session.add(ShopAuditEvent(record=record, user_id=user.id, action=action, fields=changed))


def start_record(assignment: ShopAssignment, user: User) -> ShopRecord:
    if assignment.record is not None:
        return assignment.record
    record = ShopRecord(
        assignment=assignment,
        shopper_id=user.id,
        channel_id=assignment.channel_id,
        status="draft",
        behaviours={},
        account="",
    )
    try:
        with transaction():
            db.session.add(record)
            _record_change(record, user, "started")
    except IntegrityError:
        # A double click raced us to it: carry on with the record the first click made.
        return db.session.scalar(
            select(ShopRecord).where(ShopRecord.assignment_id == assignment.id)
        )
    return record


def _require_editable(record: ShopRecord) -> None:
    if not record.editable:
        raise RecordLocked(record.status)


def channel_criteria(record: ShopRecord) -> list[Criterion]:
    return criteria_for_channel(record.channel_id)


def record_is_two_stage(record: ShopRecord) -> bool:
    return is_two_stage(channel_criteria(record))


def reply_due_by(record: ShopRecord) -> date | None:
    """The last day a reply still meets the standard, for an email or letter that was sent."""
    limit = reply_limit_working_days(channel_criteria(record))
    if limit is None or record.contact_at is None:
        return None
    return working_day_deadline(record.contact_at.date(), limit)


def may_mark_no_reply(record: ShopRecord, today: date) -> bool:
    due = reply_due_by(record)
    return record.status == "awaiting_reply" and due is not None and today > due


def save_draft(record: ShopRecord, user: User, changes: dict[str, Any]) -> None:
    _require_editable(record)
    with transaction():
        _record_change(record, user, "saved draft", _shopper_changes(changes))


def mark_sent(record: ShopRecord, user: User, sent_at: datetime) -> None:
    """Stage one of an email or letter shop: the message has gone."""
    _require_editable(record)
    with transaction():
        _record_change(record, user, "recorded message sent", {"contact_at": sent_at})
        if record.status == "draft":
            record.status = "awaiting_reply"


def mark_no_reply(record: ShopRecord, user: User, today: date) -> None:
    if not may_mark_no_reply(record, today):
        raise RecordLocked(record.status)
    with transaction():
        _record_change(record, user, "marked no reply", {"no_reply": True, "replied_at": None})


def measures_for(record: ShopRecord) -> dict[str, float | None]:
    measures: dict[str, float | None] = {
        SECONDS_TO_ANSWER: record.answer_seconds if record.call_answered else None,
        MINUTES_WAITED: record.wait_minutes,
    }
    if record.contact_at is not None:
        measures |= reply_measures(record.contact_at, record.acknowledged_at, record.replied_at)
    return measures


def score_record(record: ShopRecord, criteria: list, cap_percent: float) -> ShopScore:
    """Score the record against ``criteria`` and keep, on the record, the score and the
    standards as they stood (limits included): a later edit of a standard changes none of it.
    """
    score = score_shop(criteria, measures_for(record), record.behaviours or {}, cap_percent)
    record.points_earned = score.points_earned
    record.points_possible = score.points_possible
    record.score_percent = score.score_percent
    record.capped = score.capped
    limits = {c.key: c.limit for c in criteria}
    record.scored_criteria = [
        {**asdict(result), "limit": limits.get(result.key)} for result in score.results
    ]
    return score


def submit_record(
    record: ShopRecord, user: User, changes: dict[str, Any], cap_percent: float
) -> ShopScore:
    """Save the final answers, score them and send the record for review, all or nothing."""
    _require_editable(record)
    with transaction():
        _record_change(record, user, "submitted", _shopper_changes(changes))
        score = score_record(record, channel_criteria(record), cap_percent)
        record.status = "submitted"
        record.submitted_at = utcnow()
        record.review_comment = None
        add_event("shop.submitted", f"record {record.id}", user=user)
    return score


def review_record(record: ShopRecord, reviewer: User, accept: bool, comment: str) -> None:
    if record.status != "submitted":
        raise RecordLocked(record.status)
    with transaction():
        record.status = "accepted" if accept else "returned"
        record.reviewed_at = utcnow()
        record.reviewed_by_id = reviewer.id
        record.review_comment = comment.strip() or None
        _record_change(record, reviewer, "accepted" if accept else "returned to shopper", {})
        # The review comment is the reviewer's words about the shop: the trail names the
        # record only.
        add_event(
            "shop.accepted" if accept else "shop.returned", f"record {record.id}", user=reviewer
        )


def _shopper_changes(changes: dict[str, Any]) -> dict[str, Any]:
    unknown = set(changes) - set(SHOPPER_FIELDS)
    if unknown:
        raise ValueError(f"Not a shopper's field: {', '.join(sorted(unknown))}")
    return changes
