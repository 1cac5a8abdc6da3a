"""The migrations go up and down cleanly, and build exactly the schema the models describe.

Runs on SQLite and, with ``TEST_DATABASE_URL``, on PostgreSQL, against the session's test
database, which it leaves at head as it found it.
"""

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import inspect

from survey_app import create_app
from survey_app.extensions import db
from tests.conftest import dispose_engines


def tables() -> set[str]:
    return set(inspect(db.engine).get_table_names()) - {"alembic_version"}


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_downgrade_upgrade_matches_the_models(database_url):
    app = create_app("testing", {"SQLALCHEMY_DATABASE_URI": database_url})
    try:
        with app.app_context():
            upgrade()
            model_tables = set(db.metadata.tables)
            assert tables() == model_tables
            downgrade(revision="base")
            assert tables() == set(), "downgrade to base left tables behind"
            upgrade()
            assert tables() == model_tables
            differences = schema_differences()
            assert differences == [], "the migrations and the models differ:\n" + "\n".join(
                str(d) for d in differences
            )
            db.session.remove()
    finally:
        dispose_engines(app)
