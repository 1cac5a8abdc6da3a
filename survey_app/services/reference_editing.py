"""Admins editing services and channels.

Nothing is ever deleted: responses point at these rows. A slug cannot change once a
response uses it, because printed links and stored answers carry the slug.
"""

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Answer, Channel, Response, Service, SurveyVersion
from survey_app.services.audit import add_event
from survey_app.services.definitions import iter_questions
from survey_app.services.transactions import transaction


class ReferenceDataError(ValueError):
    """A change that cannot be made; ``field`` names the form field to show it against."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def all_services() -> list[Service]:
    return list(db.session.scalars(select(Service).order_by(Service.name)))


def all_channels() -> list[Channel]:
    return list(db.session.scalars(select(Channel).order_by(Channel.sort_order, Channel.name)))


def responses_for_service(service: Service) -> int:
    by_row = db.session.scalar(
        select(func.count(Response.id)).where(Response.service_id == service.id)
    )
    return by_row or 0


def responses_for_channel(channel: Channel) -> int:
    count = db.session.scalar(
        select(func.count(Response.id)).where(Response.channel_id == channel.id)
    )
    return count or 0


def _service_slug_answered(slug: str) -> bool:
    """Whether any stored answer to a services question holds this slug."""
    keys = {
        q["key"]
        for version in db.session.scalars(select(SurveyVersion))
        for q in iter_questions(version.definition)
        if q.get("options_from") == "services"
    }
    if not keys:
        return False
    found = db.session.scalar(
        select(Answer.id).where(Answer.question_key.in_(keys), Answer.value == slug).limit(1)
    )
    return found is not None


def save_service(service: Service | None, *, name: str, slug: str, active: bool) -> Service:
    """Create a service (``service`` None) or change one."""
    clash = db.session.scalar(select(Service).where(Service.slug == slug))
    if clash is not None and clash is not service:
        raise ReferenceDataError("slug", f"Another service already uses the slug {slug}")
    if (
        service is not None
        and slug != service.slug
        and (responses_for_service(service) or _service_slug_answered(service.slug))
    ):
        raise ReferenceDataError(
            "slug", "You cannot change the slug because responses already use it"
        )
    action = "service.changed" if service else "service.created"
    with transaction():
        if service is None:
            service = Service(slug=slug, name=name, active=active)
            db.session.add(service)
        else:
            service.slug, service.name, service.active = slug, name, active
        add_event(action, f"{slug} ({'active' if active else 'inactive'})")
    return service


def save_channel(
    channel: Channel | None,
    *,
    name: str,
    slug: str,
    description: str,
    sort_order: int,
    active: bool,
) -> Channel:
    """Create a channel (``channel`` None) or change one."""
    clash = db.session.scalar(select(Channel).where(Channel.slug == slug))
    if clash is not None and clash is not channel:
        raise ReferenceDataError("slug", f"Another channel already uses the slug {slug}")
    if channel is not None and slug != channel.slug and responses_for_channel(channel):
        raise ReferenceDataError(
            "slug", "You cannot change the slug because responses already use it"
        )
    action = "channel.changed" if channel else "channel.created"
    with transaction():
        if channel is None:
            channel = Channel(slug=slug)
            db.session.add(channel)
        channel.slug, channel.name, channel.description = slug, name, description
        channel.sort_order, channel.active = sort_order, active
        add_event(action, f"{slug} ({'active' if active else 'inactive'})")
    return channel
