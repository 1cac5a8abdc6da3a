import numpy as np
import pandas as pd
import pytest

from analysis.gap import satisfaction_gap


def test_gap_between_residents_and_councillors_by_channel():
    # Residents: phone 30 answers, 21 satisfied (70%); website 20, 10 satisfied (50%);
    # letter 3 (hidden: below 10).
    # Councillors: phone 0.9 and 0.7 -> 80%, gap +10 points; website 0.6 -> 60%, gap +10;
    # webchat 0.5 with no resident answers at all.
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
    assert gap["resident_suppressed"].tolist() == [True, False, False, False]
    letter = gap.loc["letter"]
    assert pd.isna(letter["resident_base"])
    assert np.isnan(letter["pct_satisfied"])
    assert np.isnan(letter["gap_points"])
    website = gap.loc["website"]
    assert website["resident_base"] == 20
    assert website["pct_satisfied"] == pytest.approx(50)
    assert website["mean_score"] == pytest.approx(60)
    assert website["gap_points"] == pytest.approx(10)
    webchat = gap.loc["webchat"]
    assert webchat["resident_base"] == 0
    assert np.isnan(webchat["gap_points"])
    assert gap.loc["letter", "shops"] == 0
