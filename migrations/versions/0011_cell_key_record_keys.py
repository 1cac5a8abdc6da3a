"""cell key method: a random record key per response, and key sums in the tallies

Published counts are perturbed by the cell key method (``analysis.cell_key``): every
response gets a fixed random record key from 0 to 255, and a cell's key is the sum of its
records' keys modulo 256. The running count tables keep that sum (``key_sum``) beside each
count, kept exact by the same triggers as the counts, so a page over a million responses
still reads a few thousand rows.

Existing responses get their random key here: on PostgreSQL from the column's default
(``random()``, volatile, so drawn for each row, and kept as the default for rows written by
``COPY``); on SQLite with an ``UPDATE``, as SQLite cannot add a column with a non-constant
default (rows written there by raw SQL without a key get 0; the app always draws one).
The triggers of 0007 are replaced by the same triggers with key sums (the SQL below is
0007's, with ``_sums`` and ``_add`` keeping ``key_sum`` too), the tallies are counted again
from the rows, and 0009's covering index gains ``key_sum``.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05 01:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None

_keyed = True
TALLIES = ("results_response_tally", "results_answer_tally", "results_equality_tally")
COVERING_INDEX = 'ix_results_equality_tally_grouped'
COVERING_COLUMNS = [
    'characteristic', 'code', 'question_key', 'value', 'month', 'survey_version_id',
    'channel_id', 'service_id', 'completion_mode', 'count',
]

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


def _sums(sign) -> str:
    """The change in the count and, once keyed, in the sum of the records' keys."""
    if not _keyed:
        return f"SUM({sign})"
    return f"SUM({sign}), SUM({sign} * r.record_key)"


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
        f"SELECT {_dimensions(dialect)}, {_sums(sign)} FROM {responses} AS r "
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
        f"SELECT {_dimensions(dialect)}, a.question_key, a.value, {_sums(sign)} "
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
        f"a.question_key, a.value, {_sums(sign)} "
        f"FROM {_from(dialect, first, answers, responses, equality)} CROSS JOIN ({names}) AS c "
        f"WHERE a.question_key IN {COUNTED} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9"
    )


def _add(table: str, select: str) -> str:
    """Add the counts ``select`` gives (negative to take away) to ``table``."""
    columns = TALLY_COLUMNS[table]
    if not _keyed:
        return (
            f"INSERT INTO {table} ({columns}, count) {select} "
            f"ON CONFLICT ({columns}) DO UPDATE SET count = {table}.count + excluded.count"
        )
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


FIELDS = {"response": RESPONSE_FIELDS, "answer": ANSWER_FIELDS, "equality_response": EQUALITY_FIELDS}


def _sqlite_row(table: str, which: str) -> str:
    """A one-row subquery of the trigger's NEW or OLD row, usable in FROM."""
    names = FIELDS[table] + (("record_key",) if _keyed and table == "response" else ())
    columns = ", ".join(f'{which}."{name}" AS "{name}"' for name in names)
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


def create_triggers(dialect: str, keyed: bool = True) -> None:
    """The triggers of 0007, keeping the sum of record keys too unless ``keyed`` is false."""
    global _keyed
    _keyed = keyed
    triggers = _postgresql_triggers() if dialect == "postgresql" else _sqlite_triggers()
    for statement in triggers:
        op.execute(statement)


def _trigger_tables() -> dict[str, str]:
    tables = {f"tally_{t}_{e}": t for t in FIELDS for e in ("insert", "delete", "update")}
    return {**tables, "tally_response_delete_answers": "response"}


def _drop_triggers(dialect: str) -> None:
    for name, table in _trigger_tables().items():
        if dialect == "postgresql":
            op.execute(f"DROP TRIGGER {name} ON {table}")
            op.execute(f"DROP FUNCTION {name}()")
        else:
            op.execute(f"DROP TRIGGER {name}")


def _recount(dialect: str, keyed: bool) -> None:
    global _keyed
    _keyed = keyed
    for table, select in (
        ("results_response_tally", response_counts(dialect)),
        ("results_answer_tally", answer_counts(dialect)),
        ("results_equality_tally", equality_counts(dialect)),
    ):
        op.execute(f"DELETE FROM {table}")
        columns = f"{TALLY_COLUMNS[table]}, count" + (", key_sum" if keyed else "")
        op.execute(f"INSERT INTO {table} ({columns}) {select}")


def upgrade():
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    if dialect == "postgresql":
        op.add_column('response', sa.Column(
            'record_key', sa.SmallInteger(), nullable=False,
            server_default=sa.text("floor(random() * 256)::smallint"),
        ))
    else:
        op.add_column('response', sa.Column(
            'record_key', sa.SmallInteger(), nullable=False, server_default='0'
        ))
        op.execute("UPDATE response SET record_key = abs(random()) % 256")
    for table in TALLIES:
        op.add_column(table, sa.Column(
            'key_sum', sa.BigInteger(), nullable=False, server_default='0'
        ))
    _recount(dialect, keyed=True)
    create_triggers(dialect, keyed=True)
    op.drop_index(COVERING_INDEX, table_name='results_equality_tally')
    op.create_index(
        COVERING_INDEX, 'results_equality_tally', [*COVERING_COLUMNS, 'key_sum'], unique=False
    )


def downgrade():
    dialect = op.get_bind().dialect.name
    _drop_triggers(dialect)
    op.drop_index(COVERING_INDEX, table_name='results_equality_tally')
    for table in TALLIES:
        op.drop_column(table, 'key_sum')
    op.drop_column('response', 'record_key')
    op.create_index(COVERING_INDEX, 'results_equality_tally', COVERING_COLUMNS, unique=False)
    create_triggers(dialect, keyed=False)
