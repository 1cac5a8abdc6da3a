"""The service standards shopped against: loading the shipped defaults and reading them."""

from pathlib import Path

import yaml
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Channel, ShopCriterion
from survey_app.services.definitions import DEFINITIONS_DIR
from survey_app.services.scoring import (
    BEHAVIOUR,
    MEASURE_UNITS,
    REPLY_MEASURES,
    TIMED,
    Criterion,
)

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
    try:
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
        db.session.commit()
    except Exception:
        db.session.rollback()
        raise
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
