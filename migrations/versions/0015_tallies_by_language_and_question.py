"""results tallies by language, counting every single-choice question

Two changes to the running counts of 0007 and 0011:

* ``language`` (the language the resident answered in, ``response.language``) is a
  dimension of every tally, primary keys included, so results can be cut and filtered by
  language while still reading only tally rows.
* Answers to every single-choice question are counted, not only the two satisfaction
  questions. ``results_counted_question`` lists, per survey version, the keys of its
  ``single_choice``, ``satisfaction`` and ``yes_no`` questions (never free text, numbers,
  dates or multiple choice: the tallies stay small and a value is a short option code). The
  answer triggers count an answer when its response's version lists its key, so the counts
  stay exact whatever writes the tables, and a key that is a choice in one version and free
  text in another is counted only where it is a choice. Publishing a version
  (``services.surveys.publish_version``) lists its questions in the same transaction; a new
  version has no responses yet, so nothing needs counting again. This migration lists the
  questions of every version already stored.

The tally tables are built again with the new column and counted from the raw rows; the
triggers are 0011's (restated below) with the language dimension and the counted-question
table. Downgrade puts back 0014's tables, index and triggers exactly, counted again.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05 04:30:00

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

COUNTED_TYPES = ("single_choice", "satisfaction", "yes_no")
# 0011's fixed list, for the downgrade.
OLD_COUNTED = "('overall_satisfaction', 'council_satisfaction')"
TALLIES = ("results_response_tally", "results_answer_tally", "results_equality_tally")
COVERING_INDEX = "ix_results_equality_tally_grouped"

# Set by ``_use`` before any SQL is built: whether the tallies have ``language`` (0015) or
# not (0011, for the downgrade).
_by_language = True

# Results page name -> the stored code it reports (disability: both answers, derived later).
CHARACTERISTICS = {
    "age_band": "COALESCE(e.age_band, '')",
    "sex": "COALESCE(e.sex, '')",
    "gender_identity": "COALESCE(e.gender_identity, '')",
    "sexual_orientation": "COALESCE(e.sexual_orientation, '')",
    "ethnic_group": "COALESCE(e.ethnic_group, '')",
    "ethnic_category": "COALESCE(e.ethnicity, '')",
    "religion": "COALESCE(e.religion, '')",
    "disability": (
        "COALESCE(e.disability_condition, '') || '|' || "
        "COALESCE(e.disability_reduces_activities, '')"
    ),
    "carer": "COALESCE(e.carer, '')",
}
ANSWER_FIELDS = ("response_id", "question_key", "value")
EQUALITY_FIELDS = (
    "key",
    "age_band",
    "sex",
    "gender_identity",
    "sexual_orientation",
    "ethnic_group",
    "ethnicity",
    "religion",
    "disability_condition",
    "disability_reduces_activities",
    "carer",
)


def _use(by_language: bool) -> None:
    global _by_language
    _by_language = by_language


def _dimension_names() -> list[str]:
    names = ["month", "survey_version_id", "channel_id", "service_id", "completion_mode"]
    return names + (["language"] if _by_language else [])


def _tally_columns(table: str) -> str:
    dimensions = ", ".join(_dimension_names())
    return {
        "results_response_tally": dimensions,
        "results_answer_tally": f"{dimensions}, question_key, value",
        "results_equality_tally": f"{dimensions}, characteristic, code, question_key, value",
    }[table]


def _response_fields() -> tuple[str, ...]:
    fields = (
        "id",
        "survey_version_id",
        "channel_id",
        "service_id",
        "completion_mode",
        "submitted_on",
        "equality_key",
        "record_key",
    )
    return fields + (("language",) if _by_language else ())


def _fields() -> dict[str, tuple[str, ...]]:
    return {
        "response": _response_fields(),
        "answer": ANSWER_FIELDS,
        "equality_response": EQUALITY_FIELDS,
    }


def _group_by(count: int) -> str:
    return "GROUP BY " + ", ".join(str(n) for n in range(1, count + 1))


def _counted() -> str:
    """The condition on ``a`` (answer) and ``r`` (its response) for an answer to be counted."""
    if not _by_language:
        return f"a.question_key IN {OLD_COUNTED}"
    # A value longer than the tallies' column cannot be an option code: never counted.
    return (
        "EXISTS (SELECT 1 FROM results_counted_question AS q "
        "WHERE q.survey_version_id = r.survey_version_id AND q.question_key = a.question_key) "
        "AND length(a.value) <= 64"
    )


def _sums(sign) -> str:
    """The change in the count and in the sum of the records' keys."""
    return f"SUM({sign}), SUM({sign} * r.record_key)"


def _month(dialect: str) -> str:
    if dialect == "postgresql":
        return "CAST(date_trunc('month', r.submitted_on) AS date)"
    return "date(r.submitted_on, 'start of month')"


def _dimensions(dialect: str) -> str:
    dimensions = (
        f"{_month(dialect)}, r.survey_version_id, r.channel_id, COALESCE(r.service_id, 0), "
        "r.completion_mode"
    )
    return dimensions + (", r.language" if _by_language else "")


def response_counts(dialect, responses="response", sign=1):
    n = len(_dimension_names())
    return (
        f"SELECT {_dimensions(dialect)}, {_sums(sign)} FROM {responses} AS r "
        f"WHERE 1 = 1 {_group_by(n)}"
    )


def _join(dialect: str) -> str:
    # SQLite's CROSS JOIN keeps the written order: the trigger's own row first, then index
    # lookups. Left to itself, the planner (with no statistics) may scan a big table instead.
    return "CROSS JOIN" if dialect == "sqlite" else "JOIN"


def _from(dialect, first, answers, responses, equality=None) -> str:
    """FROM clause starting with the table whose rows changed, joined by indexed keys."""
    join = _join(dialect)
    if first == "response":
        sources = f"{responses} AS r {join} {answers} AS a ON a.response_id = r.id"
        if equality:
            sources += f" {join} {equality} AS e ON e.key = r.equality_key"
    elif first == "equality":
        sources = (
            f"{equality} AS e {join} {responses} AS r ON r.equality_key = e.key "
            f"{join} {answers} AS a ON a.response_id = r.id"
        )
    else:
        sources = f"{answers} AS a {join} {responses} AS r ON r.id = a.response_id"
        if equality:
            sources += f" {join} {equality} AS e ON e.key = r.equality_key"
    return sources


def answer_counts(dialect, answers="answer", responses="response", sign=1, first="answer"):
    n = len(_dimension_names()) + 2
    return (
        f"SELECT {_dimensions(dialect)}, a.question_key, a.value, {_sums(sign)} "
        f"FROM {_from(dialect, first, answers, responses)} "
        f"WHERE {_counted()} {_group_by(n)}"
    )


def equality_counts(
    dialect,
    answers="answer",
    responses="response",
    equality="equality_response",
    sign=1,
    first="answer",
):
    names = " UNION ALL ".join(f"SELECT '{name}' AS characteristic" for name in CHARACTERISTICS)
    code = " ".join(f"WHEN '{name}' THEN {expr}" for name, expr in CHARACTERISTICS.items())
    n = len(_dimension_names()) + 4
    return (
        f"SELECT {_dimensions(dialect)}, c.characteristic, CASE c.characteristic {code} END, "
        f"a.question_key, a.value, {_sums(sign)} "
        f"FROM {_from(dialect, first, answers, responses, equality)} CROSS JOIN ({names}) AS c "
        f"WHERE {_counted()} {_group_by(n)}"
    )


def _add(table: str, select: str) -> str:
    """Add the counts ``select`` gives (negative to take away) to ``table``."""
    columns = _tally_columns(table)
    return (
        f"INSERT INTO {table} ({columns}, count, key_sum) {select} "
        f"ON CONFLICT ({columns}) DO UPDATE SET count = {table}.count + excluded.count, "
        f"key_sum = {table}.key_sum + excluded.key_sum"
    )


def _changes(dialect: str, table: str, rows: str, sign: int, event: str = "") -> list[str]:
    """Statements applying what ``rows`` of ``table`` contribute, times ``sign``."""
    if table == "response" and event == "INSERT":
        # Answers point at their response, so a response has none when it is inserted.
        return [_add("results_response_tally", response_counts(dialect, rows, sign))]
    if table == "response":
        first = {"responses": rows, "sign": sign, "first": "response"}
        return [
            _add("results_response_tally", response_counts(dialect, rows, sign)),
            _add("results_answer_tally", answer_counts(dialect, **first)),
            _add("results_equality_tally", equality_counts(dialect, **first)),
        ]
    if table == "answer":
        return [
            _add("results_answer_tally", answer_counts(dialect, answers=rows, sign=sign)),
            _add("results_equality_tally", equality_counts(dialect, answers=rows, sign=sign)),
        ]
    first = {"equality": rows, "sign": sign, "first": "equality"}
    return [_add("results_equality_tally", equality_counts(dialect, **first))]


def _sqlite_row(table: str, which: str) -> str:
    """A one-row subquery of the trigger's NEW or OLD row, usable in FROM."""
    columns = ", ".join(f'{which}."{name}" AS "{name}"' for name in _fields()[table])
    return f"(SELECT {columns})"


def _answer_when(which: str) -> str:
    """SQLite's WHEN: most answers are not counted, so skip them before any statement runs."""
    if not _by_language:
        return f"{which}.question_key IN {OLD_COUNTED}"
    return f"{which}.question_key IN (SELECT question_key FROM results_counted_question)"


def _sqlite_triggers() -> list[str]:
    statements = []
    for table in _fields():
        for event, parts in (
            ("INSERT", (("NEW", 1),)),
            ("DELETE", (("OLD", -1),)),
            ("UPDATE", (("OLD", -1), ("NEW", 1))),
        ):
            body = []
            for which, sign in parts:
                body += _changes("sqlite", table, _sqlite_row(table, which), sign, event)
            when = ""
            if table == "answer":
                when = " OR ".join(_answer_when(which) for which, _ in parts)
                when = f"WHEN {when} "
            statements.append(
                f"CREATE TRIGGER tally_{table}_{event.lower()} AFTER {event} ON {table} "
                f"FOR EACH ROW {when}BEGIN {'; '.join(body)}; END"
            )
    statements.append(
        "CREATE TRIGGER tally_response_delete_answers BEFORE DELETE ON response "
        "FOR EACH ROW BEGIN DELETE FROM answer WHERE response_id = OLD.id; END"
    )
    return statements


def _postgresql_triggers() -> list[str]:
    statements = []
    for table in _fields():
        for event, parts, referencing in (
            ("INSERT", (("new_rows", 1),), "NEW TABLE AS new_rows"),
            ("DELETE", (("old_rows", -1),), "OLD TABLE AS old_rows"),
            (
                "UPDATE",
                (("old_rows", -1), ("new_rows", 1)),
                "OLD TABLE AS old_rows NEW TABLE AS new_rows",
            ),
        ):
            body = []
            for rows, sign in parts:
                body += _changes("postgresql", table, rows, sign, event)
            name = f"tally_{table}_{event.lower()}"
            statements.append(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
                f"{'; '.join(body)}; RETURN NULL; END $$"
            )
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {referencing} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {name}()"
            )
    statements.append(
        "CREATE FUNCTION tally_response_delete_answers() RETURNS trigger LANGUAGE plpgsql AS $$ "
        "BEGIN DELETE FROM answer WHERE response_id = OLD.id; RETURN OLD; END $$"
    )
    statements.append(
        "CREATE TRIGGER tally_response_delete_answers BEFORE DELETE ON response "
        "FOR EACH ROW EXECUTE FUNCTION tally_response_delete_answers()"
    )
    return statements


def create_triggers(dialect: str, by_language: bool = True) -> None:
    """0011's triggers, by language and counting the listed questions unless ``by_language``
    is false (then exactly 0011's)."""
    _use(by_language)
    triggers = _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers()
    for statement in triggers:
        op.execute(statement)


def _trigger_tables() -> dict[str, str]:
    tables = {
        f"tally_{t}_{e}": t
        for t in ("response", "answer", "equality_response")
        for e in ("insert", "delete", "update")
    }
    return {**tables, "tally_response_delete_answers": "response"}


def _drop_triggers(dialect: str) -> None:
    for name, table in _trigger_tables().items():
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER {name} ON {table}")
            op.execute(f"DROP FUNCTION {name}()")
        else:
            op.execute(f"DROP TRIGGER {name}")


def _dimension_columns(by_language: bool):
    columns = [
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("survey_version_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("channel_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("service_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("completion_mode", sa.String(length=10), nullable=False),
    ]
    if by_language:
        columns.append(sa.Column("language", sa.String(length=10), nullable=False))
    return columns


def _create_tallies(by_language: bool) -> None:
    """The three tally tables and the covering index, as 0011 left them (``by_language``
    false) or with ``language`` after ``completion_mode`` everywhere."""
    dimensions = ["month", "survey_version_id", "channel_id", "service_id", "completion_mode"]
    if by_language:
        dimensions.append("language")

    def counts():
        return [
            sa.Column("count", sa.BigInteger(), nullable=False),
            sa.Column("key_sum", sa.BigInteger(), server_default="0", nullable=False),
        ]

    op.create_table(
        "results_response_tally",
        *_dimension_columns(by_language),
        *counts(),
        sa.PrimaryKeyConstraint(*dimensions, name=op.f("pk_results_response_tally")),
    )
    op.create_table(
        "results_answer_tally",
        *_dimension_columns(by_language),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        *counts(),
        sa.PrimaryKeyConstraint(
            *dimensions, "question_key", "value", name=op.f("pk_results_answer_tally")
        ),
    )
    op.create_table(
        "results_equality_tally",
        *_dimension_columns(by_language),
        sa.Column("characteristic", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=130), nullable=False),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.Column("value", sa.String(length=64), nullable=False),
        *counts(),
        # Characteristic first: a page reads one characteristic's rows, a ninth of the table.
        sa.PrimaryKeyConstraint(
            "characteristic",
            *dimensions,
            "code",
            "question_key",
            "value",
            name=op.f("pk_results_equality_tally"),
        ),
    )
    op.create_index(
        COVERING_INDEX,
        "results_equality_tally",
        ["characteristic", "code", "question_key", "value", *dimensions, "count", "key_sum"],
        unique=False,
    )


def _drop_tallies() -> None:
    op.drop_index(COVERING_INDEX, table_name="results_equality_tally")
    for table in reversed(TALLIES):
        op.drop_table(table)


def _count(dialect: str, by_language: bool) -> None:
    _use(by_language)
    for table, select in (
        ("results_response_tally", response_counts(dialect)),
        ("results_answer_tally", answer_counts(dialect)),
        ("results_equality_tally", equality_counts(dialect)),
    ):
        op.execute(f"INSERT INTO {table} ({_tally_columns(table)}, count, key_sum) {select}")


def counted_keys(definition: dict) -> list[str]:
    """The keys of a definition's single-choice questions, in survey order."""
    keys = []
    for page in definition.get("pages", []):
        for question in page.get("questions", []):
            if question.get("type") in COUNTED_TYPES and question["key"] not in keys:
                keys.append(question["key"])
    return keys


def _list_counted_questions() -> None:
    versions = sa.table(
        "survey_version", sa.column("id", sa.Integer), sa.column("definition", sa.JSON)
    )
    counted = sa.table(
        "results_counted_question",
        sa.column("survey_version_id", sa.Integer),
        sa.column("question_key", sa.String),
    )
    rows = [
        {"survey_version_id": version_id, "question_key": key}
        for version_id, definition in op.get_bind().execute(
            sa.select(versions.c.id, versions.c.definition)
        )
        for key in counted_keys(definition or {})
    ]
    if rows:
        op.bulk_insert(counted, rows)


def upgrade():
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    op.create_table(
        "results_counted_question",
        sa.Column("survey_version_id", sa.Integer(), nullable=False),
        sa.Column("question_key", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_version_id"],
            ["survey_version.id"],
            name=op.f("fk_results_counted_question_survey_version_id_survey_version"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint(
            "survey_version_id", "question_key", name=op.f("pk_results_counted_question")
        ),
    )
    _list_counted_questions()
    _drop_tallies()
    _create_tallies(by_language=True)
    _count(dialect, by_language=True)
    create_triggers(dialect, by_language=True)


def downgrade():
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    _drop_tallies()
    op.drop_table("results_counted_question")
    _create_tallies(by_language=False)
    _count(dialect, by_language=False)
    create_triggers(dialect, by_language=False)
