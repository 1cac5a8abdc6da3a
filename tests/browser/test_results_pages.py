"""The results pages in a real browser: charts drawn under the CSP, axe and vnu clean."""

import os
from datetime import date, timedelta
from pathlib import Path

import pytest

from survey_app.demo.data import generate_demo_responses

# plotly.min.js is 4.8 MB and each page groups every response: allow more than the
# fixture's 10 seconds on a busy machine.
SLOW_PAGE_MS = 60_000

#: What a cross-tab's cells can show, besides % satisfied (the default).
CROSSTAB_MEASURES = [
    (
        "crosstab-dissatisfied",
        "/results/crosstab?measure=dissatisfied&question=council_satisfaction"
        "&rows=channel&columns=disability&period=last-12",
    ),
    (
        "crosstab-net",
        "/results/crosstab?measure=net&rows=channel&columns=disability&period=last-12",
    ),
    (
        "crosstab-distribution",
        "/results/crosstab?measure=distribution&question=overall_satisfaction"
        "&rows=channel&columns=disability&period=last-12",
    ),
]

# The demo responses cover the last 12 months: a quarter about 100 days ago and the quarter
# before it both have answers.
_SHOWN = date.today() - timedelta(days=100)
COMPARED = f"period=q-{_SHOWN.year}-{(_SHOWN.month - 1) // 3 + 1}&compare=previous"

PAGES = [
    ("overview", "/results/"),
    ("channel", "/results/channel/phone"),
    ("service", "/results/service/housing"),
    ("equality", "/results/equality/disability"),
    ("mystery-shop", "/results/mystery-shop"),
    ("comments", "/results/comments"),
    ("comments-filtered", "/results/comments?channel=letter&mode=paper"),
    ("report", "/results/report"),
    ("filtered", "/results/?mode=paper&start=1&start=1&start=2026"),
    ("crosstab", "/results/crosstab?rows=channel&columns=disability&period=last-12"),
    (
        "crosstab-compare",
        "/results/crosstab?rows=disability&columns=channel&first=Phone&second=Email",
    ),
    # Two equality characteristics over 600 responses: most cells are too small, so refused.
    ("crosstab-refused", "/results/crosstab?rows=disability&columns=religion"),
    *CROSSTAB_MEASURES,
    (
        "crosstab-net-not-compared",
        "/results/crosstab?measure=net&rows=disability&columns=channel&first=Phone&second=Email",
    ),
    ("crosstab-bad-measure", "/results/crosstab?measure=happiness&rows=channel"),
    ("overview-compared", f"/results/?{COMPARED}"),
    ("channel-compared", f"/results/channel/phone?{COMPARED}"),
    ("service-compared", f"/results/service/housing?{COMPARED}"),
    ("equality-compared", f"/results/equality/disability?{COMPARED}"),
    ("year-before", "/results/?period=last-12&compare=year-before"),
    ("crosstab-compared", f"/results/crosstab?rows=channel&columns=disability&{COMPARED}"),
]

NARROW_PAGES = [
    ("overview", "/results/"),
    ("equality", "/results/equality/disability"),
    ("mystery-shop", "/results/mystery-shop"),
    ("crosstab-compare", dict(PAGES)["crosstab-compare"]),
    ("crosstab", dict(PAGES)["crosstab"]),
    *CROSSTAB_MEASURES,
    ("overview-compared", f"/results/?{COMPARED}"),
    ("channel-compared", f"/results/channel/phone?{COMPARED}"),
]


@pytest.fixture
def with_responses(live_server):
    with live_server.app.app_context():
        generate_demo_responses(600)


@pytest.mark.parametrize(("name", "path"), PAGES)
def test_results_page_is_accessible_and_draws_its_charts(
    live_server, page, sign_in, assert_accessible, with_responses, name, path
):
    page.set_default_timeout(SLOW_PAGE_MS)
    sign_in(page, "reviewer")
    page.goto(f"{live_server.url}{path}")
    charts = page.locator(".app-chart")
    for number in range(charts.count()):
        # charts.mjs marks each chart once plotly.js has drawn it; a CSP refusal or script
        # error would fail the test through the page fixture.
        charts.nth(number).and_(page.locator(".app-chart--drawn")).wait_for()
        assert charts.nth(number).locator("svg.main-svg").count() >= 1
    assert_accessible(page, f"results-{name}")


def test_filter_errors_are_accessible(live_server, page, sign_in, assert_accessible):
    page.set_default_timeout(SLOW_PAGE_MS)
    sign_in(page, "reviewer")
    page.goto(f"{live_server.url}/results/?channel=carrier-pigeon&start=31&start=2&start=2026")
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "results-filter-error")


@pytest.mark.parametrize(
    "query",
    ["start=13&start=2026&end=2&end=20x6", "compare=previous", "start=5&start=2026&end=4&end=2026"],
)
def test_month_and_comparison_errors_are_accessible(
    live_server, page, sign_in, assert_accessible, query
):
    page.set_default_timeout(SLOW_PAGE_MS)
    sign_in(page, "reviewer")
    page.goto(f"{live_server.url}/results/?{query}")
    assert page.title().startswith("Error: ")
    assert page.locator(".govuk-error-summary").is_visible()
    assert_accessible(page, "results-month-error")


def test_tables_carry_the_figures_without_javascript(live_server, new_page, sign_in, record_html):
    with live_server.app.app_context():
        generate_demo_responses(300)
    page = new_page(java_script_enabled=False)
    page.set_default_timeout(SLOW_PAGE_MS)
    sign_in(page, "reviewer")
    page.goto(f"{live_server.url}/results/")
    table = page.locator("table", has_text="Satisfaction with this contact, by channel")
    assert table.locator("tbody tr").count() == 7
    assert table.get_by_text("Base (n)").is_visible()
    record_html(page, "results-no-js")


@pytest.mark.parametrize("width", [1280, 320])
@pytest.mark.parametrize(("name", "path"), NARROW_PAGES)
def test_results_pages_never_scroll_sideways(
    live_server, new_page, sign_in, assert_accessible, with_responses, width, name, path
):
    page = new_page()
    page.set_default_timeout(SLOW_PAGE_MS)
    # Signed in at desktop width: the sign-in check looks for the header's Sign out button.
    sign_in(page, "reviewer")
    page.set_viewport_size({"width": width, "height": 800 if width > 320 else 640})
    page.goto(f"{live_server.url}{path}")
    charts = page.locator(".app-chart")
    for number in range(charts.count()):
        charts.nth(number).and_(page.locator(".app-chart--drawn")).wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name}: the page is {overflow}px wider than a {width}px screen"
    # A chart's own title would be cut off at both edges of a phone: it is left out there
    # (the heading above says the same) and drawn on a wide screen.
    titles = page.evaluate("[...document.querySelectorAll('.app-chart .gtitle')].length")
    if width <= 320 and charts.count():
        assert titles == 0, f"{name}: {titles} chart titles drawn at {width}px"
    elif charts.count():
        assert titles > 0, f"{name}: no chart title drawn at {width}px"
    assert_accessible(page, f"results-{name}-{width}")
    keep = os.environ.get("BROWSER_ARTIFACTS")
    if keep:
        path = Path(keep) / "screenshots" / f"results-{name}-{width}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)


# Disability by age band is read from the raw rows; 3,000 responses are enough to show it.
PAIR_PATH = "/results/crosstab?rows=disability&columns=age_band&period=last-12"


@pytest.mark.parametrize("width", [1280, 320])
def test_two_equality_characteristics_crossed(
    live_server, new_page, sign_in, assert_accessible, width
):
    with live_server.app.app_context():
        generate_demo_responses(3000)
    page = new_page()
    page.set_default_timeout(SLOW_PAGE_MS)
    sign_in(page, "reviewer")
    page.set_viewport_size({"width": width, "height": 800 if width > 320 else 640})
    page.goto(f"{live_server.url}{PAIR_PATH}")
    assert page.locator("table", has_text="disability by age").count() == 1
    chart = page.locator(".app-chart")
    chart.first.and_(page.locator(".app-chart--drawn")).wait_for()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow}px wider than a {width}px screen"
    assert_accessible(page, f"results-crosstab-disability-by-age-{width}")
    keep = os.environ.get("BROWSER_ARTIFACTS")
    if keep:
        path = Path(keep) / "screenshots" / f"results-crosstab-disability-by-age-{width}.png"
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
