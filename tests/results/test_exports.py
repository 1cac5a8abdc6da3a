"""Table downloads carry exactly what the page shows, suppression marks included."""

import csv
import io

import pytest
from openpyxl import load_workbook

from survey_app.results.exports import spreadsheet_safe
from tests.results.helpers import add_responses, sign_in


@pytest.fixture
def reviewer(client):
    sign_in(client, "reviewer")
    return client


@pytest.fixture
def channel_mix(app):
    # Email 15 (12 satisfied), phone 12, letter 3: letter primary, phone secondary.
    add_responses(12, channel="email", overall="very_satisfied")
    add_responses(3, channel="email", overall="very_dissatisfied")
    add_responses(12, channel="phone", overall="neither")
    add_responses(3, channel="letter", overall="very_dissatisfied")


def rows_by_first_column(rows):
    return {row[0]: row[1:] for row in rows[1:]}


def test_csv_matches_the_page_and_marks_hidden_cells(reviewer, client, channel_mix):
    response = client.get("/results/?download=satisfaction-by-channel.csv")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert (
        "attachment; filename=satisfaction-by-channel.csv"
        in response.headers["Content-Disposition"]
    )
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    assert rows[0][:2] == ["Channel", "Satisfied (%)"]
    assert rows[0][8] == "Base (n)"
    table = rows_by_first_column(rows)
    assert table["Email"][0] == "80.0"
    assert table["Email"][7] == "15"
    assert table["Letter"] == ["[c]"] * 9
    assert table["Phone"] == ["[c]"] * 9
    assert "Website and online forms" in table


def test_excel_matches_the_page_and_marks_hidden_cells(reviewer, client, channel_mix):
    response = client.get("/results/?download=satisfaction-by-channel.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.get_data()))
    rows = [list(row) for row in workbook["Table"].iter_rows(values_only=True)]
    table = rows_by_first_column(rows)
    assert table["Email"][0] == 80.0
    assert table["Email"][7] == 15
    assert table["Letter"] == ["[c]"] * 9
    assert table["Phone"] == ["[c]"] * 9
    notes = [row[0] for row in workbook["Notes"].iter_rows(values_only=True)]
    assert any("[c] means the figure is hidden" in note for note in notes)


def test_filtered_download_is_suppressed_like_the_filtered_page(reviewer, client, app):
    add_responses(40, channel="phone", mode="online")
    add_responses(5, channel="phone", mode="paper")
    add_responses(30, channel="email", mode="paper")
    add_responses(30, channel="website", mode="paper")
    response = client.get("/results/?mode=paper&download=satisfaction-by-channel.csv")
    table = rows_by_first_column(
        list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff"))))
    )
    assert table["Phone"][7] == "[c]"
    assert table["Email"][7] == "[c]"
    assert table["Website and online forms"][7] == "30"


def test_every_table_on_a_page_can_be_downloaded(reviewer, client, get_page, channel_mix):
    page = get_page("/results/channel/phone")
    links = sorted(set(__import__("re").findall(r'href="([^"]*download=[^"]*)"', page.html)))
    assert len(links) == 8  # four tables, each as CSV and Excel
    for link in links:
        response = client.get(link.replace("&amp;", "&"))
        assert response.status_code == 200, link


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=SUM(A1)", "'=SUM(A1)"), ("+44", "'+44"), ("-3", "'-3"), ("@x", "'@x"), ("Phone", "Phone")],
)
def test_text_a_spreadsheet_would_run_is_neutralised(value, expected):
    assert spreadsheet_safe(value) == expected
