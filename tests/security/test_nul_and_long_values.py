"""No 500 from a bad byte: NUL and other control characters in addresses, the sign-in email
and uploaded cells, and a value longer than its column, are refused with a 4xx GOV.UK page
before they reach the database. PostgreSQL is the database that refuses a NUL outright, so
these run on it too (``TEST_DATABASE_URL``)."""

import io
from html import unescape

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Response
from tests.conftest import Page

PATHS = [
    "/survey/ph%00one",
    "/survey/phone/%00",
    "/survey/phone/check-your-answers%00",
    "/survey/ph%0Aone",
    "/admin/surveys/customer%00care",
    "/admin/surveys/customer-care/questions/over%00all",
    "/admin/links/ph%00one",
    "/admin/paper/customer-care/ph%00one/paper",
    "/results/channel/ph%00one",
    "/results/service/council%00tax",
    "/results/equality/age%00band",
    "/admin/users/1%00",
    "/mystery-shop/%00",
    "/%0D%0A127.0.0.1 - forged log line",
]
HEADER = (
    "submission_key,survey,survey_version,channel,service,completion_mode,language,"
    "submitted_on,answer_overall_satisfaction\n"
)


@pytest.mark.parametrize("path", PATHS)
def test_a_control_character_in_an_address_is_not_found(client, client_request, path):
    client_request.login(["admin", "reviewer", "shopper"])
    response = client.get(path)
    assert response.status_code == 404, path
    assert Page(response).check_structure().heading == "Page not found"


def test_a_nul_in_the_sign_in_email_is_a_wrong_address(client):
    response = client.post(
        "/auth/login", data={"email": "admin\x00@example.gov.uk", "password": "anything at all"}
    )
    assert response.status_code == 200
    assert "Enter a correct email address and password" in response.get_data(as_text=True)


def _import(client, body: str):
    return client.post(
        "/admin/paper/import",
        data={"file": (io.BytesIO(body.encode("utf-8")), "returns.csv")},
        content_type="multipart/form-data",
    )


def test_a_submission_key_longer_than_its_column_is_a_row_problem(admin, client):
    long_key = "k" * 65
    response = _import(
        client, HEADER + f"{long_key},customer-care,,letter,,paper,en,2026-05-01,very_satisfied\n"
    )
    assert response.status_code == 200
    html = unescape(response.get_data(as_text=True))
    assert "Shorten the submission_key to 64 characters or fewer, or leave it empty" in html
    assert db.session.scalar(select(func.count(Response.id))) == 0


def _row_with(column: str, bad: str) -> str:
    cells = {"submission_key": "k1", "language": "en", "service": ""}
    cells[column] += bad
    return HEADER + (
        f"{cells['submission_key']},customer-care,,letter,{cells['service']},paper,"
        f"{cells['language']},2026-05-01,very_satisfied\n"
    )


def test_a_nul_in_an_uploaded_file_is_refused_on_the_page(admin, client):
    response = _import(client, _row_with("submission_key", "\x00x"))
    assert response.status_code == 200
    assert "The selected file must be a CSV file" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count(Response.id))) == 0


@pytest.mark.parametrize("column", ["submission_key", "language", "service"])
@pytest.mark.parametrize("bad", ["\x00x", "\x1bx"])
def test_a_control_character_in_a_cell_is_a_row_problem_on_the_command_line(
    app, runner, tmp_path, column, bad
):
    source = tmp_path / "returns.csv"
    source.write_text(_row_with(column, bad), encoding="utf-8")
    result = runner.invoke(args=["responses", "import", str(source)])
    assert result.exit_code == 1
    assert f"Row 2: {column} contains a control character, which cannot be stored" in (
        result.output
    )
    assert db.session.scalar(select(func.count(Response.id))) == 0
