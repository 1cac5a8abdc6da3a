"""Loading the service standards from data."""

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Channel, ShopCriterion
from survey_app.services.standards import (
    StandardsInvalid,
    criteria_for_channel,
    is_two_stage,
    load_service_standards,
)


def channel_id(slug: str) -> int:
    return db.session.scalar(select(Channel.id).where(Channel.slug == slug))


def test_shipped_standards_are_loaded_for_every_channel(app):
    for slug in ("phone", "email", "letter", "face-to-face", "website", "webchat", "social-media"):
        assert criteria_for_channel(channel_id(slug)), slug
    phone = {c.key: c for c in criteria_for_channel(channel_id("phone"))}
    assert (phone["answered-30-seconds"].measure, phone["answered-30-seconds"].limit) == (
        "seconds_to_answer",
        30,
    )
    assert phone["accurate"].critical is True
    letter = {c.key: c for c in criteria_for_channel(channel_id("letter"))}
    assert letter["replied-5-working-days"].limit == 5


def test_email_and_letter_are_two_stage_and_phone_is_not(app):
    assert is_two_stage(criteria_for_channel(channel_id("email")))
    assert is_two_stage(criteria_for_channel(channel_id("letter")))
    assert not is_two_stage(criteria_for_channel(channel_id("phone")))


def test_loading_again_adds_nothing_and_keeps_the_councils_edits(app):
    row = db.session.scalar(select(ShopCriterion).where(ShopCriterion.key == "answered-30-seconds"))
    row.limit_value = 60
    db.session.commit()
    count = db.session.scalar(select(func.count(ShopCriterion.id)))
    assert load_service_standards() == 0
    assert db.session.scalar(select(func.count(ShopCriterion.id))) == count
    db.session.refresh(row)
    assert row.limit_value == 60


def test_a_timed_criterion_without_a_limit_is_refused(app, tmp_path):
    path = tmp_path / "standards.yaml"
    path.write_text(
        "channels:\n  phone:\n    criteria:\n"
        "      - {key: new, kind: timed, measure: seconds_to_answer, points: 1, text: New}\n"
    )
    with pytest.raises(StandardsInvalid, match="phone/new"):
        load_service_standards(path)
