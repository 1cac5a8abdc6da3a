"""Bulk entry: a CSV of responses uploaded on the admin pages, all or nothing."""

import csv
import io
from datetime import date, timedelta
from html import unescape

import pytest
from sqlalchemy import func, select
from werkzeug.test import EnvironBuilder

from survey_app.admin import response_import
from survey_app.extensions import db
from survey_app.models import Answer, AuditEvent, Response, Survey
from survey_app.services.contact_dates import earliest_for_survey

URL = "/admin/paper/import"
HEADER = (
    "submission_key,survey,survey_version,channel,service,completion_mode,language,"
    "submitted_on,answer_service,answer_overall_satisfaction,answer_website_why_not\n"
)
GOOD_ROWS = (
    ",customer-care,,letter,waste,paper,en,2026-05-01,waste,very_satisfied,no_internet\n"
    ",customer-care,,phone,,paper,en,2026-05-02,,fairly_dissatisfied,\n"
)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def upload(client, content: bytes | str, filename="returns.csv"):
    data = content.encode("utf-8") if isinstance(content, str) else content
    return client.post(
        URL, data={"file": (io.BytesIO(data), filename)}, content_type="multipart/form-data"
    )


def test_the_page_explains_the_format_and_works_without_javascript(admin, client_request):
    page = client_request.get(URL)
    assert page.heading == "Import responses from a CSV file"
    assert 'enctype="multipart/form-data"' in page.html
    assert "submitted_on" in page.html
    # The progress bar is hidden until the module sends the file; the form posts without it.
    assert '<div class="govuk-form-group app-upload-progress" hidden>' in page.html
    assert 'src="/static/js/upload-progress.mjs"' in page.html


def test_paper_entry_links_to_the_import(admin, client_request):
    assert 'href="/admin/paper/import"' in client_request.get("/admin/paper").html


def test_a_valid_file_is_imported_and_counted(admin, client, client_request):
    response = upload(client, HEADER + GOOD_ROWS)
    assert response.status_code == 302
    assert response.location == URL
    page = client_request.get(URL)
    assert "2 responses imported." in page.html
    assert count(Response) == 2
    modes = set(db.session.scalars(select(Response.completion_mode)))
    assert modes == {"paper"}
    assert count(Answer) == 4  # waste, very_satisfied, no_internet; fairly_dissatisfied


def test_a_spreadsheet_saved_with_a_byte_order_mark_is_read(admin, client):
    response = upload(client, b"\xef\xbb\xbf" + (HEADER + GOOD_ROWS).encode())
    assert response.status_code == 302
    assert count(Response) == 2


def test_the_import_is_audited_by_count_never_content(admin, client):
    upload(client, HEADER + GOOD_ROWS)
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "responses.imported"))
    assert event.target == "2 responses from a CSV file"
    assert event.user_id == admin.id
    assert "very_satisfied" not in event.target


def test_invalid_rows_are_reported_row_by_row_and_nothing_is_imported(
    admin, client, client_request
):
    bad = (
        HEADER
        + GOOD_ROWS
        + ",customer-care,,pigeon,waste,paper,en,2026-05-01,waste,happy,\n"
        + ",customer-care,,phone,,telepathy,en,31/02/2026,,,\n"
    )
    response = upload(client, bad)
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert html.count("<title>Error: Import responses from a CSV file") == 1
    assert "The selected file has 4 problems. Nothing was imported." in html
    assert 'href="#file"' in html
    rows = [
        ("4", "channel", "Enter a channel slug, like phone"),
        ("4", "answer_overall_satisfaction", "Enter one of the question's option values"),
        ("5", "completion_mode", "Enter how the survey was completed: online, assisted, paper"),
        ("5", "submitted_on", "Enter submitted_on as a date like 2026-03-27"),
    ]
    for row, column, fix in rows:
        assert f'<td class="govuk-table__cell">{row}</td>' in html
        assert f"<code>{column}</code>" in html
        assert fix in html
    # The good rows in the same file are not imported either.
    assert count(Response) == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action.like("responses.%")))
    assert event.action == "responses.import_rejected"
    assert event.target == "4 rows, 4 problems, none imported"


def test_a_missing_column_is_reported_for_the_whole_file(admin, client):
    response = upload(client, "survey,channel\ncustomer-care,phone\n")
    html = unescape(response.get_data(as_text=True))
    assert "Whole file" in html
    assert "The file has no completion_mode, submitted_on column" in html
    assert count(Response) == 0


def test_very_many_problems_are_shown_in_part(admin, client, monkeypatch):
    monkeypatch.setattr(response_import, "MAX_PROBLEMS_SHOWN", 3)
    rows = ",customer-care,,pigeon,,paper,en,2026-05-01,,,\n" * 5
    html = upload(client, HEADER + rows).get_data(as_text=True)
    assert "The first 3 of 5 problems are shown." in html
    assert html.count("Enter a channel slug, like phone") == 3


@pytest.mark.parametrize(
    ("content", "filename", "message"),
    [
        (HEADER + GOOD_ROWS, "returns.xlsx", "The selected file must be a CSV file"),
        (b"", "returns.csv", "The selected file is empty"),
        (b"  \n", "returns.csv", "The selected file is empty"),
        (
            (HEADER + ",customer-care,,phone,,paper,en,2026-05-01,,très,\n").encode("latin-1"),
            "returns.csv",
            "The selected file must be saved as CSV UTF-8",
        ),
        (b"PK\x03\x04\x00\x00binary", "returns.csv", "The selected file must be a CSV file"),
        (HEADER, "returns.csv", "The selected file has column headings but no responses"),
        (
            HEADER + ',customer-care,,phone,,paper,en,2026-05-01,"unclosed\n',
            "returns.csv",
            "Nothing was imported",
        ),
    ],
    ids=["wrong-type", "empty", "blank", "not-utf8", "binary", "header-only", "open-quote"],
)
def test_files_that_cannot_be_imported_are_explained(admin, client, content, filename, message):
    response = upload(client, content, filename)
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert message in html
    assert "<title>Error: " in html
    assert count(Response) == 0


def test_choosing_no_file(admin, client_request):
    page = client_request.post(URL, {})
    assert page.error_links == ["#file"]
    assert "Select a CSV file" in page.html


def test_a_file_over_the_upload_limit_is_refused_on_the_page(admin, client, monkeypatch):
    monkeypatch.setattr(response_import, "MAX_IMPORT_BYTES", 256 * 1024)
    big = HEADER + GOOD_ROWS * 2_000
    assert 256 * 1024 < len(big) < 500 * 1024
    response = upload(client, big)
    assert response.status_code == 413
    html = unescape(response.get_data(as_text=True))
    assert "The selected file must be smaller than 0.25 MB" in html
    assert "Import responses from a CSV file</h1>" in html
    assert count(Response) == 0


def test_a_file_over_the_app_wide_limit_but_within_the_import_limit_is_imported(admin, client):
    comment = "The staff were kind. " * 50
    rows = f",customer-care,,letter,,paper,en,2026-05-01,,,,{comment}\n" * 1_100
    body = HEADER.replace("\n", ",answer_comments\n") + rows
    assert len(body) > 1024 * 1024  # more than the app-wide limit
    builder = EnvironBuilder(
        path=URL,
        method="POST",
        data={"file": (io.BytesIO(body.encode()), "returns.csv")},
        content_type="multipart/form-data",
    )
    environ = builder.get_environ()
    try:
        response = client.open(environ)
    finally:
        environ["wsgi.input"].close()  # the test client leaves a body this big open
    assert response.status_code == 302
    assert count(Response) == 1_100


def test_only_admins_may_import(reviewer, client):
    assert upload(client, HEADER + GOOD_ROWS).status_code == 403
    assert count(Response) == 0


def test_a_contact_date_before_the_review_or_in_the_future_is_refused(admin, client):
    survey = db.session.scalar(select(Survey).where(Survey.slug == "customer-care"))
    earliest = earliest_for_survey(survey.id)
    header = HEADER.replace("\n", ",answer_contact_date\n")
    tomorrow = (date.today() + timedelta(days=1)).isoformat()
    rows = (
        ",customer-care,,phone,,paper,en,2026-05-01,,,,1990-01-01\n"
        f",customer-care,,phone,,paper,en,2026-05-01,,,,{tomorrow}\n"
        f",customer-care,,phone,,paper,en,2026-05-01,,,,{earliest.isoformat()}\n"
    )
    html = unescape(upload(client, header + rows).get_data(as_text=True))
    assert "The selected file has 2 problems. Nothing was imported." in html
    assert (
        f"Enter a date on or after {earliest.isoformat()} instead of 1990-01-01: "
        "the review did not exist before then"
    ) in html
    assert f"Enter a date that is today or in the past instead of {tomorrow}" in html
    assert count(Response) == 0


# The same file or rows twice ----------------------------------------------------------


def test_the_same_file_uploaded_twice_is_refused_the_second_time(admin, client, client_request):
    assert upload(client, HEADER + GOOD_ROWS).status_code == 302
    assert count(Response) == 2
    page = client_request.post(
        URL,
        {"file": (io.BytesIO((HEADER + GOOD_ROWS).encode()), "returns.csv")},
        _content_type="multipart/form-data",
    )
    html = unescape(page.html)
    assert page.title.startswith("Error: ")
    assert page.error_links == ["#file"]
    assert "This file was already imported on " in html
    assert " by Admin. Nothing was imported." in html
    assert "Rows imported before" in html
    assert "As row 2 of returns.csv, imported on" in html
    assert "As row 3 of returns.csv, imported on" in html
    assert "These are new responses, not ones already imported" in html
    assert count(Response) == 2
    event = db.session.scalar(
        select(AuditEvent).where(AuditEvent.action == "responses.import_repeated")
    )
    assert event.target == "2 rows, 2 imported before, none imported"


def test_a_file_saved_again_with_windows_line_endings_is_the_same_file(admin, client):
    upload(client, HEADER + GOOD_ROWS)
    response = upload(client, (HEADER + GOOD_ROWS).replace("\n", "\r\n"), "copy.csv")
    assert "This file was already imported on " in unescape(response.get_data(as_text=True))
    assert count(Response) == 2


def test_rows_already_imported_in_another_file_are_named(admin, client):
    upload(client, HEADER + GOOD_ROWS)
    first, second = GOOD_ROWS.splitlines(keepends=True)
    new_row = ",customer-care,,email,,paper,en,2026-05-03,,very_satisfied,\n"
    # A new file: a new return first, then the two old ones in the other order.
    response = upload(client, HEADER + new_row + second + first, "more-returns.csv")
    html = unescape(response.get_data(as_text=True))
    assert "2 rows were already imported. Nothing was imported." in html
    assert '<td class="govuk-table__cell">3</td>' in html
    assert "As row 3 of returns.csv" in html
    assert '<td class="govuk-table__cell">4</td>' in html
    assert "As row 2 of returns.csv" in html
    assert count(Response) == 2


def test_the_admin_can_say_the_rows_are_new(admin, client, client_request):
    upload(client, HEADER + GOOD_ROWS)
    response = client.post(
        URL,
        data={
            "file": (io.BytesIO((HEADER + GOOD_ROWS).encode()), "returns.csv"),
            "confirm_new": "yes",
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert count(Response) == 4


def test_a_row_with_the_same_answers_on_another_day_is_not_a_repeat(admin, client):
    upload(client, HEADER + GOOD_ROWS)
    other_day = GOOD_ROWS.replace("2026-05-01", "2026-05-04").replace("2026-05-02", "2026-05-05")
    assert upload(client, HEADER + other_day, "may.csv").status_code == 302
    assert count(Response) == 4


def test_the_command_line_import_refuses_a_repeat_unless_told_the_rows_are_new(
    app, runner, tmp_path
):
    source = tmp_path / "returns.csv"
    source.write_text(HEADER + GOOD_ROWS, encoding="utf-8")
    assert runner.invoke(args=["responses", "import", str(source)]).exit_code == 0
    result = runner.invoke(args=["responses", "import", str(source)])
    assert result.exit_code == 1
    assert "Nothing was imported: this file, or these rows, were imported before." in result.output
    assert "Row 2: already imported, as row 2 of the file imported on" in result.output
    assert count(Response) == 2
    result = runner.invoke(args=["responses", "import", "--new", str(source)])
    assert result.exit_code == 0
    assert count(Response) == 4


# Only the columns a person needs, and a template --------------------------------------


def test_a_file_with_only_the_needed_columns_is_imported(admin, client):
    content = (
        "survey,channel,completion_mode,submitted_on,answer_overall_satisfaction\n"
        "customer-care,letter,paper,2026-05-01,very_satisfied\n"
    )
    assert upload(client, content).status_code == 302
    response = db.session.scalar(select(Response))
    assert (response.language, response.service_id) == ("en", None)
    assert response.survey_version.version == 1
    assert response.submission_key.startswith("import-")


def test_the_template_lists_the_columns_and_choices(admin, client, client_request):
    page = client_request.get(URL)
    assert (
        'href="/admin/paper/import/template/customer-care.csv" download>'
        "Download the template for " in page.html
    )
    response = client.get("/admin/paper/import/template/customer-care.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        response.headers["Content-Disposition"]
        == 'attachment; filename="customer-care-import-template.csv"'
    )
    header, guidance = list(csv.reader(io.StringIO(response.get_data(as_text=True))))
    assert header[:5] == ["survey", "channel", "service", "completion_mode", "submitted_on"]
    assert "answer_overall_satisfaction" in header
    assert "submission_key" not in header
    by_column = dict(zip(header, guidance, strict=True))
    assert by_column["survey"].startswith("# Guidance row, skipped on import.")
    assert by_column["channel"] == (
        "One of: phone; face-to-face; email; website; letter; webchat; social-media"
    )
    assert (
        "very_satisfied; fairly_satisfied; neither; fairly_dissatisfied"
        in (by_column["answer_overall_satisfaction"])
    )
    assert by_column["answer_contact_date"].endswith(
        "a date like 2026-03-27. Leave empty if not answered"
    )


def test_a_filled_in_template_imports_with_its_guidance_row_left_in(admin, client):
    template = client.get("/admin/paper/import/template/customer-care.csv").get_data(as_text=True)
    header = next(csv.reader(io.StringIO(template)))
    row = dict.fromkeys(header, "")
    row.update(
        survey="customer-care",
        channel="phone",
        service="housing",
        completion_mode="paper",
        submitted_on="2026-05-01",
        answer_overall_satisfaction="fairly_satisfied",
    )
    buffer = io.StringIO()
    csv.DictWriter(buffer, fieldnames=header).writerow(row)
    assert upload(client, template + buffer.getvalue()).status_code == 302
    assert count(Response) == 1


def test_a_template_for_an_unknown_survey_is_not_found(admin, client_request):
    client_request.get("/admin/paper/import/template/no-such-survey.csv", _expected_status=404)


def test_a_file_with_more_rows_than_allowed_is_refused_and_nothing_is_imported(
    admin, client, monkeypatch
):
    from survey_app.services import response_transfer

    monkeypatch.setattr(response_transfer, "MAX_IMPORT_ROWS", 2)
    before = count(Response)
    three_rows = HEADER + GOOD_ROWS + GOOD_ROWS.splitlines(keepends=True)[0]
    html = unescape(upload(client, three_rows).get_data(as_text=True))
    assert "The file has more than 2 rows: split it into smaller files" in html
    assert count(Response) == before
    # Two rows are within the limit.
    assert "more than 2 rows" not in unescape(upload(client, HEADER + GOOD_ROWS).get_data(True))
    assert count(Response) == before + 2
