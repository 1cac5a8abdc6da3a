"""SQLAlchemy 2.0 typed models. Importing this package registers every table."""

from survey_app.models.audit import AuditEvent
from survey_app.models.base import Base, utcnow
from survey_app.models.reference import Channel, Service
from survey_app.models.response import COMPLETION_MODES, Answer, Draft, Response
from survey_app.models.survey import SURVEY_STATUSES, Survey, SurveyVersion
from survey_app.models.user import ROLES, User, UserRole

__all__ = [
    "COMPLETION_MODES",
    "ROLES",
    "SURVEY_STATUSES",
    "Answer",
    "AuditEvent",
    "Base",
    "Channel",
    "Draft",
    "Response",
    "Service",
    "Survey",
    "SurveyVersion",
    "User",
    "UserRole",
    "utcnow",
]
