"""Equality answers as a DataFrame for aggregate analysis: no write-ins, disability derived."""

import pandas as pd
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Survey
from survey_app.services.equality import equality_frame
from tests.equality.test_section import FULL_ANSWERS
from tests.journey_helpers import complete_survey


def test_equality_frame_has_one_row_per_response_with_answers(client):
    complete_survey(client, "phone", equality=FULL_ANSWERS)
    complete_survey(client, "email", equality={"health-conditions": {"answer": "no"}})
    complete_survey(client, "letter")  # declined: no equality row

    frame = equality_frame(db.session.scalar(select(Survey.id)))

    assert len(frame) == 2
    phone, email = frame.iloc[0], frame.iloc[1]
    assert (phone["channel"], phone["service"]) == ("phone", "council-tax")
    assert phone["age_band"] == "35_to_49"
    assert phone["ethnicity"] == "any_other_asian"
    assert phone["disability"] == "disabled"
    assert email["channel"] == "email"
    assert email["age_band"] == "skipped"
    assert email["disability"] == "not_disabled"
    assert pd.isna(email["gender_identity"]), "not asked stays missing"
    assert phone["month"].day == 1
    assert not {c for c in frame.columns if c.endswith("_other")}
    assert "key" not in frame.columns


def test_equality_frame_of_nothing_is_empty(app):
    frame = equality_frame()
    assert frame.empty
    assert "disability" in frame.columns
