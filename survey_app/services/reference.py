"""Channels and services: reading them, and loading the shipped defaults."""

from pathlib import Path

import yaml
from sqlalchemy import bindparam, select

from survey_app.caching import kept
from survey_app.extensions import db
from survey_app.models import Channel, Service
from survey_app.services.definitions import DEFINITIONS_DIR
from survey_app.services.transactions import transaction

# Draft translations of the shipped channels' names and descriptions, by language and by the
# English text (reference_data.yaml). Keyed by the text, not the slug: a channel an admin adds,
# or a name an admin changes, has no translation and is shown in English, marked lang="en".
CHANNEL_TRANSLATIONS: dict[str, dict[str, str]] = (
    yaml.safe_load((DEFINITIONS_DIR / "reference_data.yaml").read_text()).get("translations") or {}
)


def channel_text(text: str, language: str) -> str | None:
    """A channel's name or description in ``language``, or None when it has no translation."""
    if language == "en":
        return text
    return CHANNEL_TRANSLATIONS.get(language, {}).get(text)


def active_channels() -> list[Channel]:
    return list(
        db.session.scalars(
            select(Channel).where(Channel.active).order_by(Channel.sort_order, Channel.name)
        )
    )


@kept(maxsize=2)
def _channel_by_slug(active_only: bool):
    query = select(Channel).where(Channel.slug == bindparam("slug"))
    return query.where(Channel.active) if active_only else query


def channel_by_slug(slug: str, *, active_only: bool = True) -> Channel | None:
    return db.session.scalar(_channel_by_slug(active_only), {"slug": slug})


def active_services() -> list[Service]:
    return list(db.session.scalars(select(Service).where(Service.active).order_by(Service.id)))


def service_by_slug(slug: str | None) -> Service | None:
    if not slug:
        return None
    return db.session.scalar(select(Service).where(Service.slug == slug, Service.active))


def service_options() -> list[dict[str, str]]:
    return [{"slug": s.slug, "name": s.name} for s in active_services()]


def load_reference_data(path: Path | None = None) -> dict[str, int]:
    """Add any default channel or service that is missing; never overwrite the council's edits."""
    data = yaml.safe_load((path or DEFINITIONS_DIR / "reference_data.yaml").read_text())
    added = {"channels": 0, "services": 0}
    with transaction():
        existing = set(db.session.scalars(select(Channel.slug)))
        for order, row in enumerate(data["channels"], start=1):
            if row["slug"] not in existing:
                db.session.add(Channel(sort_order=order, **row))
                added["channels"] += 1
        existing = set(db.session.scalars(select(Service.slug)))
        for row in data["services"]:
            if row["slug"] not in existing:
                db.session.add(Service(**row))
                added["services"] += 1
    return added
