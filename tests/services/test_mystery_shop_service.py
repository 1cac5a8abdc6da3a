"""Service rules that pages cannot easily reach."""

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.orm.attributes import set_committed_value

from survey_app.extensions import db
from survey_app.models import ShopRecord
from survey_app.services.mystery_shop import RecordLocked, review_record, start_record
from tests.mystery_shop.helpers import assignment_for


def test_a_second_start_racing_the_first_gets_the_same_record(make_user):
    shopper = make_user("shopper")
    assignment = assignment_for(shopper, "phone")
    result = db.session.execute(
        insert(ShopRecord)
        .values(
            assignment_id=assignment.id,
            shopper_id=shopper.id,
            channel_id=assignment.channel_id,
            status="draft",
            no_reply=False,
            behaviours={},
            account="",
        )
        .returning(ShopRecord.id)
    )
    first_id = result.scalar_one()
    db.session.commit()
    # As the second request saw it: no record yet for this assignment.
    set_committed_value(assignment, "record", None)
    record = start_record(assignment, shopper)
    assert record.id == first_id
    assert db.session.scalar(select(func.count(ShopRecord.id))) == 1


def test_only_a_submitted_record_can_be_reviewed(make_user):
    shopper = make_user("shopper")
    record = start_record(assignment_for(shopper, "phone"), shopper)
    with pytest.raises(RecordLocked):
        review_record(record, make_user("reviewer"), True, "")
    db.session.refresh(record)
    assert record.status == "draft"
    assert record.reviewed_by_id is None
