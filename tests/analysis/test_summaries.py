import pandas as pd
import pytest

from analysis.summaries import satisfaction_sentences, whole_percent


def test_sentences_say_the_result_its_base_and_how_it_compares():
    table = pd.DataFrame(
        {
            "channel": ["phone", "email", "website", "letter", "webchat", "social-media"],
            "base": pd.array([412, 1234, 88, pd.NA, pd.NA, 15], dtype="Int64"),
            "dont_know": pd.array([3, 0, 1, pd.NA, pd.NA, 0], dtype="Int64"),
            "pct_satisfied": [62.4, 80.5, 70.0, float("nan"), float("nan"), 60.0],
            "differs": pd.array([True, True, False, pd.NA, pd.NA, pd.NA], dtype="boolean"),
            "direction": ["lower", "higher", None, None, None, None],
            "suppressed": [False, False, False, True, True, False],
            "suppression": [None, None, None, "primary", "primary", None],
        }
    )
    sentences = satisfaction_sentences(
        table, "channel", comparison="other channels", labels={"phone": "Phone", "email": "Email"}
    )
    assert sentences.tolist() == [
        "Phone: 62% satisfied (n=412), lower than other channels",
        "Email: 81% satisfied (n=1,234), higher than other channels",
        "website: 70% satisfied (n=88), similar to other channels",
        "letter: fewer than 10 answers, so the result is not shown",
        "webchat: fewer than 10 answers, so the result is not shown",
        "social-media: 60% satisfied (n=15)",
    ]


def test_overall_row_and_threshold_wording():
    table = pd.DataFrame(
        {
            "base": pd.array([pd.NA], dtype="Int64"),
            "pct_satisfied": [float("nan")],
            "suppressed": [True],
            "suppression": ["primary"],
        }
    )
    assert satisfaction_sentences(table, None, threshold=20).tolist() == [
        "All responses: fewer than 20 answers, so the result is not shown"
    ]


def test_empty_group_without_suppression():
    table = pd.DataFrame(
        {
            "group": ["a", "b"],
            "base": [0, 0],
            "dont_know": [0, 4],
            "pct_satisfied": [float("nan")] * 2,
        }
    )
    assert satisfaction_sentences(table, "group").tolist() == [
        "a: no answers",
        'b: only "Don\'t know" answers',
    ]


@pytest.mark.parametrize(
    ("percent", "shown"), [(62.5, 63), (62.49, 62), (0.5, 1), (99.5, 100), (0, 0)]
)
def test_percentages_round_half_up(percent, shown):
    assert whole_percent(percent) == shown
