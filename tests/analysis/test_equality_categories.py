import pandas as pd
import pytest

from analysis.equality_categories import (
    AGE_BANDS,
    EQUALITY_CATEGORIES,
    ETHNIC_CATEGORIES,
    ETHNIC_GROUP_OF_CATEGORY,
    ETHNIC_GROUPS,
    NON_RESPONSE,
    derive_disability,
    in_report_order,
)


@pytest.mark.parametrize("characteristic", sorted(EQUALITY_CATEGORIES))
def test_every_list_ends_with_prefer_not_to_say_then_not_answered(characteristic):
    labels = EQUALITY_CATEGORIES[characteristic]
    assert labels[-2:] == ("Prefer not to say", "Not answered")
    assert len(set(labels)) == len(labels)


def test_census_2021_ethnicity_has_19_categories_in_5_groups():
    assert len(ETHNIC_CATEGORIES) == 19 + len(NON_RESPONSE)
    assert len(ETHNIC_GROUPS) == 5 + len(NON_RESPONSE)
    per_group = pd.Series(ETHNIC_GROUP_OF_CATEGORY).value_counts()
    # White 5, Mixed 4, Asian 5, Black 3, Other 2 (reference/equality.md).
    assert per_group.to_dict() == {
        "White": 5,
        "Mixed or Multiple ethnic groups": 4,
        "Asian or Asian British": 5,
        "Black, Black British, Caribbean or African": 3,
        "Other ethnic group": 2,
    }


def test_age_bands_line_up_with_census_outputs():
    assert AGE_BANDS[:7] == (
        "Under 16",
        "16 to 24",
        "25 to 34",
        "35 to 49",
        "50 to 64",
        "65 to 74",
        "75 or over",
    )


def test_report_order_fills_not_answered_and_keeps_unknown_labels():
    labels = pd.Series(["Male", None, "Prefer not to say", "Intersex", "Female"])
    ordered = in_report_order(labels, "sex")
    assert ordered.tolist() == ["Male", "Not answered", "Prefer not to say", "Intersex", "Female"]
    # Known labels first, the unknown one next, then the two non-response rows.
    assert list(ordered.cat.categories) == [
        "Female",
        "Male",
        "Intersex",
        "Prefer not to say",
        "Not answered",
    ]
    assert ordered.cat.ordered


def test_disability_is_derived_from_the_two_gss_questions():
    condition = ["yes", "yes", "yes", "no", "yes", "prefer_not_to_say", "yes", None, "no"]
    reduces = [
        "a_lot",
        "a_little",
        "not_at_all",
        None,
        "prefer_not_to_say",
        None,
        None,
        None,
        "prefer_not_to_say",
    ]
    assert derive_disability(condition, reduces).tolist() == [
        "Disabled",
        "Disabled",
        "Not disabled",  # a condition that does not reduce activities
        "Not disabled",
        "Prefer not to say",
        "Prefer not to say",
        None,  # yes, but the second question unanswered: cannot tell
        None,
        "Not disabled",  # "no" settles it; the second answer is stale
    ]


def test_disability_keeps_the_index_of_its_input():
    frame = pd.DataFrame({"condition": ["no", "yes"], "reduces": [None, "a_lot"]}, index=[10, 11])
    derived = derive_disability(frame["condition"], frame["reduces"])
    assert derived.to_dict() == {10: "Not disabled", 11: "Disabled"}
