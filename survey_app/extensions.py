"""Flask extensions, created unbound and bound in ``create_app``."""

from functools import wraps

from flask import request
from flask_babel import Babel
from flask_compress import Compress
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import MetaData
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with a naming convention so Alembic constraint names are stable."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)
migrate = Migrate()
csrf = CSRFProtect()
# Pages and JSON compressed on the way out (brotli or gzip, as the browser accepts);
# static files come precompressed from the build instead (WhiteNoise).
compress = Compress()
# Interface text of resident pages, from survey_app/translations (compiled by make assets).
babel = Babel()
login_manager = LoginManager()
# The client address is used only in memory for counting, never stored with a response.
limiter = Limiter(key_func=get_remote_address)


@limiter.request_filter
def _reads_are_never_limited() -> bool:
    """GET and HEAD requests skip the rate limiter.

    Every limit the app sets is on a POST (sending a survey, signing in) and there are no
    default limits, so for a GET the limiter only looks up that nothing applies, which cost
    every page of the journey about 3% of its CPU. A limit on a GET would need this changed:
    tests/test_architecture.py fails if one is declared.
    """
    return request.method in ("GET", "HEAD")


def statements_stand_alone(*, methods: set[str]):
    """A view whose statements, for these HTTP methods, each run on their own (autocommit).

    For the resident pages whose statements are reads and at most one INSERT or UPDATE: a
    read needs no transaction around it, and one statement is atomic by itself. It is
    Django's default. On PostgreSQL it saves two round trips to the database on every page
    (BEGIN, and the ROLLBACK or COMMIT): a page that made four makes two. Anything that
    writes more than one row together (sending a survey, an equality answer) keeps its
    transaction: leave out the methods whose path does that.

    If something earlier in the request (a signed-in member of staff's user record) began a
    transaction, the view runs in it as usual. Otherwise the session is closed when the view
    returns, as it would be at the end of the request, so the connection goes back to the
    pool, which gives it back its transactions, before anything else can use it.
    """
    methods = set(methods) | ({"HEAD"} if "GET" in methods else set())

    def decorate(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            session = db.session()
            if request.method not in methods or session.in_transaction():
                return view(*args, **kwargs)
            session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
            try:
                return view(*args, **kwargs)
            finally:
                session.close()

        return wrapped

    return decorate
