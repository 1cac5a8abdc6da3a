"""Backups that restore: every table, in a file either database can read.

The file is gzip'd JSON lines:

1. a header: the format, the Alembic revision of the database it came from, and every
   table's columns, in dependency order (parents before children);
2. for each table, a line ``{"table": name, "rows": n}`` then ``n`` lines, one JSON array per
   row in primary key order (dates and times as ISO 8601 text, JSON columns as their JSON
   text so a SQL NULL and a JSON ``null`` stay apart);
3. a closing line with the row count of every table, so a cut-off file is caught even if it
   was cut at a line boundary (gzip's own CRC catches the rest).

Restoring reads the file and writes the rows in one transaction: a file that is corrupt,
truncated or from another revision changes nothing. It refuses a database that already
holds rows unless asked to replace them, and on PostgreSQL moves each id sequence past the
restored ids. Because nothing in the file is specific to a database, a backup from SQLite
restores into PostgreSQL and the other way round.

For routine production backups of PostgreSQL, ``pg_dump`` is the tool (see the README);
this format is for moving data between databases and for a check anyone can run.
"""

import base64
import gzip
import json
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from typing import IO, Any

from sqlalchemy import (
    JSON,
    Date,
    DateTime,
    Integer,
    LargeBinary,
    Numeric,
    Table,
    Text,
    Time,
    bindparam,
    cast,
    func,
    inspect,
    select,
    text,
)
from sqlalchemy.engine import Connection

from survey_app.extensions import db
from survey_app.models import utcnow
from survey_app.services.transactions import roll_back

FORMAT = "customer-care-review-backup"
FORMAT_VERSION = 1
BATCH_SIZE = 1000


class BackupError(Exception):
    """A backup could not be made or restored; the message says why and what to do."""


class BackupRefused(BackupError):
    """The database is not one this backup may be restored into as things stand."""


@dataclass
class BackupSummary:
    revision: str
    rows: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.rows.values())


# Tables that database triggers keep in step with others (the results tallies): they are
# not written to the file, and restoring the rows they count rebuilds them exactly.
DERIVED_TABLES = frozenset(
    {"results_response_tally", "results_answer_tally", "results_equality_tally"}
)


# Signed-in sessions and sign-in throttles: this server's security state, not data. They are
# not written to the file (a restore must not bring back a session that has since ended),
# and a restore deletes them, so everyone signs in again.
SESSION_TABLES = frozenset({"staff_session", "sign_in_throttle"})


# The answer triggers consult this list, so it is restored before any response.
COUNTED_QUESTION_TABLE = "results_counted_question"


def _tables() -> list[Table]:
    """The tables a backup holds, parents before children, and the counted-question list
    just after the survey versions it belongs to (before any answer it decides on)."""
    tables = [
        t
        for t in db.metadata.sorted_tables
        if t.name not in DERIVED_TABLES and t.name not in SESSION_TABLES
    ]
    counted = next(t for t in tables if t.name == COUNTED_QUESTION_TABLE)
    tables.remove(counted)
    versions = next(i for i, t in enumerate(tables) if t.name == "survey_version")
    tables.insert(versions + 1, counted)
    return tables


def _session_tables() -> list[Table]:
    return [t for t in db.metadata.sorted_tables if t.name in SESSION_TABLES]


def _derived_tables() -> list[Table]:
    return [t for t in db.metadata.sorted_tables if t.name in DERIVED_TABLES]


def _kind(column) -> str:
    """How a column's values are written as JSON."""
    column_type = column.type
    if isinstance(column_type, JSON):
        return "json"
    if isinstance(column_type, DateTime):
        return "datetime"
    if isinstance(column_type, Date):
        return "date"
    if isinstance(column_type, Time):
        return "time"
    if isinstance(column_type, LargeBinary):
        return "binary"
    if isinstance(column_type, Numeric) and column_type.asdecimal:
        return "decimal"
    return "plain"


def _encode(kind: str, value: Any) -> Any:
    if value is None or kind in ("plain", "json"):
        return value
    if kind in ("datetime", "date", "time"):
        return value.isoformat()
    if kind == "binary":
        return base64.b64encode(value).decode("ascii")
    return str(value)


def _decode(kind: str, value: Any) -> Any:
    if value is None:
        return None
    if kind == "plain":
        return value
    if kind == "json":
        decoded = json.loads(value)
        # A JSON null inside a JSON column, as opposed to the column being SQL NULL.
        return JSON.NULL if decoded is None else decoded
    if kind == "datetime":
        return datetime.fromisoformat(value)
    if kind == "date":
        return date.fromisoformat(value)
    if kind == "time":
        return time.fromisoformat(value)
    if kind == "binary":
        return base64.b64decode(value)
    return Decimal(value)


def database_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    return connection.scalar(text("SELECT version_num FROM alembic_version"))


def _line(record: Any) -> bytes:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":")).encode("utf-8") + b"\n"


def _snapshot(connection: Connection) -> None:
    """Read every table from one snapshot, so the backup is consistent while the app runs."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN")


def write_backup(out: IO[bytes]) -> BackupSummary:
    """Write every table to ``out`` (a binary file) as a gzip'd backup."""
    engine = db.engine
    options = {"isolation_level": "REPEATABLE READ"} if engine.dialect.name == "postgresql" else {}
    with engine.connect().execution_options(**options) as connection:
        _snapshot(connection)
        revision = database_revision(connection)
        if revision is None:
            raise BackupError("This database has no schema yet: there is nothing to back up.")
        summary = BackupSummary(revision)
        tables = _tables()
        with gzip.GzipFile(fileobj=out, mode="wb", mtime=0) as archive:
            archive.write(
                _line(
                    {
                        "format": FORMAT,
                        "format_version": FORMAT_VERSION,
                        "alembic_revision": revision,
                        "created_at": utcnow().isoformat(),
                        "source_database": connection.dialect.name,
                        "tables": {t.name: [c.name for c in t.columns] for t in tables},
                    }
                )
            )
            for table in tables:
                kinds = [_kind(c) for c in table.columns]
                # JSON as its stored text: drivers would otherwise turn SQL NULL and JSON
                # null into the same None.
                columns = [
                    cast(c, Text) if kind == "json" else c
                    for c, kind in zip(table.columns, kinds, strict=True)
                ]
                count = connection.scalar(select(func.count()).select_from(table))
                archive.write(_line({"table": table.name, "rows": count}))
                result = connection.execution_options(yield_per=BATCH_SIZE).execute(
                    select(*columns).order_by(*table.primary_key.columns)
                )
                written = 0
                for row in result:
                    archive.write(_line([_encode(k, v) for k, v in zip(kinds, row, strict=True)]))
                    written += 1
                if written != count:
                    raise BackupError(f"{table.name} changed while it was being read")
                summary.rows[table.name] = written
            archive.write(_line({"end": True, "rows": summary.rows}))
        roll_back(connection)  # the snapshot only read
    return summary


class _Reader:
    """The backup's lines, decoded; every way a file can be damaged becomes a BackupError."""

    def __init__(self, source: IO[bytes]):
        self.archive = gzip.GzipFile(fileobj=source, mode="rb")
        self.line_number = 0

    def next(self) -> Any:
        try:
            line = self.archive.readline()
        except (OSError, EOFError, zlib.error) as error:
            raise BackupError(f"The backup file is damaged or cut short ({error}).") from error
        self.line_number += 1
        if not line:
            raise BackupError(
                f"The backup file ends early, at line {self.line_number}: it was cut short."
            )
        try:
            return json.loads(line)
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise BackupError(
                f"Line {self.line_number} of the backup file is damaged ({error})."
            ) from error

    def expect_end_of_file(self) -> None:
        """Reading to the end makes gzip check its CRC and length."""
        try:
            rest = self.archive.read()
        except (OSError, EOFError, zlib.error) as error:
            raise BackupError(f"The backup file is damaged or cut short ({error}).") from error
        if rest.strip():
            raise BackupError("The backup file has data after its end marker.")


def _check_header(header: Any, tables: list[Table]) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError("This is not a backup made by `flask backup`.")
    if header.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"This backup is format version {header.get('format_version')}; this version of "
            f"the app reads version {FORMAT_VERSION}."
        )
    expected = {t.name: [c.name for c in t.columns] for t in tables}
    if header.get("tables") != expected:
        raise BackupError("The backup's tables and columns do not match this database's schema.")


def _rows_in_database(connection: Connection, tables: list[Table]) -> int:
    return sum(connection.scalar(select(func.count()).select_from(t)) for t in tables)


def _insert_statement(table: Table):
    values = {}
    for column in table.columns:
        bind_type = JSON(none_as_null=True) if _kind(column) == "json" else column.type
        values[column.name] = bindparam(f"v_{column.name}", type_=bind_type)
    return table.insert().values(values)


def _restore_table(connection: Connection, reader: _Reader, table: Table) -> int:
    block = reader.next()
    if not isinstance(block, dict) or block.get("table") != table.name:
        raise BackupError(f"The backup file is damaged: expected the {table.name} table next.")
    count = block.get("rows")
    if not isinstance(count, int) or count < 0:
        raise BackupError(f"The backup file is damaged: no row count for {table.name}.")
    names = [f"v_{c.name}" for c in table.columns]
    kinds = [_kind(c) for c in table.columns]
    statement = _insert_statement(table)
    batch: list[dict[str, Any]] = []
    for _ in range(count):
        row = reader.next()
        if not isinstance(row, list) or len(row) != len(names):
            raise BackupError(
                f"Line {reader.line_number} of the backup file is damaged: a {table.name} row "
                f"should have {len(names)} values."
            )
        try:
            batch.append({n: _decode(k, v) for n, k, v in zip(names, kinds, row, strict=True)})
        except (TypeError, ValueError) as error:
            raise BackupError(
                f"Line {reader.line_number} of the backup file is damaged ({error})."
            ) from error
        if len(batch) == BATCH_SIZE:
            connection.execute(statement, batch)
            batch = []
    if batch:
        connection.execute(statement, batch)
    return count


def _reset_sequences(connection: Connection, tables: list[Table]) -> None:
    """Move each PostgreSQL id sequence past the restored ids, so new rows do not clash."""
    if connection.dialect.name != "postgresql":
        return  # SQLite takes the next rowid from the largest one in the table
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        key = keys[0].name
        connection.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence(:table, :key), "  # noqa: S608 (names from metadata)
                f'COALESCE(MAX("{key}"), 1), MAX("{key}") IS NOT NULL) FROM "{table.name}"'
            ),
            {"table": table.name, "key": key},
        )


def restore_backup(source: IO[bytes], *, replace: bool = False) -> BackupSummary:
    """Restore a backup made by ``write_backup`` in one transaction.

    Refuses (BackupRefused) a database at another Alembic revision, or one that already
    holds rows unless ``replace`` is given, in which case those rows are deleted first, in
    the same transaction. A damaged file raises BackupError and changes nothing.
    """
    tables = _tables()
    reader = _Reader(source)
    header = reader.next()
    _check_header(header, tables)
    summary = BackupSummary(header["alembic_revision"])
    with db.engine.begin() as connection:
        revision = database_revision(connection)
        if revision is None:
            raise BackupRefused(
                "This database has no schema yet. Run `flask db upgrade "
                f"{summary.revision}` first, then restore."
            )
        if revision != summary.revision:
            raise BackupRefused(
                f"The backup was made at database revision {summary.revision} but this database "
                f"is at {revision}. Restore into a database at {summary.revision} (`flask db "
                f"upgrade {summary.revision}` on an empty database), then `flask db upgrade`."
            )
        existing = _rows_in_database(connection, tables + _derived_tables())
        if existing and not replace:
            raise BackupRefused(
                f"This database already holds {existing:,} rows. Restoring would mix two sets "
                "of data, so nothing has been changed. Restore into an empty database, or use "
                "--replace to delete everything in this one and restore the backup instead."
            )
        # Sessions first (they point at accounts); children before parents; derived tables
        # last, after their triggers have run.
        for table in [*_session_tables(), *reversed(tables), *_derived_tables()]:
            connection.execute(table.delete())
        for table in tables:
            summary.rows[table.name] = _restore_table(connection, reader, table)
        end = reader.next()
        if (
            not isinstance(end, dict)
            or end.get("end") is not True
            or end.get("rows") != summary.rows
        ):
            raise BackupError("The backup file is damaged: its end marker does not match its rows.")
        reader.expect_end_of_file()
        _reset_sequences(connection, tables)
    return summary
