"""The cross-tab on literal counts. Key sums of 0 give cell key 0, which leaves counts of 3
and more unchanged and turns 1 into 0 and 2 into 3 (``analysis.cell_key``), so the
published figures can be worked out by hand."""

import pandas as pd

from analysis.crosstab import MARGIN, add_period, satisfaction_crosstab, too_sparse

QUESTION = "overall_satisfaction"


def counts(key_sums=None):
    frame = pd.DataFrame(
        {
            "channel": ["Phone", "Phone", "Phone", "Website", "Website", "Website"],
            "disability": [
                "Disabled",
                "Disabled",
                "Not disabled",
                "Disabled",
                "Not disabled",
                "Prefer not to say",
            ],
            QUESTION: [
                "very_satisfied",
                "very_dissatisfied",
                "fairly_satisfied",
                "very_satisfied",
                "neither",
                "neither",
            ],
            "count": [12, 8, 30, 3, 20, 1],
        }
    )
    frame["key_sum"] = key_sums if key_sums is not None else 0
    return frame


def cell(table, row, column):
    return table[(table["channel"] == row) & (table["disability"] == column)].iloc[0]


def test_cells_and_margins_with_percentages_and_hidden_small_cells():
    table = satisfaction_crosstab(counts(), "channel", "disability", QUESTION)
    assert table["channel"].tolist() == ["Phone"] * 4 + ["Website"] * 4 + [MARGIN] * 4
    phone_disabled = cell(table, "Phone", "Disabled")
    # 12 of 20 satisfied.
    assert (phone_disabled["base"], phone_disabled["satisfied"]) == (20, 12)
    assert phone_disabled["pct_satisfied"] == 60
    # Website, disabled: 3, below 10: hidden. Website, prefer not to say: 1 becomes 0.
    assert cell(table, "Website", "Disabled")["suppressed"]
    assert cell(table, "Website", "Prefer not to say")["suppression"] == "primary"
    # Phone has no "prefer not to say": a row of its own, base 0, hidden.
    assert cell(table, "Phone", "Prefer not to say")["suppressed"]
    # Margins are their own cells: Website 3 + 20 + 1 -> the 1 perturbed as part of 24
    # answers is not perturbed alone, so the margin is 24 with 3 satisfied.
    website = cell(table, "Website", MARGIN)
    assert (website["base"], website["satisfied"]) == (24, 3)
    everyone = cell(table, MARGIN, MARGIN)
    assert (everyone["base"], everyone["satisfied"]) == (74, 45)


def test_a_margin_is_perturbed_as_one_cell_not_as_the_sum_of_its_cells():
    # Key sums 70 for the 30 phone, not disabled (cell key 70: -1); the phone margin's
    # fairly satisfied cell is the same 30 answers, so it reads 29 there too.
    table = satisfaction_crosstab(counts([0, 0, 70, 0, 0, 0]), "channel", "disability", QUESTION)
    assert cell(table, "Phone", "Not disabled")["base"] == 29
    assert cell(table, "Phone", MARGIN)["satisfied"] == 12 + 29


def test_a_table_with_most_cells_hidden_is_too_sparse():
    table = satisfaction_crosstab(counts(), "channel", "disability", QUESTION)
    # Inner cells: 6, of which 3 hidden (website disabled, both prefer not to say): half.
    assert not too_sparse(table, "channel", "disability")
    small = counts()
    small["count"] = [4, 4, 4, 3, 20, 1]
    assert too_sparse(
        satisfaction_crosstab(small, "channel", "disability", QUESTION), "channel", "disability"
    )


def test_quarters_and_financial_years_from_months():
    months = pd.DataFrame({"month": ["2026-03", "2026-04", "2025-12"]})
    quarters = add_period(months, "quarter")["quarter"]
    assert quarters.tolist() == ["Jan to Mar 2026", "Apr to Jun 2026", "Oct to Dec 2025"]
    assert list(quarters.cat.categories) == [
        "Oct to Dec 2025",
        "Jan to Mar 2026",
        "Apr to Jun 2026",
    ]
    years = add_period(months, "financial_year")["financial_year"]
    assert years.tolist() == [
        "April 2025 to March 2026",
        "April 2026 to March 2027",
        "April 2025 to March 2026",
    ]
