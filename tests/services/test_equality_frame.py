"""Equality answers as a DataFrame for aggregate analysis: labels, no write-ins."""

import pandas as pd
from sqlalchemy import select

from analysis.equality_categories import EQUALITY_CATEGORIES, in_report_order
from survey_app.equality import questions as eq
from survey_app.extensions import db
from survey_app.models import Survey
from survey_app.services.equality import equality_frame
from tests.equality.test_section import FULL_ANSWERS
from tests.journey_helpers import complete_survey


def test_equality_frame_has_one_labelled_row_per_response_with_answers(client):
    complete_survey(client, "phone", equality=FULL_ANSWERS)
    complete_survey(
        client,
        "email",
        equality={"age": {"answer": "prefer_not_to_say"}, "health-conditions": {"answer": "no"}},
    )
    complete_survey(client, "letter")  # declined: no equality row

    frame = equality_frame(db.session.scalar(select(Survey.id)))

    assert list(frame.columns) == [
        "response_id",
        "channel",
        "service",
        "month",
        "age_band",
        "sex",
        "gender_identity",
        "sexual_orientation",
        "ethnic_group",
        "ethnic_category",
        "religion",
        "carer",
        "disability",
    ]
    phone, email = frame.iloc[0], frame.iloc[1]
    assert (phone["channel"], phone["service"]) == ("phone", "council-tax")
    assert phone["age_band"] == "35 to 49"
    assert phone["ethnic_group"] == "Asian or Asian British"
    assert phone["ethnic_category"] == "Any other Asian background"
    assert phone["carer"] == "Yes, 10 to 19 hours a week"
    assert phone["disability"] == "Disabled"
    assert phone["month"].day == 1
    assert email["age_band"] == "Prefer not to say"
    assert pd.isna(email["sex"]), "skipped is missing, reported as Not answered"
    assert email["disability"] == "Not disabled"


def test_every_label_is_one_the_analysis_reports_in_order():
    for column, report_column in eq.REPORT_COLUMNS.items():
        known = set(EQUALITY_CATEGORIES[report_column])
        assert set(eq.option_labels(column).values()) <= known, column


def test_frame_labels_order_in_the_analysis(client):
    complete_survey(client, "phone", equality=FULL_ANSWERS)
    ordered = in_report_order(equality_frame()["religion"], "religion")
    assert list(ordered) == ["Christian"]
    assert ordered.cat.categories[-2:].tolist() == ["Prefer not to say", "Not answered"]


def test_equality_frame_of_nothing_is_empty(app):
    frame = equality_frame()
    assert frame.empty
    assert "disability" in frame.columns
