"""Plotly figures for the results pages.

Figures show only what the tables show: a suppressed group keeps its place on the axis,
marked "(not shown)", but none of its values are put in the figure's data. The page embeds
them with ``fig.to_html(full_html=False, include_plotlyjs=False)``; the summaries module
gives the text alternative.
"""

from collections.abc import Mapping

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from analysis.labels import display_label, period_label

TEXT_COLOUR = "#0b0c0c"  # GOV.UK text colour
BAR_COLOUR = "#1d70b8"  # GOV.UK blue: 5.2:1 against white
#: Colour-blind-safe series colours (Okabe-Ito hues), each at least 3:1 against white.
#: Series also differ by marker and dash, so colour is never the only cue.
SERIES_COLOURS = ("#1d70b8", "#d55e00", "#009e73", "#cc79a7", "#0b0c0c", "#912b88")
SERIES_MARKERS = ("circle", "square", "diamond", "triangle-up", "x", "star")
SERIES_DASHES = ("solid", "dash", "dot", "dashdot", "longdash", "longdashdot")
BAND_OPACITY = 0.2
NOT_SHOWN = "(not shown)"
FONT = {"family": "arial, sans-serif", "color": TEXT_COLOUR, "size": 16}


def satisfaction_bar_chart(
    table: pd.DataFrame,
    group_column: str,
    *,
    title: str,
    labels: Mapping | None = None,
    measure: str = "satisfied",
    axis_title: str | None = None,
) -> go.Figure:
    """Horizontal bars of % satisfied (or dissatisfied) per group, with Wilson error bars."""
    percent, low, high, shown = _measure(table, measure)
    names = [display_label(value, labels) for value in table[group_column]]
    figure = go.Figure(_bar(names, percent, low, high, shown, table["base"], measure))
    _layout(figure, title, axis_title or f"% {measure}", len(table))
    return figure


def satisfaction_trend_chart(
    table: pd.DataFrame,
    period_column: str,
    *,
    title: str,
    series_column: str | None = None,
    labels: Mapping | None = None,
    measure: str = "satisfied",
) -> go.Figure:
    """% satisfied per period as a line with a shaded 95% interval, one line per series.

    Hidden or empty periods break the line rather than being bridged.
    """
    figure = go.Figure()
    periods = pd.Series(table[period_column].unique()).sort_values()
    series = [None] if series_column is None else list(pd.unique(table[series_column]))
    for number, value in enumerate(series):
        rows = table if value is None else table[table[series_column] == value]
        percent, low, high, _ = _measure(rows, measure)
        colour = SERIES_COLOURS[number % len(SERIES_COLOURS)]
        name = f"% {measure}" if value is None else display_label(value, labels)
        x = [period_label(period) for period in rows[period_column]]
        # One closed band per run of shown periods, so a hidden month leaves a gap in the
        # band as in the line, instead of ribbons joining across it.
        for run in _runs(~np.isnan(percent) & ~np.isnan(low) & ~np.isnan(high)):
            run_x = [x[i] for i in run]
            figure.add_trace(
                go.Scatter(
                    x=run_x + run_x[::-1],
                    y=_or_none(np.concatenate([high[run], low[run][::-1]])),
                    name=f"{name} 95% interval",
                    mode="lines",
                    line={"width": 0},
                    fill="toself",
                    fillcolor=_transparent(colour),
                    hoverinfo="skip",
                    showlegend=False,
                )
            )
        figure.add_trace(
            go.Scatter(
                x=x,
                y=_or_none(percent),
                name=name,
                mode="lines+markers",
                line={"color": colour, "dash": SERIES_DASHES[number % len(SERIES_DASHES)]},
                marker={"symbol": SERIES_MARKERS[number % len(SERIES_MARKERS)], "size": 9},
                connectgaps=False,
                showlegend=value is not None,
                customdata=_or_none(rows["base"].to_numpy(dtype=float)),
                hovertemplate=(
                    f"{name}, %{{x}}: %{{y:.0f}}% {measure} (n=%{{customdata:,}})<extra></extra>"
                ),
            )
        )
    figure.update_layout(
        title={"text": title},
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        xaxis={
            "type": "category",
            "categoryorder": "array",
            "categoryarray": [period_label(period) for period in periods],
            "title": {"text": "Period"},
        },
        yaxis={**_percent_axis(f"% {measure}"), "gridcolor": "#b1b4b6"},
        legend={"title": {"text": ""}},
    )
    return figure


def scorecard_chart(scorecard: pd.DataFrame, *, title: str) -> go.Figure:
    """Horizontal bars of % of shops meeting each standard, with Wilson error bars."""
    shown = scorecard["base"].to_numpy(dtype=float) > 0
    percent = scorecard["pct_met"].to_numpy(dtype=float)
    names = [
        name if visible else f"{name} (not tested)"
        for name, visible in zip(scorecard["criterion_name"], shown, strict=True)
    ]
    bar = _bar(
        names,
        percent,
        scorecard["met_low"].to_numpy(dtype=float),
        scorecard["met_high"].to_numpy(dtype=float),
        shown,
        scorecard["base"],
        "met",
        suffix_for_hidden=None,
    )
    figure = go.Figure(bar)
    _layout(figure, title, "% of shops meeting the standard", len(scorecard))
    return figure


def gap_chart(gap: pd.DataFrame, *, title: str, labels: Mapping | None = None) -> go.Figure:
    """Per channel, residents' % satisfied and councillors' mean mystery-shop score in two
    side-by-side panels, each with its own labelled axis: they are different measures and
    never share one bar scale. Both series have solid fills and legend swatches."""
    names = [display_label(value, labels) for value in gap["channel"]]
    shown = (
        ~gap["resident_suppressed"].to_numpy(dtype=bool) & gap["pct_satisfied"].notna().to_numpy()
    )
    residents = _bar(
        names,
        gap["pct_satisfied"].to_numpy(dtype=float),
        gap["satisfied_low"].to_numpy(dtype=float),
        gap["satisfied_high"].to_numpy(dtype=float),
        shown,
        gap["resident_base"],
        "satisfied",
        suffix_for_hidden=None,
    )
    residents.update(name="Residents: % satisfied", showlegend=True)
    scores = gap["mean_score"].to_numpy(dtype=float)
    councillors = go.Bar(
        x=_or_none(scores),
        y=names,
        orientation="h",
        name="Councillors: mean mystery-shop score",
        showlegend=True,
        marker={"color": SERIES_COLOURS[1], "line": {"color": TEXT_COLOUR, "width": 1}},
        customdata=gap["shops"].to_numpy(),
        hovertemplate="%{y}: mean score %{x:.0f}% (%{customdata:,} shops)<extra></extra>",
    )
    figure = make_subplots(rows=1, cols=2, shared_yaxes=True, horizontal_spacing=0.06)
    figure.add_trace(residents, row=1, col=1)
    figure.add_trace(councillors, row=1, col=2)
    _layout(figure, title, "Residents: % satisfied", len(gap))
    figure.update_xaxes(_percent_axis("Councillors: mean score (%)"), row=1, col=2)
    figure.update_xaxes(gridcolor="#b1b4b6")
    figure.update_yaxes(autorange="reversed")
    figure.update_layout(showlegend=True, legend={"orientation": "h", "y": -0.25})
    return figure


def _runs(shown: np.ndarray) -> list[np.ndarray]:
    """Positions of each run of consecutive True values."""
    positions = np.flatnonzero(shown)
    if not positions.size:
        return []
    breaks = np.flatnonzero(np.diff(positions) > 1) + 1
    return np.split(positions, breaks)


def _measure(table: pd.DataFrame, measure: str):
    if measure not in ("satisfied", "dissatisfied"):
        raise ValueError(f"measure must be 'satisfied' or 'dissatisfied', not {measure!r}")
    percent = table[f"pct_{measure}"].to_numpy(dtype=float)
    low = table[f"{measure}_low"].to_numpy(dtype=float)
    high = table[f"{measure}_high"].to_numpy(dtype=float)
    shown = ~np.isnan(percent)
    if "suppressed" in table:
        shown &= ~table["suppressed"].to_numpy(dtype=bool)
    return percent, low, high, shown


def _bar(names, percent, low, high, shown, base, what, suffix_for_hidden=NOT_SHOWN) -> go.Bar:
    """One horizontal bar trace; hidden rows keep their place but carry no values."""
    if suffix_for_hidden:
        names = [
            name if visible else f"{name} {suffix_for_hidden}"
            for name, visible in zip(names, shown, strict=True)
        ]
    hide = ~shown
    percent = np.where(hide, np.nan, percent)
    return go.Bar(
        x=_or_none(percent),
        y=list(names),
        orientation="h",
        marker={"color": BAR_COLOUR},
        error_x={
            "type": "data",
            "symmetric": False,
            "array": _or_none(np.where(hide, np.nan, high - percent)),
            "arrayminus": _or_none(np.where(hide, np.nan, percent - low)),
            "color": TEXT_COLOUR,
            "thickness": 1.5,
        },
        customdata=_or_none(
            np.where(hide, np.nan, pd.Series(base).to_numpy(dtype=float, na_value=np.nan))
        ),
        hovertemplate=f"%{{y}}: %{{x:.0f}}% {what} (n=%{{customdata:,}})<extra></extra>",
    )


def _layout(figure: go.Figure, title: str, axis_title: str, rows: int) -> None:
    figure.update_layout(
        title={"text": title},
        font=FONT,
        plot_bgcolor="white",
        paper_bgcolor="white",
        height=160 + 40 * max(rows, 1),
        xaxis={**_percent_axis(axis_title), "gridcolor": "#b1b4b6"},
        yaxis={"autorange": "reversed", "automargin": True},
        showlegend=False,
    )


def _percent_axis(title: str) -> dict:
    return {"range": [0, 100], "ticksuffix": "%", "title": {"text": title}}


def _or_none(values) -> list:
    """Plotly draws None as a gap; NaN can end up serialised, so use None."""
    return [None if pd.isna(value) else float(value) for value in values]


def _transparent(colour: str) -> str:
    red, green, blue = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({red}, {green}, {blue}, {BAND_OPACITY})"


def _series_marker(number: int) -> dict:
    """The ``number``th series of a chart: a solid fill of its own colour (so its bars and
    legend swatch are plain to see) with a white pattern over it, told apart without
    colour too."""
    return {
        "color": SERIES_COLOURS[number % len(SERIES_COLOURS)],
        "line": {"color": TEXT_COLOUR, "width": 1},
        "pattern": {
            "shape": ("", "/", ".", "x", "-", "+")[number % 6],
            "fillmode": "overlay",
            "fgcolor": "white",
            "fgopacity": 0.5,
        },
    }


#: What a cross-tab's bars can show: the table's columns for value and interval, what
#: the hover says, the axis title and whether it runs from -100 (net) or 0.
CROSSTAB_MEASURES = {
    "satisfied": ("pct_satisfied", "satisfied_low", "satisfied_high", "% satisfied"),
    "dissatisfied": ("pct_dissatisfied", "dissatisfied_low", "dissatisfied_high", "% dissatisfied"),
    "net": ("net", "net_low", "net_high", "Net satisfaction (points)"),
}


def crosstab_chart(
    table: pd.DataFrame,
    rows: str,
    columns: str,
    *,
    title: str,
    margin_label: str = "All",
    measure: str = "satisfied",
) -> go.Figure:
    """Grouped horizontal bars of ``measure`` (% satisfied, % dissatisfied or net
    satisfaction): one bar per column group within each row group (margins left out), each
    series its own colour and pattern, with 95% error bars. Hidden cells keep their place
    but carry no values."""
    value, low_column, high_column, axis_title = CROSSTAB_MEASURES[measure]
    net = measure == "net"
    inner = table[(table[rows] != margin_label) & (table[columns] != margin_label)]
    figure = go.Figure()
    for number, (column_value, part) in enumerate(
        inner.groupby(columns, sort=False, observed=True)
    ):
        shown = ~part["suppressed"].to_numpy(dtype=bool) & part[value].notna().to_numpy()
        trace = _bar(
            [display_label(v) for v in part[rows]],
            part[value].to_numpy(dtype=float, na_value=np.nan),
            part[low_column].to_numpy(dtype=float, na_value=np.nan),
            part[high_column].to_numpy(dtype=float, na_value=np.nan),
            shown,
            part["base"],
            measure,
            suffix_for_hidden="",
        )
        amount = "%{x:+.0f} points net" if net else f"%{{x:.0f}}% {measure}"
        trace.update(
            name=display_label(column_value),
            showlegend=True,
            marker=_series_marker(number),
            hovertemplate=(
                f"{display_label(column_value)}, %{{y}}: {amount} "
                "(n=%{customdata:,})<extra></extra>"
            ),
        )
        figure.add_trace(trace)
    groups = max(inner[rows].nunique(), 1) * max(inner[columns].nunique(), 1)
    _layout(figure, title, axis_title, groups)
    if net:
        figure.update_layout(
            xaxis={
                "range": [-100, 100],
                "ticksuffix": "",
                "zeroline": True,
                "zerolinecolor": TEXT_COLOUR,
            }
        )
    figure.update_layout(barmode="group", showlegend=True, legend={"orientation": "h", "y": -0.15})
    return figure


def distribution_chart(
    table: pd.DataFrame,
    rows: str,
    columns: str,
    answers: list[tuple[str, str]],
    *,
    title: str,
    margin_label: str = "All",
) -> go.Figure:
    """Stacked horizontal bars of a distribution cross-tab (``analysis.crosstab.
    distribution_crosstab``): one bar per inner cell shown (its row group over its column
    group, on two lines so the labels stay narrow), one series per answer in the question's
    order (``answers`` are code and label pairs), each its own colour and pattern. Hidden
    cells are left out: the table marks them, and a bar of nothing says less."""
    inner = table[
        (table[rows] != margin_label) & (table[columns] != margin_label) & ~table["suppressed"]
    ]
    figure = go.Figure()
    for number, (code, label) in enumerate(answers):
        part = inner[inner["answer"] == code]
        names = [
            f"{display_label(r)}<br>{display_label(c)}"
            for r, c in zip(part[rows], part[columns], strict=True)
        ]
        percent = part["percent"].to_numpy(dtype=float, na_value=np.nan)
        base = part["base"].to_numpy(dtype=float, na_value=np.nan)
        figure.add_trace(
            go.Bar(
                x=_or_none(percent),
                y=names,
                orientation="h",
                name=label,
                showlegend=True,
                marker=_series_marker(number),
                customdata=_or_none(base),
                hovertemplate=f"%{{y}}: %{{x:.0f}}% {label} (n=%{{customdata:,}})<extra></extra>",
            )
        )
    cells = max(len(inner) // max(len(answers), 1), 1)
    _layout(figure, title, "% of those who answered", cells)
    # Two-line labels need a little more room per bar.
    figure.update_layout(height=160 + 50 * cells)
    # Plotly lists a stack's legend backwards by default: keep the question's order.
    figure.update_layout(
        barmode="stack",
        showlegend=True,
        legend={"orientation": "h", "y": -0.15, "traceorder": "normal"},
    )
    return figure
