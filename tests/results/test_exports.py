"""Table downloads carry exactly what the page shows, suppression marks included."""

import csv
import io
import re

import pytest
from openpyxl import load_workbook
from sqlalchemy import select

from survey_app.demo.data import generate_demo_shops
from survey_app.extensions import db
from survey_app.models import AuditEvent
from survey_app.results.exports import spreadsheet_safe
from tests.results.helpers import add_responses


@pytest.fixture
def channel_mix(app):
    # Email 15 (12 satisfied), phone 12, letter 3: letter hidden (record keys 0, so the
    # counts are published unchanged; no secondary suppression with the cell key method).
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
    assert table["Phone"][0] == "0.0"
    assert table["Phone"][7] == "12"
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
    assert table["Phone"][0] == 0
    assert table["Phone"][7] == 12
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
    assert table["Email"][7] == "30"
    assert table["Website and online forms"][7] == "30"


def test_every_table_on_a_page_can_be_downloaded(reviewer, client, client_request, channel_mix):
    page = client_request.get("/results/channel/phone")
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


def audit_events(action: str):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_a_table_download_is_audited_with_its_table_and_filters_not_its_figures(
    reviewer, client, channel_mix
):
    url = "/results/?start=15&start=3&start=2026&mode=online&download=satisfaction-by-channel.xlsx"
    assert client.get(url).status_code == 200
    (event,) = audit_events("results.table_downloaded")
    assert event.target == (
        "/results/ satisfaction-by-channel.xlsx (start=2026-03-01; mode=online)"
    )
    assert event.actor == "reviewer@example.gov.uk"
    assert event.user_id is not None


def test_every_results_page_download_is_audited(reviewer, client, channel_mix):
    generate_demo_shops(40)
    for url in (
        "/results/channel/phone",
        "/results/equality/disability",
        "/results/report",
        "/results/mystery-shop",
    ):
        html = client.get(url).get_data(as_text=True)
        links = re.findall(r'href="([^"]*download=[^"]+\.csv)"', html)
        assert links, url
        before = len(audit_events("results.table_downloaded"))
        assert client.get(links[0].replace("&amp;", "&")).status_code == 200
        events = audit_events("results.table_downloaded")
        assert len(events) == before + 1
        assert events[-1].target.startswith(f"{url} ")
        assert events[-1].target.endswith("(no filters)") or url.endswith("phone")


def test_a_refused_download_is_not_audited(reviewer, client, channel_mix):
    assert client.get("/results/?download=no-such-table.csv").status_code == 404
    assert (
        client.get("/results/?start=nonsense&download=satisfaction-by-channel.csv").status_code
        == 404
    )
    assert audit_events("results.table_downloaded") == []


def test_the_audit_page_names_table_downloads(admin, client, channel_mix, client_request):
    assert client.get("/results/?download=satisfaction-by-channel.csv").status_code == 200
    page = client_request.get("/admin/audit")
    assert "Results table downloaded" in page.html
    assert "/results/ satisfaction-by-channel.csv (no filters)" in page.html
