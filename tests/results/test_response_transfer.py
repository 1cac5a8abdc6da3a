"""The full response export (admins only) and importing it back, all or nothing."""

import csv
import io
from datetime import date

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Answer, AuditEvent, Response
from tests.results.helpers import add_responses

HEADER = (
    "submission_key,survey,survey_version,channel,service,completion_mode,language,"
    "submitted_on,answer_service,answer_overall_satisfaction,answer_website_why_not,"
    "answer_comments\n"
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_cli_export_has_one_row_per_response_with_redacted_text(app, runner, tmp_path):
    add_responses(2, channel="letter", service="housing", comment="Ring me on 07700 900123")
    target = tmp_path / "responses.csv"
    result = runner.invoke(args=["responses", "export", str(target)])
    assert result.exit_code == 0, result.output
    assert "Exported 2 responses." in result.output
    rows = list(csv.DictReader(io.StringIO(target.read_text(encoding="utf-8"))))
    assert len(rows) == 2
    first = rows[0]
    assert first["survey"] == "customer-care"
    assert first["survey_version"] == "1"
    assert first["channel"] == "letter"
    assert first["service"] == "housing"
    assert first["submitted_on"] == "2026-06-15"
    assert first["answer_overall_satisfaction"] == "fairly_satisfied"
    assert first["answer_comments"] == "Ring me on [phone number removed]"
    assert first["answer_phone_wait"] == ""


def test_export_then_import_into_an_empty_database_gives_the_same_responses(app, runner, tmp_path):
    add_responses(3, channel="phone", overall="very_satisfied")
    add_responses(2, channel="email", service=None, overall="dont_know", council=None)
    target = tmp_path / "responses.csv"
    runner.invoke(args=["responses", "export", str(target)])
    before = sorted(db.session.execute(select(Answer.question_key, Answer.value)).all())
    db.session.execute(Answer.__table__.delete())
    db.session.execute(Response.__table__.delete())
    db.session.commit()
    result = runner.invoke(args=["responses", "import", str(target)])
    assert result.exit_code == 0, result.output
    assert "Imported 5 responses." in result.output
    after = sorted(db.session.execute(select(Answer.question_key, Answer.value)).all())
    assert after == before
    assert count(Response) == 5


def test_import_of_paper_returns_without_keys(app, runner, tmp_path):
    source = tmp_path / "paper.csv"
    source.write_text(
        HEADER
        + ",customer-care,,letter,waste,paper,en,2026-05-01,waste,very_satisfied,"
        + "no_internet;prefer_person,Kind staff\n"
    )
    result = runner.invoke(args=["responses", "import", str(source)])
    assert result.exit_code == 0, result.output
    response = db.session.scalar(select(Response))
    assert response.completion_mode == "paper"
    assert response.submitted_on == date(2026, 5, 1)
    values = sorted(a.value for a in response.answers if a.question_key == "website_why_not")
    assert values == ["no_internet", "prefer_person"]


def test_import_names_every_bad_row_and_imports_nothing(app, runner, tmp_path):
    add_responses(1)
    existing = db.session.scalar(select(Response.submission_key))
    source = tmp_path / "bad.csv"
    source.write_text(
        HEADER
        + "k1,customer-care,,letter,waste,paper,en,2026-05-01,waste,very_satisfied,,\n"
        + "k2,customer-care,,pigeon,waste,paper,en,2026-05-01,waste,very_satisfied,,\n"
        + "k3,customer-care,,phone,waste,paper,en,31/02/2026,waste,happy,,\n"
        + f"{existing},customer-care,,phone,,online,en,2026-05-01,,,,\n"
        + "k1,customer-care,9,phone,,telepathy,en,2099-01-01,,,flying,\n"
    )
    result = runner.invoke(args=["responses", "import", str(source)])
    assert result.exit_code == 1
    report = result.output
    assert "Nothing was imported" in report
    assert "Row 3: channel 'pigeon' is not a channel" in report
    assert "Row 4: submitted_on '31/02/2026' is not a date like 2026-03-27" in report
    assert "Row 4: answer_overall_satisfaction: 'happy' is not an option" in report
    assert f"Row 5: submission_key '{existing}' is already in the database" in report
    assert "Row 6: submission_key 'k1' is also on row 2" in report
    assert "Row 6: survey 'customer-care' has no version '9'" in report
    assert "Row 6: completion_mode must be one of online, assisted, paper" in report
    assert "Row 2:" not in report
    assert count(Response) == 1


def test_import_refuses_a_file_with_unknown_columns(app, runner, tmp_path):
    source = tmp_path / "odd.csv"
    source.write_text(HEADER.strip() + ",answer_shoe_size\n")
    result = runner.invoke(args=["responses", "import", str(source)])
    assert result.exit_code == 1
    assert "The file has columns no survey asks: answer_shoe_size" in result.output


def test_web_export_is_for_admins_only(reviewer, client, app):
    add_responses(2)
    assert client.get("/results/export/responses.csv").status_code == 403


@pytest.mark.parametrize("role", ["admin"])
def test_admin_downloads_the_full_export(client, app, role, client_request):
    add_responses(2, comment="=HYPERLINK(bad)")
    client_request.login(role)
    response = client.get("/results/export/responses.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert len(rows) == 2
    assert rows[0]["answer_comments"] == "'=HYPERLINK(bad)"


def test_equality_answers_from_paper_are_imported_apart_but_never_exported(app, runner, tmp_path):
    """The import takes a paper return's equality answers and stores them apart under a new
    random key; the export never gives them back beside the answers."""
    from survey_app.models import EqualityResponse

    source = tmp_path / "paper.csv"
    source.write_text(
        HEADER.strip()
        + ",equality_ethnic_group,equality_ethnicity,equality_ethnicity_other,equality_sex\n"
        + "k1,customer-care,,letter,waste,paper,en,2026-05-01,waste,very_satisfied,,,"
        + "asian,any_other_asian,Sri Lankan,skipped\n"
        + "k2,customer-care,,letter,waste,paper,en,2026-05-01,waste,very_satisfied,,,,,,\n"
    )
    result = runner.invoke(args=["responses", "import", str(source)])
    assert result.exit_code == 0, result.output
    imported = db.session.scalars(select(Response).order_by(Response.id)).all()
    assert imported[1].equality_key is None
    equality = db.session.scalar(
        select(EqualityResponse).where(EqualityResponse.key == imported[0].equality_key)
    )
    assert imported[0].equality_key not in ("k1", "k2")
    assert (equality.ethnic_group, equality.ethnicity, equality.sex, equality.age_band) == (
        "asian",
        "any_other_asian",
        "skipped",
        None,
    )
    assert equality.ethnicity_other == "Sri Lankan"
    assert equality.created_on == imported[0].submitted_on

    target = tmp_path / "responses.csv"
    runner.invoke(args=["responses", "export", str(target)])
    text = target.read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [row["submission_key"] for row in rows] == ["k1", "k2"]
    assert [column for column in rows[0] if column.startswith("equality")] == []
    assert "asian" not in text
    assert "Sri Lankan" not in text


def test_import_reports_wrong_equality_answers(app, runner, tmp_path):
    source = tmp_path / "bad.csv"
    source.write_text(
        HEADER.strip()
        + ",equality_ethnic_group,equality_ethnicity,equality_religion,equality_religion_other\n"
        + "k1,customer-care,,letter,waste,paper,en,2026-05-01,waste,very_satisfied,,,"
        + "white,indian,jedi,Force\n"
        + "k2,customer-care,,letter,waste,paper,en,2026-05-01,waste,very_satisfied,,,"
        + "black,african,any_other_religion,Rastafari\n"
    )
    result = runner.invoke(args=["responses", "import", str(source)])
    assert result.exit_code == 1
    assert "Row 2: equality_ethnicity: 'indian' is not an option" in result.output
    assert "Row 2: equality_religion: 'jedi' is not an option" in result.output
    assert (
        "Row 2: equality_religion_other: only for equality_religion any_other_religion"
        in result.output
    )
    assert "Row 3" not in result.output
    assert count(Response) == 0


def export_events():
    return db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "responses.exported")
    ).all()


def test_cli_export_is_audited_without_any_answers(app, runner, tmp_path):
    add_responses(3, comment="Call me on 07700 900123")
    target = tmp_path / "responses.csv"
    assert runner.invoke(args=["responses", "export", str(target)]).exit_code == 0
    (event,) = export_events()
    assert event.target == f"3 responses to {target}"
    assert event.actor == "flask responses export"


def test_web_export_is_audited_for_the_admin_who_downloaded_it(admin, client, app):
    add_responses(2, comment="My reference is HB123456")
    assert client.get("/results/export/responses.csv").status_code == 200
    (event,) = export_events()
    assert event.target == "every response, downloaded as CSV"
    assert event.actor == "admin@example.gov.uk"


def test_a_refused_web_export_is_not_audited(reviewer, client, app):
    assert client.get("/results/export/responses.csv").status_code == 403
    assert export_events() == []
