"""The bare baseline: Flask + SQLAlchemy, one form validated and one row inserted per POST.

Served by gunicorn exactly like the app (``gunicorn --config gunicorn.conf.py
'bench.bare_app:create_bare_app()'``) on the same database, so the load benchmark can show what the
resident journey costs beside the least a Flask endpoint that writes can cost.
"""

import os
from datetime import UTC, datetime

from flask import Flask, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from wtforms import Form, IntegerField, StringField
from wtforms.validators import AnyOf, InputRequired, NumberRange

from bench.loadclient import CHANNELS


class Base(DeclarativeBase):
    pass


db = SQLAlchemy(model_class=Base)


class BareSubmission(db.Model):
    __tablename__ = "bench_bare_submission"

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(40))
    satisfaction: Mapped[int]
    received_at: Mapped[datetime]


class BareForm(Form):
    channel = StringField(validators=[InputRequired(), AnyOf(CHANNELS)])
    satisfaction = IntegerField(validators=[InputRequired(), NumberRange(1, 5)])


def _tune_sqlite_like_the_app(app: Flask) -> None:
    """The same SQLite settings the app uses (WAL, a busy timeout), so the baseline is fair."""
    from survey_app import tune_sqlite_engine

    with app.app_context():
        engine = db.engine
    tune_sqlite_engine(engine, int(os.environ.get("SQLITE_BUSY_TIMEOUT_MS", "15000")))


def create_bare_app() -> Flask:
    from survey_app.config import normalise_database_url

    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(os.environ["DATABASE_URL"])
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {"pool_pre_ping": True}
    db.init_app(app)
    _tune_sqlite_like_the_app(app)

    @app.post("/submit")
    def submit():
        form = BareForm(request.form)
        if not form.validate():
            return {"errors": form.errors}, 400
        try:
            db.session.add(
                BareSubmission(
                    channel=form.channel.data,
                    satisfaction=form.satisfaction.data,
                    received_at=datetime.now(UTC).replace(tzinfo=None),
                )
            )
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        return "created\n", 201

    return app


def create_table(url: str) -> None:
    """Create the baseline's one table (before the server starts, so workers never race)."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    db.init_app(app)
    with app.app_context():
        db.create_all()
        db.engine.dispose()
