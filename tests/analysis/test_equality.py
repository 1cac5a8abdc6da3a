"""The derived Equality Act disability status, on answers worked out by hand."""

import pandas as pd
import pytest

from analysis.equality import derive_disability, disability_status


def test_derive_disability_row_by_row_keeps_the_index():
    condition = pd.Series(
        ["yes", "yes", "yes", "no", "yes", "prefer_not_to_say", "skipped", None, "yes", "no"],
        index=list("abcdefghij"),
    )
    reduces = pd.Series(
        [
            "yes_a_lot",
            "yes_a_little",
            "not_at_all",
            None,
            "prefer_not_to_say",
            None,
            None,
            None,
            "skipped",
            "yes_a_lot",  # left over from a changed answer: "no" wins
        ],
        index=list("abcdefghij"),
    )
    result = derive_disability(condition, reduces)
    assert result.to_dict() == {
        "a": "disabled",
        "b": "disabled",
        "c": "not_disabled",
        "d": "not_disabled",
        "e": "prefer_not_to_say",
        "f": "prefer_not_to_say",
        "g": "not_answered",
        "h": "not_answered",
        "i": "not_answered",
        "j": "not_disabled",
    }
    assert result.name == "disability"


def test_derive_disability_of_no_rows_is_empty():
    result = derive_disability(pd.Series([], dtype="object"), pd.Series([], dtype="object"))
    assert result.empty


@pytest.mark.parametrize(
    ("condition", "reduces", "expected"),
    [
        ("yes", "yes_a_lot", "disabled"),
        ("yes", "not_at_all", "not_disabled"),
        ("no", None, "not_disabled"),
        (None, None, "not_answered"),
        ("yes", "prefer_not_to_say", "prefer_not_to_say"),
    ],
)
def test_disability_status_for_one_resident(condition, reduces, expected):
    assert disability_status(condition, reduces) == expected
