import numpy as np
import pandas as pd
import pytest

from analysis.satisfaction import satisfaction_table


@pytest.fixture
def responses():
    return pd.DataFrame(
        {
            "channel": ["phone"] * 6 + ["email"] * 2,
            "service": ["housing", "housing", None, "waste", "waste", "waste", "housing", None],
            "overall_satisfaction": [
                "very_satisfied",
                "fairly_satisfied",
                "neither",
                "dont_know",
                None,
                "very_dissatisfied",
                "fairly_dissatisfied",
                "dont_know",
            ],
        }
    )


def test_counts_and_percentages_by_channel(responses):
    # email: fairly_dissatisfied, dont_know -> base 1, 0 satisfied, 1 dissatisfied, 1 dont_know.
    # phone: vs, fs, neither, dk, missing, vd -> base 4 (dk and missing left out),
    #        satisfied 2 (50%), dissatisfied 1 (25%), net 25.
    table = satisfaction_table(responses, "overall_satisfaction", "channel")
    assert table["channel"].tolist() == ["email", "phone"]
    assert table["base"].tolist() == [1, 4]
    assert table["satisfied"].tolist() == [0, 2]
    assert table["dissatisfied"].tolist() == [1, 1]
    assert table["dont_know"].tolist() == [1, 1]
    assert table["pct_satisfied"].tolist() == [0, 50]
    assert table["pct_dissatisfied"].tolist() == [100, 25]
    assert table["net"].tolist() == [-100, 25]
    # 2 of 4 has the Wilson interval 15% to 85% (worked in test_proportions).
    assert table.loc[1, ["satisfied_low", "satisfied_high"]].tolist() == pytest.approx(
        [15.0, 85.0], abs=0.01
    )


def test_no_grouping_gives_one_overall_row(responses):
    # base 5 (8 answers less 2 dont_know less 1 missing), satisfied 2, dissatisfied 2.
    table = satisfaction_table(responses, "overall_satisfaction")
    assert len(table) == 1
    row = table.iloc[0]
    assert (row["base"], row["satisfied"], row["dissatisfied"], row["dont_know"]) == (5, 2, 2, 2)
    assert row["pct_satisfied"] == 40
    assert row["net"] == 0


def test_missing_group_is_kept_as_its_own_row(responses):
    # service missing: phone "neither" and email "dont_know" -> base 1, dont_know 1.
    table = satisfaction_table(responses, "overall_satisfaction", "service")
    missing = table[table["service"].isna()]
    assert len(missing) == 1
    assert missing[["base", "dont_know"]].iloc[0].tolist() == [1, 1]
    assert table["base"].sum() == 5


def test_unused_category_shows_with_base_zero_and_nan_percentages(responses):
    responses["channel"] = pd.Categorical(
        responses["channel"], categories=["phone", "email", "letter"]
    )
    table = satisfaction_table(responses, "overall_satisfaction", "channel")
    assert table["channel"].tolist() == ["phone", "email", "letter"]
    letter = table.iloc[2]
    assert letter["base"] == 0
    assert letter[["pct_satisfied", "satisfied_low", "satisfied_high", "net"]].isna().all()


def test_two_grouping_columns(responses):
    table = satisfaction_table(responses, "overall_satisfaction", ["channel", "service"])
    phone_waste = table[(table["channel"] == "phone") & (table["service"] == "waste")].iloc[0]
    # phone/waste: dont_know, missing, very_dissatisfied -> base 1, dissatisfied 1.
    assert (phone_waste["base"], phone_waste["dissatisfied"], phone_waste["dont_know"]) == (1, 1, 1)


def test_unknown_code_is_refused_not_miscounted(responses):
    responses.loc[0, "overall_satisfaction"] = "satisfied"
    with pytest.raises(ValueError, match="satisfied"):
        satisfaction_table(responses, "overall_satisfaction", "channel")


def test_question_nobody_answered_gives_zero_base():
    responses = pd.DataFrame({"channel": ["phone"], "council_satisfaction": [None]})
    table = satisfaction_table(responses, "council_satisfaction", "channel")
    assert table["base"].tolist() == [0]
    assert np.isnan(table["pct_satisfied"].iloc[0])
