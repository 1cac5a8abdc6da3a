"""The cross-tab on literal counts. Key sums of 0 give cell key 0, which leaves counts of 3
and more unchanged and turns 1 into 0 and 2 into 3 (``analysis.cell_key``), so the
published figures can be worked out by hand."""

import pandas as pd
import pytest

from analysis.crosstab import (
    MARGIN,
    add_period,
    distribution_crosstab,
    satisfaction_crosstab,
    too_sparse,
)

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


def test_dissatisfied_and_net_with_its_interval_in_every_cell():
    table = satisfaction_crosstab(counts(), "channel", "disability", QUESTION)
    phone_disabled = cell(table, "Phone", "Disabled")
    # 12 satisfied and 8 dissatisfied of 20: 40% dissatisfied, net +20. Var = (0.6 + 0.4 -
    # 0.2²) / 20 = 0.048, standard error 0.219089, spread 1.959964 x 0.219089 = 0.429407.
    assert phone_disabled["dissatisfied"] == 8
    assert phone_disabled["pct_dissatisfied"] == 40
    assert phone_disabled["net"] == pytest.approx(20)
    assert phone_disabled["net_low"] == pytest.approx(20 - 42.9407, abs=0.001)
    assert phone_disabled["net_high"] == pytest.approx(20 + 42.9407, abs=0.001)
    # A hidden cell shows no net either.
    assert pd.isna(cell(table, "Website", "Disabled")["net_low"])


RESOLVED = "resolved"


def resolved_counts():
    """Was it sorted out? yes / partly / no, by channel and sex; key sums 0 (see above)."""
    rows = [
        ("Phone", "Female", "yes", 10),
        ("Phone", "Female", "partly", 5),
        ("Phone", "Female", "no", 5),
        ("Phone", "Male", "yes", 3),
        ("Phone", "Male", "no", 1),
        ("Website", "Female", "yes", 4),
        ("Website", "Female", "partly", 4),
        ("Website", "Female", "no", 4),
        ("Website", "Male", "no", 12),
        ("Website", "Male", "partly", 2),
    ]
    frame = pd.DataFrame(rows, columns=["channel", "sex", RESOLVED, "count"])
    frame["key_sum"] = 0
    return frame


def answer(table, row, column, code):
    chosen = table[(table["channel"] == row) & (table["sex"] == column) & (table["answer"] == code)]
    return chosen.iloc[0]


def test_the_distribution_of_any_single_choice_question():
    table = distribution_crosstab(
        resolved_counts(), "channel", "sex", RESOLVED, ["yes", "partly", "no"]
    )
    # One row per cell and answer, answers in the question's order, margins last.
    assert len(table) == 3 * 3 * 3
    assert table["answer"].tolist()[:3] == ["yes", "partly", "no"]
    # Phone, female: 10, 5, 5 of 20 = 50%, 25%, 25%. Wilson for 10 of 20: z² / n = 0.19207,
    # half-width 1.96 x √(0.0125 + 0.0024009) / 1.19207 = 0.2007: 29.9% to 70.1%.
    yes = answer(table, "Phone", "Female", "yes")
    assert (yes["count"], yes["base"], yes["percent"]) == (10, 20, 50)
    assert (yes["low"], yes["high"]) == pytest.approx((29.93, 70.07), abs=0.01)
    assert answer(table, "Phone", "Female", "partly")["percent"] == 25
    # Phone, male: 3 yes and 1 no; the 1 is published as 0, so the base is 3: hidden.
    assert answer(table, "Phone", "Male", "yes")["suppressed"]
    assert answer(table, "Phone", "Male", "no")["suppression"] == "primary"
    assert pd.isna(answer(table, "Phone", "Male", "yes")["percent"])
    # Website, male: 12 no and 2 partly; the 2 is published as 3, base 15: 80% no,
    # 20% partly, and nobody said yes (0%, a count of 0 is shown as it is).
    assert answer(table, "Website", "Male", "no")["percent"] == 80
    assert answer(table, "Website", "Male", "partly")["percent"] == 20
    assert answer(table, "Website", "Male", "yes")["percent"] == 0
    # Margins are their own cells: phone 13 yes, 5 partly, 6 no (the 1 counted with the
    # other 5) = 24; male 3 yes, 3 partly (2 perturbed on its own again), 13 no = 19;
    # everyone 17, 11, 22 = 50.
    phone = table[(table["channel"] == "Phone") & (table["sex"] == MARGIN)]
    assert phone["count"].tolist() == [13, 5, 6]
    assert phone["base"].tolist() == [24] * 3
    male = table[(table["channel"] == MARGIN) & (table["sex"] == "Male")]
    assert male["count"].tolist() == [3, 3, 13]
    everyone = table[(table["channel"] == MARGIN) & (table["sex"] == MARGIN)]
    assert everyone["count"].tolist() == [17, 11, 22]
    assert everyone["percent"].tolist() == pytest.approx([34, 22, 44])
    # Four inner cells, one hidden: not too sparse.
    assert not too_sparse(table, "channel", "sex")


def test_a_distribution_refuses_answers_it_was_not_told_about():
    with pytest.raises(ValueError, match="outside its answers"):
        distribution_crosstab(resolved_counts(), "channel", "sex", RESOLVED, ["yes", "no"])
