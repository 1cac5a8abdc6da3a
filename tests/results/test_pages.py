"""Every results page, its filters and error states, through the Flask client."""

import json
import re
from datetime import date

import pytest

from tests.results.helpers import add_responses


@pytest.fixture
def channel_mix(app):
    """Email 15 (12 satisfied), phone 12 (6 satisfied), letter 3: letter is below 10 and
    hidden. Record keys are 0, so these counts are published unchanged."""
    add_responses(12, channel="email", overall="very_satisfied")
    add_responses(3, channel="email", overall="very_dissatisfied")
    add_responses(6, channel="phone", overall="fairly_satisfied")
    add_responses(6, channel="phone", overall="neither")
    add_responses(3, channel="letter", overall="very_dissatisfied")


def table_rows(html: str, caption: str) -> dict[str, list[str]]:
    """The rows of the table with this caption: first cell -> the other cells' text."""
    table = re.search(
        rf"<caption[^>]*>\s*{re.escape(caption)}\s*</caption>(.*?)</table>", html, re.S
    )
    assert table, f"no table captioned {caption!r}"
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(1), re.S):
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        rows[cells[0]] = cells[1:]
    return rows


PAGES = [
    ("/results/", "Results"),
    ("/results/channel/phone", "Results for Phone"),
    ("/results/service/housing", "Results for Housing, repairs and homelessness"),
    ("/results/equality/disability", "Results by disability"),
    ("/results/equality/ethnic_group", "Results by ethnic group"),
    ("/results/mystery-shop", "Mystery shopping results"),
    ("/results/comments", "Comments from residents"),
    ("/results/report", "Customer care review: results for the committee"),
]


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_every_page_renders_with_data(reviewer, client_request, channel_mix, url, heading):
    page = client_request.get(url)
    assert page.heading == heading


@pytest.mark.parametrize(("url", "heading"), PAGES)
def test_every_page_renders_with_no_responses(reviewer, client_request, url, heading):
    page = client_request.get(url)
    assert page.heading == heading


@pytest.mark.parametrize(
    "url",
    [
        "/results/channel/carrier-pigeon",
        "/results/service/no-such-service",
        "/results/equality/shoe-size",
        "/results/?download=no-such-table.csv",
        "/results/?download=satisfaction-by-channel.pdf",
        "/results/comments?page=99",
    ],
)
def test_unknown_addresses_are_not_found(reviewer, client_request, url):
    page = client_request.get(url, _expected_status=404)
    assert page.heading == "Page not found"


def test_overview_table_shows_base_interval_and_suppression(reviewer, client_request, channel_mix):
    page = client_request.get("/results/")
    rows = table_rows(page.html, "Satisfaction with this contact, by channel")
    # Email: 12 of 15 satisfied = 80%, Wilson 95% interval 54.8% to 93.0% -> 55% to 93%.
    assert rows["Email"][:6] == ["80%", "55% to 93%", "20%", "7% to 45%", "+60", "15"]
    assert rows["Letter"][:6] == ["[c]"] * 6
    # The cell key method makes secondary suppression unnecessary: phone's 12 are shown.
    assert rows["Phone"][:6] == ["50%", "25% to 75%", "0%", "0% to 24%", "+50", "12"]
    assert "fewer than 10 people answered" in page.html
    assert "two-proportion z-test" in page.html
    assert "Wilson score interval" in page.html


def test_headline_gives_the_overall_figure_with_its_base(reviewer, client_request, channel_mix):
    # 18 of 30 satisfied = 60%.
    page = client_request.get("/results/")
    assert "60%</span> (95% interval 42% to 75%, n=30)" in page.html


def test_summary_sentence_names_the_group_and_its_base(reviewer, client_request, app):
    add_responses(40, channel="phone", overall="fairly_satisfied")
    add_responses(40, channel="phone", overall="very_dissatisfied")
    add_responses(70, channel="website", overall="very_satisfied")
    add_responses(10, channel="website", overall="neither")
    page = client_request.get("/results/")
    # Website 70/80 = 88% against phone 40/80 = 50%: both differ from the rest.
    assert (
        "Website and online forms: 88% satisfied (n=80), higher than other channels; "
        "Phone: 50% satisfied (n=80), lower than other channels." in page.html
    )


def test_chart_data_never_holds_a_hidden_value(reviewer, client_request, channel_mix):
    page = client_request.get("/results/")
    figure = re.search(
        r'data-chart-for="satisfaction-by-channel-chart"[^>]*>(.*?)</script>', page.html, re.S
    )
    data = json.loads(figure.group(1))["data"][0]
    values = dict(zip(data["y"], data["x"], strict=True))
    assert values["Email"] == pytest.approx(80)
    assert values["Letter (not shown)"] is None
    assert values["Phone"] == pytest.approx(50)


def test_charts_are_rendered_by_the_app_script_under_the_csp(reviewer, client, channel_mix):
    response = client.get("/results/")
    html = response.get_data(as_text=True)
    csp = response.headers["Content-Security-Policy"]
    assert "style-src 'self';" in csp + ";"
    assert "unsafe-inline" not in csp
    assert '<script src="/results/assets/plotly.min.js"></script>' in html
    assert 'id="plotly.js-style-global" class="no-inline-styles"' in html
    assert "/static/js/charts.mjs" in html
    nonce = re.search(r"'nonce-([^']+)'", csp).group(1)
    assert f'data-chart-for="satisfaction-by-channel-chart" nonce="{nonce}"' in html


def test_filters_apply_and_suppress_on_the_filtered_view(reviewer, client_request, app):
    add_responses(20, channel="phone", mode="online", overall="very_satisfied")
    add_responses(4, channel="phone", mode="paper", overall="very_dissatisfied")
    add_responses(20, channel="email", mode="paper", overall="very_dissatisfied")
    add_responses(30, channel="website", mode="paper", overall="very_satisfied")
    page = client_request.get("/results/?mode=paper")
    rows = table_rows(page.html, "Satisfaction with this contact, by channel")
    # Paper only: phone's 4 are hidden; email is shown, as counts are perturbed rather
    # than protected by hiding other groups.
    assert rows["Phone"][0] == "[c]"
    assert rows["Email"][0] == "0%"
    assert rows["Website and online forms"][0] == "100%"
    # The filter is kept in links, so a view can be bookmarked and shared.
    assert 'href="/results/channel/email?mode=paper"' in page.html


def test_date_range_filter_keeps_only_responses_in_range(reviewer, client_request, app):
    add_responses(12, channel="phone", submitted_on=date(2026, 1, 10), overall="very_satisfied")
    add_responses(12, channel="phone", submitted_on=date(2026, 3, 10), overall="neither")
    page = client_request.get("/results/?start=1&start=3&start=2026&end=31&end=3&end=2026")
    rows = table_rows(page.html, "Satisfaction with this contact, by channel")
    assert rows["Phone"][0] == "0%"
    assert rows["Phone"][5] == "12"


@pytest.mark.parametrize(
    ("query", "message", "anchor"),
    [
        ("channel=carrier-pigeon", "Select a channel from the list", "#channel"),
        ("service=nope", "Select a service from the list", "#service"),
        ("survey=nope", "Select a survey from the list", "#survey"),
        ("mode=telepathy", "Select how the survey was completed", "#mode"),
        ("start=13&start=2026", "Start month must be a real month", "#start-month"),
        ("start=0&start=2026", "Start month must be a real month", "#start-month"),
        ("start=%C2%B2&start=2026", "Start month must be a real month", "#start-month"),
        ("start=Smarch&start=2026", "Start month must be a real month", "#start-month"),
        ("start=&start=2026", "Start month must include a month", "#start-month"),
        ("end=3&end=", "End month must include a year", "#end-month"),
        ("end=1&end=26", "Year must include 4 numbers", "#end-month"),
        ("end=1&end=0026", "End month must be a real month", "#end-month"),
        ("end=1&end=20x6", "End month must be a real month", "#end-month"),
        # An older link's day boxes: the month is still checked.
        ("start=1&start=&start=2026", "Start month must include a month", "#start-month"),
        (
            "start=3&start=2026&end=2&end=2026",
            "End month must be the same as or after the start month",
            "#end-month",
        ),
        (
            "compare=previous",
            "Select a period, or enter a start and end month, to compare with an earlier period",
            "#compare",
        ),
        (
            "compare=previous&start=3&start=2026",
            "Select a period, or enter a start and end month, to compare with an earlier period",
            "#compare",
        ),
        (
            "period=last-12&compare=sideways",
            "Select what to compare with from the list",
            "#compare",
        ),
    ],
)
def test_a_bad_filter_shows_the_page_with_an_error_summary(
    reviewer, client_request, channel_mix, query, message, anchor
):
    page = client_request.get(f"/results/?{query}")
    assert page.title.startswith("Error: Results")
    assert message in page.html
    assert page.error_links == [anchor]
    assert "Satisfaction with this contact, by channel" not in page.html


def test_a_bad_filter_never_downloads(reviewer, client, channel_mix):
    response = client.get("/results/?channel=nope&download=satisfaction-by-channel.csv")
    assert response.status_code == 404


def test_channel_page_breaks_down_by_service_and_hides_the_channel_filter(
    reviewer, client_request, app
):
    add_responses(15, channel="phone", service="housing", overall="very_satisfied")
    add_responses(15, channel="phone", service="waste", overall="very_dissatisfied")
    add_responses(40, channel="email", service="waste", overall="very_satisfied")
    page = client_request.get("/results/channel/phone")
    rows = table_rows(page.html, "Satisfaction with this contact, by service")
    assert rows["Housing, repairs and homelessness"][0] == "100%"
    assert rows["Bins, recycling and waste"][0] == "0%"
    assert 'name="channel"' not in page.html


def test_equality_page_reports_not_answered_as_its_own_row(reviewer, client_request, channel_mix):
    page = client_request.get("/results/equality/disability")
    rows = table_rows(page.html, "Satisfaction with this contact, by disability")
    assert rows["Not answered"][0] == "60%"
    assert rows["Prefer not to say"][:6] == ["[c]"] * 6
    assert "Disabled" in rows


def test_mystery_shop_page_says_when_nothing_is_recorded(reviewer, client_request):
    page = client_request.get("/results/mystery-shop")
    assert "No mystery shops have been recorded for this view." in page.html


def test_comments_are_redacted(reviewer, client_request, app):
    add_responses(12, comment="Call me on 07700 900123 or email me at jo@example.com please")
    page = client_request.get("/results/comments")
    assert "07700" not in page.html
    assert "jo@example.com" not in page.html
    assert "Call me on [phone number removed] or email me at [email removed] please" in page.html
    assert "June 2026, Phone, Council Tax" in page.html


def test_staff_names_are_redacted_in_comments(reviewer, client_request, app):
    add_responses(12, comment="The officer, John Smith, and Advisor Sarah on Smith Street")
    page = client_request.get("/results/comments")
    assert "John Smith" not in page.html
    assert "Sarah" not in page.html
    assert "The officer, [name removed], and Advisor [name removed] on Smith Street" in page.html


def test_few_comments_are_not_shown(reviewer, client_request, app):
    add_responses(3, comment="The only comment about letters")
    page = client_request.get("/results/comments")
    assert "The only comment about letters" not in page.html
    assert "fewer than 10 comments for this view" in page.html


def test_comments_are_paged_and_filtered(reviewer, client_request, app):
    add_responses(25, channel="phone", comment="About the phone line")
    add_responses(12, channel="email", comment="About email")
    page = client_request.get("/results/comments?channel=phone&page=2")
    assert page.html.count("About the phone line") == 5
    assert "About email" not in page.html
    assert "Page 2 of 2" in page.html


def test_report_page_has_method_date_range_and_print_stylesheet(
    reviewer, client_request, channel_mix
):
    page = client_request.get("/results/report?start=1&start=1&start=2026&end=30&end=6&end=2026")
    assert "Responses from 1 January 2026 to 30 June 2026" in page.html
    assert "How to read these figures" in page.html
    assert 'href="/static/css/report-print.css" media="print"' in page.html
    assert "Satisfaction with this contact, by service" in page.html
