"""Revision 0002 upgrades, downgrades one step and upgrades again, keeping existing rows."""

from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from survey_app.extensions import db
from survey_app.models import Channel, Response, SurveyVersion


def schema():
    inspector = inspect(db.engine)
    return (
        set(inspector.get_table_names()),
        {c["name"] for c in inspector.get_columns("response")},
    )


def test_0002_downgrade_and_upgrade_again_keep_responses(app):
    db.session.add(
        Response(
            survey_version=db.session.scalar(select(SurveyVersion)),
            channel=db.session.scalar(select(Channel)),
            submitted_on=date(2026, 11, 3),
            submission_key="before-downgrade",
        )
    )
    db.session.commit()
    db.session.remove()

    tables, columns = schema()
    assert "equality_response" in tables
    assert {"equality_key", "anonymised"} <= columns

    downgrade(revision="0001")
    tables, columns = schema()
    assert "equality_response" not in tables
    assert not {"equality_key", "anonymised"} & columns

    upgrade()
    tables, columns = schema()
    assert "equality_response" in tables
    response = db.session.scalar(select(Response))
    assert response.submission_key == "before-downgrade"
    assert response.anonymised is False
    assert response.equality_key is None
