"""The service standards shopped against: the shipped defaults, reading and editing them."""

import re
from pathlib import Path

import yaml
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Channel, ShopCriterion
from survey_app.services.audit import add_event
from survey_app.services.definitions import DEFINITIONS_DIR
from survey_app.services.scoring import (
    BEHAVIOUR,
    MEASURE_UNITS,
    REPLY_MEASURES,
    TIMED,
    Criterion,
)
from survey_app.services.transactions import transaction

# In its own folder: every YAML file directly in definitions/ is a survey.
STANDARDS_FILE = DEFINITIONS_DIR / "mystery-shop" / "service-standards.yaml"


class StandardsInvalid(ValueError):
    pass


def _check_row(channel: str, row: dict) -> None:
    where = f"{channel}/{row.get('key')}"
    if row.get("kind") not in (TIMED, BEHAVIOUR):
        raise StandardsInvalid(f"{where}: kind must be timed or behaviour")
    if not isinstance(row.get("points"), int) or row["points"] < 1:
        raise StandardsInvalid(f"{where}: points must be a whole number of 1 or more")
    if row["kind"] == TIMED and (
        row.get("measure") not in MEASURE_UNITS or not isinstance(row.get("limit"), int)
    ):
        raise StandardsInvalid(f"{where}: a timed criterion needs a known measure and a limit")


def load_service_standards(path: Path | None = None) -> int:
    """Add any shipped criterion that is missing; never overwrite the council's edits."""
    data = yaml.safe_load((path or STANDARDS_FILE).read_text())
    added = 0
    with transaction():
        channels = {c.slug: c for c in db.session.scalars(select(Channel))}
        existing = set(db.session.execute(select(ShopCriterion.channel_id, ShopCriterion.key)))
        for slug, spec in data["channels"].items():
            channel = channels.get(slug)
            if channel is None:
                continue
            for order, row in enumerate(spec["criteria"], start=1):
                _check_row(slug, row)
                if (channel.id, row["key"]) in existing:
                    continue
                db.session.add(
                    ShopCriterion(
                        channel_id=channel.id,
                        key=row["key"],
                        text=row["text"],
                        kind=row["kind"],
                        measure=row.get("measure"),
                        limit_value=row.get("limit"),
                        points=row["points"],
                        critical=bool(row.get("critical", False)),
                        sort_order=order,
                    )
                )
                added += 1
    return added


def criteria_for_channel(channel_id: int) -> list[Criterion]:
    rows = db.session.scalars(
        select(ShopCriterion)
        .where(ShopCriterion.channel_id == channel_id, ShopCriterion.active)
        .order_by(ShopCriterion.sort_order, ShopCriterion.id)
    )
    return [
        Criterion(
            key=row.key,
            text=row.text,
            kind=row.kind,
            points=row.points,
            critical=row.critical,
            measure=row.measure,
            limit=row.limit_value,
        )
        for row in rows
    ]


def is_two_stage(criteria: list[Criterion]) -> bool:
    """A channel whose standards time a reply is shopped in two stages (sent, then reply)."""
    return any(c.measure in REPLY_MEASURES for c in criteria)


def reply_limit_working_days(criteria: list[Criterion]) -> int | None:
    limits = [c.limit for c in criteria if c.measure == "working_days_to_reply"]
    return max(limits) if limits else None


# Editing on the admin pages ---------------------------------------------------------------
#
# A criterion is changed in place. That cannot change what a shop already scored means: a
# submitted record keeps its own copy of every criterion as scored (wording, points, critical
# flag, measure and limit) with its points and score, and the record page and review read
# that copy. A change applies to shops submitted after it. A criterion is never deleted, and
# its key never changes, because records in progress hold their outcomes by key; one that no
# longer applies is made inactive instead. Changing what kind of check a criterion is (timed
# or behaviour) would change what a stored outcome means, so the kind is fixed once added.


def standards_by_channel() -> list[tuple[Channel, list[ShopCriterion]]]:
    """Every channel, in its order, with all its criteria, active and inactive."""
    channels = db.session.scalars(select(Channel).order_by(Channel.sort_order, Channel.name))
    criteria = db.session.scalars(
        select(ShopCriterion).order_by(ShopCriterion.sort_order, ShopCriterion.id)
    ).all()
    return [(channel, [c for c in criteria if c.channel_id == channel.id]) for channel in channels]


def criterion_by_id(criterion_id: int) -> ShopCriterion | None:
    return db.session.get(ShopCriterion, criterion_id)


def _key_for(channel: Channel, text: str) -> str:
    base = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50] or "criterion"
    taken = set(
        db.session.scalars(select(ShopCriterion.key).where(ShopCriterion.channel_id == channel.id))
    )
    key, number = base, 2
    while key in taken:
        key, number = f"{base}-{number}", number + 1
    return key


def _describe(criterion: ShopCriterion) -> str:
    rule = (
        f"{criterion.measure} within {criterion.limit_value}"
        if criterion.kind == TIMED
        else "behaviour"
    )
    flags = [f"{criterion.points} points", rule]
    if criterion.critical:
        flags.append("critical")
    if not criterion.active:
        flags.append("inactive")
    return f"{criterion.channel.slug}/{criterion.key} ({', '.join(flags)})"


def save_criterion(
    criterion: ShopCriterion | None,
    *,
    channel: Channel | None = None,
    text: str,
    kind: str | None = None,
    measure: str | None = None,
    limit: int | None = None,
    points: int,
    critical: bool,
    active: bool,
) -> ShopCriterion:
    """Add a criterion to ``channel``, or change ``criterion``; the kind is set only on adding."""
    if criterion is None:
        if kind not in (TIMED, BEHAVIOUR):
            raise StandardsInvalid("kind must be timed or behaviour")
        criterion = ShopCriterion(channel=channel, key=_key_for(channel, text), kind=kind)
        last = db.session.scalar(
            select(func.max(ShopCriterion.sort_order)).where(ShopCriterion.channel_id == channel.id)
        )
        criterion.sort_order = (last or 0) + 1
        action = "standard.created"
    else:
        action = "standard.changed"
    _check_row(
        channel.slug if channel else criterion.channel.slug,
        {
            "key": criterion.key,
            "kind": criterion.kind,
            "points": points,
            "measure": measure,
            "limit": limit,
        },
    )
    with transaction():
        criterion.text = text.strip()
        criterion.points = points
        criterion.critical = critical
        criterion.active = active
        if criterion.kind == TIMED:
            criterion.measure, criterion.limit_value = measure, limit
        db.session.add(criterion)
        db.session.flush()
        add_event(action, _describe(criterion))
    return criterion
