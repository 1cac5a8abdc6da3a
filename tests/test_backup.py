"""flask backup and flask restore: back up, wipe, restore, and every row comes back as it was."""

import gzip
import io
import json
from datetime import date, datetime

import pytest
from flask_migrate import upgrade
from sqlalchemy import JSON, Text, cast, func, select

from survey_app import create_app
from survey_app.demo.data import generate_demo_responses
from survey_app.extensions import db
from survey_app.models import (
    AccountToken,
    AuditEvent,
    Channel,
    Draft,
    EqualityResponse,
    Finding,
    ImportedRow,
    OfficerDirectorate,
    ProgressUpdate,
    Recommendation,
    RecommendationEvent,
    Response,
    ResponseImport,
    Service,
    ShopAssignment,
    ShopAuditEvent,
    ShopRecord,
    ShopScenario,
    Survey,
    SurveyVersion,
)
from survey_app.services.backup import (
    DERIVED_TABLES,
    SESSION_TABLES,
    BackupError,
    BackupRefused,
    restore_backup,
    write_backup,
)
from tests.conftest import dispose_engines

# write_backup and restore_backup open connections of their own, outside the test's.
pytestmark = pytest.mark.commits

SQL_NULL = "<SQL NULL>"
UNICODE = "Ça va? Żółć, 漢字, عربى, emoji 🙂, a line\nbreak, a tab\t and a \u2028 separator"


def _contents() -> dict[str, list[tuple]]:
    """Every table, row for row in primary key order; JSON as parsed value or SQL NULL."""
    contents = {}
    for table in db.metadata.sorted_tables:
        if table.name in SESSION_TABLES:
            continue
        columns = [cast(c, Text) if isinstance(c.type, JSON) else c for c in table.columns]
        rows = db.session.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        json_positions = [i for i, c in enumerate(table.columns) if isinstance(c.type, JSON)]
        contents[table.name] = [
            tuple(
                (SQL_NULL if value is None else json.loads(value)) if i in json_positions else value
                for i, value in enumerate(row)
            )
            for row in rows
        ]
    return contents


def _wipe() -> None:
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    db.session.commit()


@pytest.fixture
def full_database(app, make_user):
    """A row in every table, with the awkward values a backup must carry exactly."""
    generate_demo_responses(40, seed=7)
    admin = make_user({"admin", "reviewer"}, name=f"Admin {UNICODE}")
    shopper = make_user("shopper")
    shopper.locked_until = datetime(2026, 11, 24, 9, 30, 15, 123456)
    shopper.active = False
    channel = db.session.scalar(select(Channel).where(Channel.slug == "phone"))
    service = db.session.scalar(select(Service).where(Service.slug == "housing"))
    survey = db.session.scalar(select(Survey))
    survey.draft_definition = None
    scenario = ShopScenario(title="Repairs", request=UNICODE, service=service, channels=[channel])
    assignment = ShopAssignment(
        scenario=scenario,
        channel=channel,
        shopper=shopper,
        window_start=date(2026, 11, 2),
        window_end=date(2026, 11, 30),
    )
    record = ShopRecord(
        assignment=assignment,
        shopper=shopper,
        channel=channel,
        status="submitted",
        contact_at=datetime(2026, 11, 3, 14, 5, 59, 999999),
        call_answered=False,
        answer_seconds=None,
        behaviours={"greeting": "yes", "name": None, "note": UNICODE},
        account=UNICODE,
        score_percent=66.66666666666667,
        capped=None,
        scored_criteria=None,
        no_reply=True,
    )
    db.session.add_all([scenario, assignment, record])
    db.session.flush()
    db.session.add(ShopAuditEvent(record=record, user=admin, action="submitted", fields=[]))
    db.session.add(AuditEvent(user_id=admin.id, actor=admin.email, action="backup", target="é"))
    response = db.session.scalar(select(Response).order_by(Response.id))
    response.equality_key = "k" * 64
    db.session.add(
        EqualityResponse(
            key="k" * 64,
            survey_id=survey.id,
            created_on=date(2026, 2, 28),
            sex="prefer_not_to_say",
            religion_other=UNICODE,
        )
    )
    db.session.add(
        AccountToken(
            user_id=shopper.id,
            purpose="reset",
            token_sha256="a" * 64,
            created_at=datetime(2026, 11, 24, 9, 0, 0, 1),
            expires_at=datetime(2026, 11, 24, 11, 0, 0, 1),
            used_at=None,
        )
    )
    db.session.add(
        ResponseImport(
            file_sha256="f" * 64,
            filename=f"returns {UNICODE}.csv",
            row_count=1,
            imported_at=datetime(2026, 11, 24, 9, 30, 15, 5),
            imported_by_id=admin.id,
            rows=[ImportedRow(line=2, fingerprint="0" * 64)],
        )
    )
    version = db.session.scalar(select(SurveyVersion))
    db.session.add(
        Draft(
            token="draft-token",
            survey_version=version,
            channel=channel,
            answers={"comments": UNICODE, "website_why_not": ["a", "b"], "n": None},
            expires_at=datetime(2026, 11, 24, 23, 59, 59),
        )
    )
    finding = Finding(
        title="Phone",
        text=UNICODE,
        evidence_url="/results/channel/phone",
        snapshot={"sections": [{"heading": UNICODE, "table": None}], "threshold": 10},
        created_by_id=admin.id,
    )
    recommendation = Recommendation(
        reference="CC 2026/27 01",
        text=UNICODE,
        directorate="Resources",
        lead_officer="Lead",
        committee="OSC",
        committee_date=date(2026, 3, 18),
        findings=[finding],
    )
    recommendation.updates.append(
        ProgressUpdate(
            author_id=admin.id,
            author_name="Admin",
            written_on=date(2026, 6, 1),
            text=UNICODE,
            status="amber",
        )
    )
    recommendation.events.append(RecommendationEvent(user_id=admin.id, action="created"))
    db.session.add_all(
        [recommendation, OfficerDirectorate(user_id=admin.id, directorate="Resources")]
    )
    db.session.commit()
    contents = _contents()
    assert all(contents.values()), [name for name, rows in contents.items() if not rows]
    return contents


def _backup() -> bytes:
    out = io.BytesIO()
    write_backup(out)
    return out.getvalue()


def test_backup_wipe_restore_gives_back_every_row(full_database):
    data = _backup()
    _wipe()
    summary = restore_backup(io.BytesIO(data))
    db.session.expire_all()
    assert _contents() == full_database
    assert summary.rows["response"] == 40
    assert set(summary.rows) == set(full_database) - DERIVED_TABLES
    assert summary.total == sum(
        len(rows) for name, rows in full_database.items() if name not in DERIVED_TABLES
    )


def test_new_rows_after_a_restore_get_fresh_ids(full_database):
    data = _backup()
    _wipe()
    restore_backup(io.BytesIO(data))
    highest = db.session.scalar(select(func.max(AuditEvent.id)))
    event = AuditEvent(actor="someone@example.gov.uk", action="after-restore", target="")
    db.session.add(event)
    db.session.commit()
    assert event.id > highest


def test_restore_refuses_a_database_with_rows_and_changes_nothing(full_database):
    data = _backup()
    db.session.add(AuditEvent(actor="x@example.gov.uk", action="extra", target=""))
    db.session.commit()
    before = _contents()
    with pytest.raises(BackupRefused, match=r"already holds .* rows.*--replace"):
        restore_backup(io.BytesIO(data))
    db.session.expire_all()
    assert _contents() == before


def test_restore_with_replace_swaps_the_data(full_database):
    data = _backup()
    db.session.add(AuditEvent(actor="x@example.gov.uk", action="extra", target=""))
    db.session.commit()
    restore_backup(io.BytesIO(data), replace=True)
    db.session.expire_all()
    assert _contents() == full_database


def test_sessions_are_never_backed_up_and_a_restore_ends_them(full_database, make_user):
    """A restore must not bring back a session that has ended since the backup was made."""
    from survey_app.models import SignInThrottle, StaffSession
    from survey_app.services.staff_sessions import start_session
    from survey_app.services.users import record_failure

    token = start_session(make_user("reviewer"))
    record_failure("someone@example.gov.uk", "203.0.113.9")
    data = _backup()
    text = gzip.decompress(data).decode("utf-8")
    assert "staff_session" not in text
    assert "sign_in_throttle" not in text
    restore_backup(io.BytesIO(data), replace=True)
    db.session.expire_all()
    assert db.session.scalars(select(StaffSession)).all() == []
    assert db.session.scalars(select(SignInThrottle)).all() == []
    assert token not in text


def _recompress(data: bytes, edit) -> bytes:
    lines = gzip.decompress(data).split(b"\n")
    return gzip.compress(b"\n".join(edit(lines)))


def _damaged_files(data: bytes) -> dict[str, bytes]:
    middle = len(data) // 2
    return {
        "cut in half": data[:middle],
        "a byte changed": data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :],
        "not gzip": b"id,name\n1,not a backup\n",
        "empty": b"",
        "last table cut at a line boundary": _recompress(data, lambda lines: lines[:-3]),
        "a row mangled": _recompress(
            data, lambda lines: [*lines[:5], b'["not", "a row"]', *lines[6:]]
        ),
        "not JSON": _recompress(data, lambda lines: [*lines[:4], b"{oops", *lines[5:]]),
    }


@pytest.mark.parametrize(
    "damage",
    [
        "cut in half",
        "a byte changed",
        "not gzip",
        "empty",
        "last table cut at a line boundary",
        "a row mangled",
        "not JSON",
    ],
)
def test_a_damaged_file_is_refused_and_changes_nothing(full_database, damage):
    damaged = _damaged_files(_backup())[damage]
    with pytest.raises(BackupError) as raised:
        restore_backup(io.BytesIO(damaged), replace=True)
    assert "backup" in str(raised.value).lower()
    db.session.expire_all()
    assert _contents() == full_database


def test_a_backup_from_another_revision_is_refused(full_database):
    def other_revision(lines):
        header = json.loads(lines[0])
        header["alembic_revision"] = "0001"
        return [json.dumps(header).encode(), *lines[1:]]

    data = _recompress(_backup(), other_revision)
    _wipe()
    with pytest.raises(BackupRefused, match="revision 0001 but this database is at"):
        restore_backup(io.BytesIO(data))
    assert db.session.scalar(select(func.count()).select_from(Channel)) == 0


def test_a_backup_moves_between_databases(full_database, tmp_path):
    """Into a fresh SQLite file and back: SQLite to SQLite, or PostgreSQL to SQLite and back."""
    data = _backup()
    other = create_app("testing", {"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'b.db'}"})
    with other.app_context():
        upgrade()
        restore_backup(io.BytesIO(data))
        assert _contents() == full_database
        round_trip = _backup()
        db.session.remove()
    dispose_engines(other)
    restore_backup(io.BytesIO(round_trip), replace=True)
    db.session.expire_all()
    assert _contents() == full_database


def test_cli_backup_and_restore(full_database, runner, tmp_path):
    path = tmp_path / "survey.backup.gz"
    result = runner.invoke(args=["backup", str(path)])
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output
    assert not (tmp_path / "survey.backup.gz.partial").exists()

    refused = runner.invoke(args=["restore", str(path)])
    assert refused.exit_code == 1
    assert "already holds" in refused.output
    assert "Nothing was restored." in refused.output

    _wipe()
    restored = runner.invoke(args=["restore", str(path)])
    assert restored.exit_code == 0, restored.output
    assert "Restored" in restored.output
    db.session.expire_all()
    assert _contents() == full_database


def test_cli_restore_of_a_damaged_file_says_so(full_database, runner, tmp_path):
    path = tmp_path / "cut.backup.gz"
    path.write_bytes(_backup()[:200])
    result = runner.invoke(args=["restore", "--replace", str(path)])
    assert result.exit_code == 1
    assert "cut short" in result.output or "damaged" in result.output
    assert "Nothing was restored." in result.output
    db.session.expire_all()
    assert _contents() == full_database
