"""SQLAlchemy 2.0 typed models. Importing this package registers every table."""

from survey_app.models.account_token import TOKEN_PURPOSES, AccountToken
from survey_app.models.audit import AuditEvent
from survey_app.models.base import Base, utcnow
from survey_app.models.equality import EqualityResponse
from survey_app.models.mystery_shop import (
    EDITABLE_STATUSES,
    SHOP_STATUSES,
    ShopAssignment,
    ShopAuditEvent,
    ShopCriterion,
    ShopRecord,
    ShopScenario,
)
from survey_app.models.recommendation import (
    RAG_STATUSES,
    RESPONSES,
    Finding,
    OfficerDirectorate,
    ProgressUpdate,
    Recommendation,
    RecommendationEvent,
)
from survey_app.models.reference import Channel, Service
from survey_app.models.response import COMPLETION_MODES, Answer, Draft, Response
from survey_app.models.response_import import ImportedRow, ResponseImport
from survey_app.models.results_tally import (
    AnswerTally,
    CountedQuestion,
    EqualityTally,
    ResponseTally,
)
from survey_app.models.survey import SURVEY_STATUSES, Survey, SurveyVersion
from survey_app.models.user import ROLES, SignInThrottle, StaffSession, User, UserRole

__all__ = [
    "COMPLETION_MODES",
    "EDITABLE_STATUSES",
    "RAG_STATUSES",
    "RESPONSES",
    "ROLES",
    "SHOP_STATUSES",
    "SURVEY_STATUSES",
    "TOKEN_PURPOSES",
    "AccountToken",
    "Answer",
    "AnswerTally",
    "AuditEvent",
    "Base",
    "Channel",
    "CountedQuestion",
    "Draft",
    "EqualityResponse",
    "EqualityTally",
    "Finding",
    "ImportedRow",
    "OfficerDirectorate",
    "ProgressUpdate",
    "Recommendation",
    "RecommendationEvent",
    "Response",
    "ResponseImport",
    "ResponseTally",
    "Service",
    "ShopAssignment",
    "ShopAuditEvent",
    "ShopCriterion",
    "ShopRecord",
    "ShopScenario",
    "SignInThrottle",
    "StaffSession",
    "Survey",
    "SurveyVersion",
    "User",
    "UserRole",
    "utcnow",
]
