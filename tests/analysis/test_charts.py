import pandas as pd
import plotly.graph_objects as go
import pytest

from analysis.breakdowns import add_period, published_satisfaction
from analysis.charts import (
    BAR_COLOUR,
    SERIES_COLOURS,
    crosstab_chart,
    distribution_chart,
    gap_chart,
    satisfaction_bar_chart,
    satisfaction_trend_chart,
    scorecard_chart,
)
from analysis.crosstab import distribution_crosstab, satisfaction_crosstab


def contrast_with_white(colour):
    """WCAG 2 contrast ratio against #ffffff."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return 1.05 / (luminance + 0.05)


def test_colours_have_at_least_3_to_1_contrast_against_white():
    # GOV.UK blue #1d70b8 is 5.17:1; Okabe-Ito vermillion #d55e00 is 3.87:1.
    assert contrast_with_white("#1d70b8") == pytest.approx(5.17, abs=0.01)
    for colour in (BAR_COLOUR, *SERIES_COLOURS):
        assert contrast_with_white(colour) >= 3, colour


@pytest.fixture
def channel_table():
    # phone 40 answers, 30 satisfied (75%); email 30, 12 satisfied (40%); letter 4 (hidden).
    # Phone and email are drawn.
    responses = pd.DataFrame(
        {
            "channel": ["phone"] * 40 + ["email"] * 30 + ["letter"] * 4,
            "overall_satisfaction": ["very_satisfied"] * 30
            + ["neither"] * 10
            + ["fairly_satisfied"] * 12
            + ["very_dissatisfied"] * 18
            + ["very_satisfied"] * 4,
        }
    )
    return published_satisfaction(responses, "overall_satisfaction", "channel")


def test_bar_chart_draws_shown_groups_with_wilson_error_bars(channel_table):
    figure = satisfaction_bar_chart(
        channel_table, "channel", title="Satisfaction by channel", labels={"phone": "Phone"}
    )
    assert isinstance(figure, go.Figure)
    bar = figure.data[0]
    assert bar.orientation == "h"
    assert list(bar.y) == ["email", "letter (not shown)", "Phone"]
    assert bar.x[0] == pytest.approx(40)
    assert bar.x[1] is None
    assert bar.x[2] == pytest.approx(75)
    phone = channel_table.iloc[2]
    assert bar.error_x.array[2] == pytest.approx(phone["satisfied_high"] - 75)
    assert bar.error_x.arrayminus[2] == pytest.approx(75 - phone["satisfied_low"])
    assert bar.error_x.array[1] is None
    assert list(bar.customdata) == [30, None, 40]
    assert figure.layout.title.text == "Satisfaction by channel"
    assert figure.layout.xaxis.ticksuffix == "%"
    assert tuple(figure.layout.xaxis.range) == (0, 100)
    assert figure.layout.xaxis.title.text == "% satisfied"


def test_bar_chart_embeds_without_plotly_js(channel_table):
    html = satisfaction_bar_chart(channel_table, "channel", title="By channel").to_html(
        full_html=False, include_plotlyjs=False
    )
    assert "<div" in html
    assert "cdn.plot.ly" not in html


def test_trend_chart_has_a_band_and_a_broken_line_for_hidden_periods():
    # January 9 answers (6 satisfied), February 3, March 20 (15 satisfied, 75%). January
    # and February are below 10 and hidden.
    responses = pd.DataFrame(
        {
            "submitted_on": pd.to_datetime(
                ["2026-01-15"] * 9 + ["2026-02-15"] * 3 + ["2026-03-15"] * 20
            ),
            "overall_satisfaction": ["very_satisfied"] * 6
            + ["neither"] * 3
            + ["neither"] * 3
            + ["fairly_satisfied"] * 15
            + ["neither"] * 5,
        }
    )
    table = published_satisfaction(add_period(responses, "month"), "overall_satisfaction", "month")
    assert table["suppressed"].tolist() == [True, True, False]
    figure = satisfaction_trend_chart(table, "month", title="Over time")
    band, line = figure.data
    assert list(line.x) == ["Jan 2026", "Feb 2026", "Mar 2026"]
    assert list(line.y[:2]) == [None, None]
    assert line.y[2] == pytest.approx(75)
    assert line.connectgaps is False
    # The band covers March alone: up along the high end, back along the low end.
    assert list(band.x) == ["Mar 2026", "Mar 2026"]
    assert band.y[0] == pytest.approx(table["satisfied_high"].iloc[2])
    assert band.y[1] == pytest.approx(table["satisfied_low"].iloc[2])
    assert band.fill == "toself"
    assert list(figure.layout.xaxis.categoryarray) == ["Jan 2026", "Feb 2026", "Mar 2026"]


def test_trend_chart_draws_one_line_per_series_with_different_markers():
    table = pd.DataFrame(
        {
            "channel": ["phone", "phone", "email", "email"],
            "quarter": pd.PeriodIndex(["2026Q1", "2026Q2"] * 2, freq="Q"),
            "base": [50, 60, 40, 45],
            "pct_satisfied": [60.0, 65.0, 70.0, 72.0],
            "satisfied_low": [50.0, 55.0, 60.0, 62.0],
            "satisfied_high": [70.0, 75.0, 80.0, 82.0],
        }
    )
    figure = satisfaction_trend_chart(table, "quarter", title="By quarter", series_column="channel")
    lines = [trace for trace in figure.data if trace.mode == "lines+markers"]
    assert [line.name for line in lines] == ["phone", "email"]
    assert list(lines[1].y) == [70, 72]
    assert list(lines[0].x) == ["Jan to Mar 2026", "Apr to Jun 2026"]
    assert lines[0].marker.symbol != lines[1].marker.symbol
    assert lines[0].line.color != lines[1].line.color


def test_scorecard_chart_marks_criteria_never_tested():
    scorecard = pd.DataFrame(
        {
            "criterion": ["answered", "named"],
            "criterion_name": ["Answered within 5 rings", "Gave their name"],
            "base": [3, 0],
            "pct_met": [200 / 3, float("nan")],
            "met_low": [20.76, float("nan")],
            "met_high": [93.85, float("nan")],
        }
    )
    bar = scorecard_chart(scorecard, title="Standards met").data[0]
    assert list(bar.y) == ["Answered within 5 rings", "Gave their name (not tested)"]
    assert bar.x[0] == pytest.approx(66.667, abs=0.001)
    assert bar.x[1] is None
    assert bar.error_x.array[0] == pytest.approx(93.85 - 200 / 3)


def test_gap_chart_pairs_residents_and_councillors():
    gap = pd.DataFrame(
        {
            "channel": ["phone", "website"],
            "resident_base": pd.array([30, pd.NA], dtype="Int64"),
            "pct_satisfied": [70.0, float("nan")],
            "satisfied_low": [52.1, float("nan")],
            "satisfied_high": [83.3, float("nan")],
            "resident_suppressed": [False, True],
            "shops": [2, 1],
            "mean_score": [80.0, 60.0],
            "gap_points": [10.0, float("nan")],
        }
    )
    figure = gap_chart(gap, title="Residents and councillors")
    residents, councillors = figure.data
    assert list(residents.x) == [70, None]
    assert list(councillors.x) == [80, 60]
    # Two measures, two panels, two labelled axes: never one bar scale.
    assert (residents.xaxis, councillors.xaxis) == ("x", "x2")
    layout = figure.to_plotly_json()["layout"]
    assert layout["xaxis"]["title"]["text"] == "Residents: % satisfied"
    assert layout["xaxis2"]["title"]["text"] == "Councillors: mean score (%)"
    # Every series has a visible solid fill and a legend entry (no white-on-white pattern).
    for trace in figure.to_plotly_json()["data"]:
        assert trace["showlegend"] is True
        assert trace["marker"]["color"] not in ("white", "#ffffff", "rgba(0,0,0,0)")
        assert "pattern" not in trace["marker"]


def test_hover_text_reads_naturally(channel_table):
    bar = satisfaction_bar_chart(channel_table, "channel", title="By channel").data[0]
    assert bar.hovertemplate == "%{y}: %{x:.0f}% satisfied (n=%{customdata:,})<extra></extra>"


def test_a_hidden_month_splits_the_band_into_closed_segments_around_the_line():
    # Jan, Feb shown; Mar hidden; Apr, May shown: two bands, each a closed outline of its
    # own months, none reaching across March.
    table = pd.DataFrame(
        {
            "month": pd.PeriodIndex(
                ["2026-01", "2026-02", "2026-03", "2026-04", "2026-05"], freq="M"
            ),
            "base": [40, 40, 4, 40, 40],
            "pct_satisfied": [60.0, 65.0, float("nan"), 70.0, 72.0],
            "satisfied_low": [45.0, 50.0, float("nan"), 55.0, 57.0],
            "satisfied_high": [73.0, 77.0, float("nan"), 82.0, 84.0],
            "suppressed": [False, False, True, False, False],
        }
    )
    figure = satisfaction_trend_chart(table, "month", title="Over time")
    bands = [trace for trace in figure.data if trace.fill == "toself"]
    assert [list(band.x) for band in bands] == [
        ["Jan 2026", "Feb 2026", "Feb 2026", "Jan 2026"],
        ["Apr 2026", "May 2026", "May 2026", "Apr 2026"],
    ]
    assert list(bands[0].y) == [73, 77, 50, 45]
    assert list(bands[1].y) == [82, 84, 57, 55]


def crosstab_table():
    """Two channels by two groups, one cell hidden, margins included; key sums 0."""
    counts = pd.DataFrame(
        {
            "channel": ["Phone", "Phone", "Phone", "Website", "Website"],
            "sex": ["Female", "Female", "Male", "Female", "Male"],
            "overall_satisfaction": [
                "very_satisfied",
                "very_dissatisfied",
                "neither",
                "fairly_satisfied",
                "neither",
            ],
            "count": [15, 5, 12, 20, 4],
            "key_sum": 0,
        }
    )
    return counts


def test_a_net_crosstab_chart_runs_from_minus_100_to_100_with_a_legend_for_each_series():
    table = satisfaction_crosstab(crosstab_table(), "channel", "sex", "overall_satisfaction")
    figure = crosstab_chart(table, "channel", "sex", title="Net", measure="net")
    female, male = figure.to_plotly_json()["data"]
    # Phone, female: 15 satisfied and 5 dissatisfied of 20: +50. Website, female: 20 of 20.
    assert female["name"] == "Female"
    assert list(female["x"]) == [50, 100]
    # Website, male: 4 answers, hidden: its place kept, no value.
    assert list(male["x"]) == [0, None]
    layout = figure.to_plotly_json()["layout"]
    assert layout["xaxis"]["range"] == [-100, 100]
    assert layout["xaxis"]["title"]["text"] == "Net satisfaction (points)"
    assert layout["showlegend"] is True
    for trace in (female, male):
        assert trace["showlegend"] is True
        assert trace["marker"]["color"] in SERIES_COLOURS
        assert trace["marker"]["pattern"]["fillmode"] == "overlay"
    assert "points net" in female["hovertemplate"]


def test_a_dissatisfied_crosstab_chart_shows_percent_dissatisfied():
    table = satisfaction_crosstab(crosstab_table(), "channel", "sex", "overall_satisfaction")
    figure = crosstab_chart(table, "channel", "sex", title="Dissatisfied", measure="dissatisfied")
    assert list(figure.data[0].x) == [25, 0]
    assert figure.layout.xaxis.title.text == "% dissatisfied"


def test_a_distribution_chart_stacks_one_series_per_answer():
    counts = crosstab_table().rename(columns={"overall_satisfaction": "resolved"})
    counts["resolved"] = ["yes", "no", "partly", "yes", "no"]
    answers = [("yes", "Yes"), ("partly", "Partly"), ("no", "No")]
    table = distribution_crosstab(counts, "channel", "sex", "resolved", [c for c, _ in answers])
    figure = distribution_chart(table, "channel", "sex", answers, title="Resolved")
    data = figure.to_plotly_json()["data"]
    assert [trace["name"] for trace in data] == ["Yes", "Partly", "No"]
    # One bar per inner cell shown (website, male has 4 answers: hidden, left out); phone,
    # female: 15 yes and 5 no of 20; phone, male: 12 partly; website, female: 20 yes.
    assert list(data[0]["y"]) == ["Phone<br>Female", "Phone<br>Male", "Website<br>Female"]
    assert list(data[0]["x"]) == [75, 0, 100]
    assert list(data[1]["x"]) == [0, 100, 0]
    assert list(data[2]["x"]) == [25, 0, 0]
    assert figure.layout.barmode == "stack"
    assert figure.layout.legend.traceorder == "normal"
    for number, trace in enumerate(data):
        assert trace["showlegend"] is True
        assert trace["marker"]["color"] == SERIES_COLOURS[number]
