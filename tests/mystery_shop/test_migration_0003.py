"""The mystery-shop migration (0003) upgrades, downgrades one step and upgrades again."""

import pytest
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from survey_app import create_app
from survey_app.extensions import db
from tests.conftest import DATABASES, _url_for, _wipe_schema, dispose_engines, load_standard_data

SHOP_TABLES = {
    "shop_criterion",
    "shop_scenario",
    "shop_scenario_channel",
    "shop_assignment",
    "shop_record",
    "shop_audit_event",
}


def table_names() -> set[str]:
    return set(inspect(db.engine).get_table_names())


@pytest.mark.parametrize("kind", DATABASES)
def test_mystery_shop_migration_round_trip(kind, tmp_path_factory):
    url = _url_for(kind, tmp_path_factory)
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": url})
    _wipe_schema(app)
    try:
        with app.app_context():
            upgrade(revision="0003")
            assert table_names() >= SHOP_TABLES
            downgrade(revision="0001")
            tables = table_names()
            assert not SHOP_TABLES & tables
            assert {"user_account", "channel", "service"} <= tables
            upgrade(revision="0003")
            assert table_names() >= SHOP_TABLES
    finally:
        dispose_engines(app)
        # Leave PostgreSQL as the session fixture expects to find it: rebuilt from scratch,
        # holding the standard data.
        _wipe_schema(app)
        with app.app_context():
            upgrade()
            load_standard_data()
        dispose_engines(app)
