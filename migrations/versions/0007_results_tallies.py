"""results tallies: running counts kept exact by triggers

The results pages grouped about two million answers on every request (24 s for the overview
at a million responses). These tables hold the same counts already added up by month,
survey version, channel, service and completion mode, and triggers on ``response``,
``answer`` and ``equality_response`` keep them exact whichever code (or hand-written SQL)
writes those tables. The counts are backfilled from the rows already stored.

Every trigger applies the change in the counts caused by the rows it sees, worked out
against the current state of the other two tables; as each count is a product of one
response, one answer and (for equality counts) one equality row, the sum of those changes
is exact in any order of writes. A response's answers are deleted just before the response,
so its counts go while the response can still be found.

On SQLite the triggers are row triggers. On PostgreSQL they are statement triggers with
transition tables, so a bulk ``COPY`` of a million answers is counted in one grouped
statement rather than a million small ones.

A later SQLite "batch" migration that rebuilds ``response``, ``answer`` or
``equality_response`` drops their triggers: it must call ``create_triggers`` again (copy
it), and ``tests/results/test_tallies.py`` fails until it does.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 10:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None

COUNTED = "('overall_satisfaction', 'council_satisfaction')"
DIMENSIONS = "month, survey_version_id, channel_id, service_id, completion_mode"
TALLY_COLUMNS = {
    "results_response_tally": DIMENSIONS,
    "results_answer_tally": f"{DIMENSIONS}, question_key, value",
    "results_equality_tally": f"{DIMENSIONS}, characteristic, code, question_key, value",
}
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
RESPONSE_FIELDS = (
    "id", "survey_version_id", "channel_id", "service_id", "completion_mode",
    "submitted_on", "equality_key",
)
ANSWER_FIELDS = ("response_id", "question_key", "value")
EQUALITY_FIELDS = (
    "key", "age_band", "sex", "gender_identity", "sexual_orientation", "ethnic_group",
    "ethnicity", "religion", "disability_condition", "disability_reduces_activities", "carer",
)


def _month(dialect: str) -> str:
    if dialect == "postgresql":
        return "CAST(date_trunc('month', r.submitted_on) AS date)"
    return "date(r.submitted_on, 'start of month')"


def _dimensions(dialect: str) -> str:
    return (
        f"{_month(dialect)}, r.survey_version_id, r.channel_id, COALESCE(r.service_id, 0), "
        "r.completion_mode"
    )


def response_counts(dialect, responses="response", sign=1):
    return (
        f"SELECT {_dimensions(dialect)}, SUM({sign}) FROM {responses} AS r "
        "WHERE 1 = 1 GROUP BY 1, 2, 3, 4, 5"
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
    return (
        f"SELECT {_dimensions(dialect)}, a.question_key, a.value, SUM({sign}) "
        f"FROM {_from(dialect, first, answers, responses)} "
        f"WHERE a.question_key IN {COUNTED} GROUP BY 1, 2, 3, 4, 5, 6, 7"
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
    return (
        f"SELECT {_dimensions(dialect)}, c.characteristic, CASE c.characteristic {code} END, "
        f"a.question_key, a.value, SUM({sign}) "
        f"FROM {_from(dialect, first, answers, responses, equality)} CROSS JOIN ({names}) AS c "
        f"WHERE a.question_key IN {COUNTED} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
    )


def _add(table: str, select: str) -> str:
    """Add the counts ``select`` gives (negative to take away) to ``table``."""
    columns = TALLY_COLUMNS[table]
    return (
        f"INSERT INTO {table} ({columns}, count) {select} "
        f"ON CONFLICT ({columns}) DO UPDATE SET count = {table}.count + excluded.count"
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


FIELDS = {"response": RESPONSE_FIELDS, "answer": ANSWER_FIELDS, "equality_response": EQUALITY_FIELDS}


def _sqlite_row(table: str, which: str) -> str:
    """A one-row subquery of the trigger's NEW or OLD row, usable in FROM."""
    columns = ", ".join(f'{which}."{name}" AS "{name}"' for name in FIELDS[table])
    return f"(SELECT {columns})"


def _sqlite_triggers() -> list[str]:
    statements = []
    for table in FIELDS:
        for event, parts in (("INSERT", (("NEW", 1),)), ("DELETE", (("OLD", -1),)),
                             ("UPDATE", (("OLD", -1), ("NEW", 1)))):
            body = []
            for which, sign in parts:
                body += _changes("sqlite", table, _sqlite_row(table, which), sign, event)
            # Most answers are not counted: skip them before any statement runs.
            when = ""
            if table == "answer":
                when = " OR ".join(
                    f"{which}.question_key IN {COUNTED}" for which, _ in parts
                )
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
    for table in FIELDS:
        for event, parts, referencing in (
            ("INSERT", (("new_rows", 1),), "NEW TABLE AS new_rows"),
            ("DELETE", (("old_rows", -1),), "OLD TABLE AS old_rows"),
            ("UPDATE", (("old_rows", -1), ("new_rows", 1)),
             "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
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


def create_triggers(dialect: str) -> None:
    triggers = _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers()
    for statement in triggers:
        op.execute(statement)


def _trigger_tables() -> dict[str, str]:
    tables = {f"tally_{t}_{e}": t for t in FIELDS for e in ("insert", "delete", "update")}
    return {**tables, "tally_response_delete_answers": "response"}


def _dimension_columns():
    return [
        sa.Column('month', sa.Date(), nullable=False),
        sa.Column('survey_version_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('channel_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('service_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('completion_mode', sa.String(length=10), nullable=False),
    ]


def upgrade():
    dimensions = ['month', 'survey_version_id', 'channel_id', 'service_id', 'completion_mode']
    op.create_table('results_response_tally',
    *_dimension_columns(),
    sa.Column('count', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint(*dimensions, name=op.f('pk_results_response_tally'))
    )
    op.create_table('results_answer_tally',
    *_dimension_columns(),
    sa.Column('question_key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=False),
    sa.Column('count', sa.BigInteger(), nullable=False),
    sa.PrimaryKeyConstraint(*dimensions, 'question_key', 'value', name=op.f('pk_results_answer_tally'))
    )
    op.create_table('results_equality_tally',
    *_dimension_columns(),
    sa.Column('characteristic', sa.String(length=32), nullable=False),
    sa.Column('code', sa.String(length=130), nullable=False),
    sa.Column('question_key', sa.String(length=64), nullable=False),
    sa.Column('value', sa.String(length=64), nullable=False),
    sa.Column('count', sa.BigInteger(), nullable=False),
    # Characteristic first: a page reads one characteristic's rows, a ninth of the table.
    sa.PrimaryKeyConstraint(
        'characteristic', *dimensions, 'code', 'question_key', 'value',
        name=op.f('pk_results_equality_tally'),
    )
    )
    dialect = op.get_bind().dialect.name
    for table, select in (
        ("results_response_tally", response_counts(dialect)),
        ("results_answer_tally", answer_counts(dialect)),
        ("results_equality_tally", equality_counts(dialect)),
    ):
        op.execute(f"INSERT INTO {table} ({TALLY_COLUMNS[table]}, count) {select}")
    create_triggers(dialect)


def downgrade():
    dialect = op.get_bind().dialect.name
    for name, table in _trigger_tables().items():
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER {name} ON {table}")
            op.execute(f"DROP FUNCTION {name}()")
        else:
            op.execute(f"DROP TRIGGER {name}")
    op.drop_table('results_equality_tally')
    op.drop_table('results_answer_tally')
    op.drop_table('results_response_tally')
