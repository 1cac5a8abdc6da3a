"""The tracker's migration (0012) upgrades, downgrades one step and upgrades again, keeping
what was there before it."""

from datetime import date

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect, select

from survey_app import create_app
from survey_app.extensions import db
from survey_app.models import Channel, Recommendation
from tests.conftest import DATABASES, _url_for, _wipe_schema, dispose_engines, load_standard_data

TRACKER_TABLES = {
    "finding",
    "recommendation",
    "recommendation_finding",
    "progress_update",
    "recommendation_event",
    "officer_directorate",
}


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


@pytest.mark.parametrize("kind", DATABASES)
def test_tracker_migration_round_trip(kind, tmp_path_factory):
    url = _url_for(kind, tmp_path_factory)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    _wipe_schema(app)
    try:
        with app.app_context():
            upgrade()
            assert table_names() >= TRACKER_TABLES
            load_standard_data()
            channels = db.session.scalar(select(db.func.count(Channel.id)))
            db.session.add(
                Recommendation(
                    reference="R1",
                    text="Answer calls sooner.",
                    directorate="Resources",
                    lead_officer="Lead",
                    committee="OSC",
                    committee_date=date(2026, 3, 18),
                )
            )
            db.session.commit()
            db.session.remove()
            downgrade(revision="0011")
            tables = table_names()
            assert not TRACKER_TABLES & tables
            assert db.session.scalar(select(db.func.count(Channel.id))) == channels
            db.session.remove()
            upgrade()
            assert table_names() >= TRACKER_TABLES
            assert db.session.scalar(select(Recommendation)) is None
            db.session.remove()
    finally:
        dispose_engines(app)
        # Leave PostgreSQL as the session fixture expects to find it: rebuilt from scratch,
        # holding the standard data.
        _wipe_schema(app)
        with app.app_context():
            upgrade()
            load_standard_data()
        dispose_engines(app)
