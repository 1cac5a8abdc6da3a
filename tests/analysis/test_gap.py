import numpy as np
import pandas as pd
import pytest

from analysis.gap import satisfaction_gap


def test_gap_between_residents_and_councillors_by_channel():
    # Residents: phone 30 answers, 21 satisfied (70%); website 20, 10 satisfied (50%);
    # letter 3 (hidden, so website, the next smallest, is hidden too).
    # Councillors: phone 0.9 and 0.7 -> 80%, gap +10 points; website 0.6 (resident figure
    # hidden, so no gap); webchat 0.5 with no resident answers at all.
    responses = pd.DataFrame(
        {
            "channel": ["phone"] * 30 + ["website"] * 20 + ["letter"] * 3,
            "overall_satisfaction": ["fairly_satisfied"] * 21
            + ["neither"] * 9
            + ["very_satisfied"] * 10
            + ["very_dissatisfied"] * 10
            + ["neither"] * 3,
        }
    )
    shops = pd.DataFrame(
        {
            "channel": ["phone", "phone", "website", "webchat"],
            "shopped_on": pd.to_datetime(["2026-01-01"] * 4),
            "score": [0.9, 0.7, 0.6, 0.5],
        }
    )
    gap = satisfaction_gap(responses, shops).set_index("channel")
    assert list(gap.index) == ["letter", "phone", "webchat", "website"]
    phone = gap.loc["phone"]
    assert (phone["resident_base"], phone["shops"]) == (30, 2)
    assert phone["pct_satisfied"] == pytest.approx(70)
    assert phone["mean_score"] == pytest.approx(80)
    assert phone["gap_points"] == pytest.approx(10)
    assert gap["resident_suppressed"].tolist() == [True, False, False, True]
    website = gap.loc["website"]
    assert pd.isna(website["resident_base"])
    assert np.isnan(website["pct_satisfied"])
    assert np.isnan(website["gap_points"])
    assert website["mean_score"] == pytest.approx(60)
    webchat = gap.loc["webchat"]
    assert webchat["resident_base"] == 0
    assert np.isnan(webchat["gap_points"])
    assert gap.loc["letter", "shops"] == 0


def test_a_channel_that_differs_from_a_coarser_view_by_a_small_group_is_hidden():
    # Filtered view: phone 30, email 25, website 40. The view without the filter (published
    # on the same page with the filter removed): phone 34 (4 more: showing both would reveal
    # those 4), email 25 (same people), website 60 (20 more, enough). Phone is hidden as a
    # primary suppression; email, the smallest remaining, is hidden so phone cannot be
    # worked out from a total.
    def answers(channel_counts):
        return pd.DataFrame(
            {
                "channel": list(channel_counts),
                "overall_satisfaction": ["very_satisfied"] * len(channel_counts),
                "count": list(channel_counts.values()),
            }
        )

    filtered = answers({"phone": 30, "email": 25, "website": 40})
    coarser = answers({"phone": 34, "email": 25, "website": 60})
    shops = pd.DataFrame(
        {
            "channel": ["phone", "email", "website"],
            "shopped_on": pd.to_datetime(["2026-01-01"] * 3),
            "score": [0.5, 0.5, 0.5],
        }
    )
    alone = satisfaction_gap(filtered, shops, weight="count").set_index("channel")
    assert not alone["resident_suppressed"].any()
    gap = satisfaction_gap(filtered, shops, weight="count", references=[coarser])
    gap = gap.set_index("channel")
    assert gap["resident_suppressed"].to_dict() == {
        "email": True,
        "phone": True,
        "website": False,
    }
    assert np.isnan(gap.loc["phone", "gap_points"])
    assert gap.loc["website", "gap_points"] == pytest.approx(-50)
