"""Comparing two groups, with answers worked out by hand (Wilson limits, Newcombe's hybrid
score interval, the pooled z-test and Holm's step-down adjustment written out here)."""

import math

import numpy as np
import pandas as pd
import pytest
from scipy.stats import norm

from analysis.comparison import (
    change_sentence,
    change_since,
    compare_groups,
    compare_two,
    comparison_sentence,
    period_change_sentence,
    period_changes,
)

Z = norm.ppf(0.975)


def wilson(x, n):
    p = x / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2)) / (1 + Z**2 / n)
    return centre - half, centre + half


def test_difference_interval_and_test_for_40_of_50_against_25_of_50():
    difference, low, high, p_value = compare_two(40, 50, 25, 50)
    assert difference == pytest.approx(30)
    l1, u1 = wilson(40, 50)
    l2, u2 = wilson(25, 50)
    # Newcombe: d - sqrt((p1-l1)^2 + (u2-p2)^2) to d + sqrt((u1-p1)^2 + (p2-l2)^2).
    assert low == pytest.approx(100 * (0.3 - math.hypot(0.8 - l1, u2 - 0.5)))
    assert high == pytest.approx(100 * (0.3 + math.hypot(u1 - 0.8, 0.5 - l2)))
    # Pooled 65/100: se = sqrt(0.65 * 0.35 * (1/50 + 1/50)) = 0.09539; z = 3.145.
    z = 0.3 / math.sqrt(0.65 * 0.35 * 0.04)
    assert p_value == pytest.approx(2 * norm.sf(z))
    assert p_value < 0.01


def test_everyone_satisfied_on_both_sides_is_no_difference():
    assert compare_two(20, 20, 30, 30)[3] == 1.0


def satisfaction(by, group, satisfied, base):
    return pd.DataFrame(
        {
            "disability": by,
            "channel": group,
            "satisfied": satisfied,
            "base": base,
            "suppressed": [b < 10 for b in base],
        }
    )


def test_each_row_compares_the_two_groups_and_holm_adjusts_the_p_values():
    table = satisfaction(
        ["Disabled", "Disabled", "Not disabled", "Not disabled", "All", "All"],
        ["Phone", "Website", "Phone", "Website", "Phone", "Website"],
        [40, 25, 30, 28, 70, 53],
        [50, 50, 40, 40, 90, 90],
    )
    result = compare_groups(table, "disability", "channel", "Phone", "Website")
    assert result["disability"].tolist() == ["Disabled", "Not disabled", "All"]
    raw = result["p_value"].to_numpy()
    # Holm: sort ascending, multiply the k-th smallest by (3 - k + 1), keep it rising.
    order = np.argsort(raw)
    expected = np.empty(3)
    running = 0.0
    for rank, position in enumerate(order):
        running = max(running, min(1.0, raw[position] * (3 - rank)))
        expected[position] = running
    assert result["adjusted_p_value"].to_numpy() == pytest.approx(expected)
    # 30/40 against 28/40: 5 points, nowhere near clear.
    assert result.loc[1, "clear"] == False  # noqa: E712
    assert result.loc[0, "clear"] == True  # noqa: E712


def test_a_hidden_group_is_not_compared():
    table = satisfaction(["Disabled", "Disabled"], ["Phone", "Website"], [5, 20], [8, 40])
    result = compare_groups(table, "disability", "channel", "Phone", "Website")
    assert pd.isna(result.loc[0, "clear"])
    assert pd.isna(result.loc[0, "adjusted_p_value"])
    sentence = comparison_sentence(result.iloc[0], "Phone", "Website", "Disabled")
    assert sentence == (
        "Disabled: not compared, as one of the groups is hidden or has too few answers"
    )


def test_sentences_say_no_clear_difference_when_the_interval_spans_zero():
    table = satisfaction(
        ["Disabled", "Disabled", "Not disabled", "Not disabled"],
        ["Phone", "Website", "Phone", "Website"],
        [40, 25, 30, 28],
        [50, 50, 40, 40],
    )
    result = compare_groups(table, "disability", "channel", "Phone", "Website")
    clear = comparison_sentence(result.iloc[0], "Phone", "Website", "Disabled")
    assert clear.startswith("Disabled: Phone 80% satisfied, Website 50%; Phone is higher by 30")
    assert "a real difference" in clear
    unclear = comparison_sentence(result.iloc[1], "Phone", "Website", "Not disabled")
    assert unclear.startswith("Not disabled: Phone 75% satisfied, Website 70%; no clear difference")


# Re-measurement: before and since a recommendation, worked out by hand.
#
# 61 of 100 before and 70 of 100 since. Wilson limits (z = 1.96): 70/100 is 0.60416 to
# 0.78106; 61/100 is 0.51203 to 0.69984. Newcombe: 0.09 - sqrt(0.09584^2 + 0.08984^2) =
# -0.04136 and 0.09 + sqrt(0.08106^2 + 0.09797^2) = 0.21716: the interval holds 0.
#
# 100 of 200 before and 140 of 200 since: 70/200 is 0.63321 to 0.75925 and 100/200 is
# 0.43136 to 0.56864, so 0.2 - sqrt(0.06679^2 + 0.06864^2) = 0.10423 and
# 0.2 + sqrt(0.05925^2 + 0.06864^2) = 0.29068: a clear rise.


def test_change_since_with_an_interval_that_holds_zero():
    result = change_since(61, 100, 70, 100)
    assert result["before_percent"] == pytest.approx(61)
    assert result["since_percent"] == pytest.approx(70)
    assert result["change"] == pytest.approx(9)
    assert result["low"] == pytest.approx(-4.136, abs=0.002)
    assert result["high"] == pytest.approx(21.716, abs=0.002)
    assert result["clear"] is False


def test_change_since_a_clear_rise_and_a_clear_fall():
    rise = change_since(100, 200, 140, 200)
    assert rise["change"] == pytest.approx(20)
    assert rise["low"] == pytest.approx(10.423, abs=0.002)
    assert rise["high"] == pytest.approx(29.068, abs=0.002)
    assert rise["clear"] is True
    fall = change_since(140, 200, 100, 200)
    assert fall["change"] == pytest.approx(-20)
    assert (fall["low"], fall["high"]) == pytest.approx((-29.068, -10.423), abs=0.002)
    assert fall["clear"] is True


def test_change_sentences_in_plain_english():
    assert change_sentence("Phone satisfaction", change_since(100, 200, 140, 200)) == (
        "Phone satisfaction rose from 50% to 70%, a change of 20 points "
        "(95% interval 10 to 29 points): a clear improvement"
    )
    assert change_sentence("Phone satisfaction", change_since(61, 100, 70, 100)) == (
        "Phone satisfaction rose from 61% to 70%, a change of 9 points "
        "(95% interval -4 to 22 points): no clear change"
    )
    assert change_sentence("Email", change_since(140, 200, 100, 200)) == (
        "Email fell from 70% to 50%, a change of -20 points "
        "(95% interval -29 to -10 points): a clear fall"
    )
    # Too few to judge: the figures without a verdict.
    unjudged = change_sentence("Letters", change_since(3, 6, 5, 6), verdict=False)
    assert unjudged.startswith("Letters rose from 50% to 83%, a change of 33 points (95%")
    assert unjudged.endswith("points)")


def published(rows):
    """A published satisfaction table as the pages make it: channel, base, satisfied,
    pct_satisfied and suppressed."""
    frame = pd.DataFrame(rows, columns=["channel", "base", "satisfied", "suppressed"])
    frame["pct_satisfied"] = 100 * frame["satisfied"] / frame["base"]
    return frame


NOW = published(
    [
        ("Phone", 100, 68, False),
        ("Email", 50, 40, False),
        ("Letter", None, None, True),  # hidden now
        ("Website", 30, 20, False),
    ]
)
THEN = published(
    [
        ("Phone", 100, 62, False),
        ("Email", 50, 25, False),
        ("Letter", 40, 30, False),
        ("Website", 0, 0, False),  # nobody then
        ("Social media", 20, 10, False),  # only then
    ]
)


def test_period_changes_compare_each_group_with_itself_then():
    result = period_changes(NOW, THEN, "channel", min_base=10).set_index("channel")
    assert list(result.index) == ["Phone", "Email", "Letter", "Website", "Social media"]
    assert list(result["status"]) == [
        "compared",
        "compared",
        "hidden now",
        "no data then",
        "no data now",
    ]
    phone = result.loc["Phone"]
    assert phone["change"] == pytest.approx(6)
    l1, u1 = wilson(68, 100)
    l2, u2 = wilson(62, 100)
    assert phone["low"] == pytest.approx(100 * (0.06 - math.hypot(0.68 - l1, u2 - 0.62)))
    assert phone["high"] == pytest.approx(100 * (0.06 + math.hypot(u1 - 0.68, 0.62 - l2)))
    # Pooled 130/200: z = 0.06 / sqrt(0.65 * 0.35 * 0.02) = 0.8895, p = 0.374.
    p_phone = 2 * norm.sf(0.06 / math.sqrt(0.65 * 0.35 * 0.02))
    assert phone["p_value"] == pytest.approx(p_phone)
    assert p_phone == pytest.approx(0.374, abs=0.001)
    # Email 80% against 50%: pooled 65/100, z = 3.145.
    p_email = 2 * norm.sf(0.3 / math.sqrt(0.65 * 0.35 * 0.04))
    # Holm over the two compared: the smaller p doubled, the larger kept (never below it).
    assert result.loc["Email", "adjusted_p_value"] == pytest.approx(2 * p_email)
    assert phone["adjusted_p_value"] == pytest.approx(max(2 * p_email, p_phone))
    assert not phone["clear"]
    assert result.loc["Email", "clear"]
    assert pd.isna(result.loc["Letter", "clear"])
    assert list(result["now_state"]) == ["shown", "shown", "hidden", "shown", "empty"]
    assert list(result["then_state"]) == ["shown", "shown", "shown", "empty", "shown"]
    assert result.loc["Letter", "then_percent"] == pytest.approx(75)
    assert pd.isna(result.loc["Letter", "now_percent"])


def test_a_whole_period_change_has_no_group_column():
    now = published([(None, 100, 68, False)]).drop(columns="channel")
    then = published([(None, 100, 62, False)]).drop(columns="channel")
    result = period_changes(now, then, None, min_base=10)
    assert result.columns[0] == "status"
    assert result["change"].iloc[0] == pytest.approx(6)
    # One comparison: Holm leaves its p-value alone.
    assert result["adjusted_p_value"].iloc[0] == pytest.approx(result["p_value"].iloc[0])


def test_a_group_below_the_threshold_then_is_not_compared():
    now = published([("Phone", 40, 30, False)])
    then = published([("Phone", 9, 5, False)])
    assert period_changes(now, then, "channel", min_base=10)["status"].iloc[0] == "hidden then"


def test_change_sentences_say_whether_the_change_is_clear():
    result = period_changes(NOW, THEN, "channel", min_base=10).set_index("channel")
    phone = period_change_sentence(result.loc["Phone"], "July to September 2026", 10)
    low, high = round(result.loc["Phone", "low"]), round(result.loc["Phone", "high"])
    assert (low, high) == (-7, 19)
    assert phone == (
        "Up 6 points (from 62% to 68%); the change could be anything from \u22127 to 19 "
        "points, so there is no clear change"
    )
    email = period_change_sentence(result.loc["Email"], "July to September 2026", 10)
    assert email.startswith("Up 30 points (from 50% to 80%); the change could be anything from")
    assert email.endswith("so this is a clear rise")
    assert period_change_sentence(result.loc["Letter"], "then", 10) == (
        "Not compared: fewer than 10 answers in this period, so it is hidden"
    )
    assert period_change_sentence(result.loc["Website"], "July to September 2026", 10) == (
        "Not compared: no answers in July to September 2026"
    )
    assert period_change_sentence(result.loc["Social media"], "then", 10) == (
        "Not compared: no answers in this period"
    )


def test_a_fall_that_holm_makes_unclear_says_so():
    row = pd.Series(
        {
            "status": "compared",
            "now_percent": 55.0,
            "then_percent": 65.0,
            "change": -10.0,
            "low": -19.0,
            "high": -0.6,
            "clear": False,
        }
    )
    assert period_change_sentence(row, "then", 10) == (
        "Down 10 points (from 65% to 55%); the change could be anything from \u221219 to \u22121 "
        "points, but with several comparisons made at once (Holm's adjustment) there is no "
        "clear change"
    )
    row["high"] = 0.4
    assert period_change_sentence(row, "then", 10).endswith(
        "to 0 points, so there is no clear change"
    )
