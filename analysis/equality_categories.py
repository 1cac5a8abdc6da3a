"""Equality monitoring labels in report order, and the derived disability status.

Labels follow the GSS harmonised standards and Census 2021 England wording (see
``reference/equality.md``). The app decodes stored codes to exactly these labels; a label
this module does not know is still shown (after the known ones), never dropped.
"""

import numpy as np
import pandas as pd

PREFER_NOT_TO_SAY = "Prefer not to say"
NOT_ANSWERED = "Not answered"
#: Every characteristic's list ends with these two rows, in this order.
NON_RESPONSE = (PREFER_NOT_TO_SAY, NOT_ANSWERED)

AGE_BANDS = (
    "Under 16",
    "16 to 24",
    "25 to 34",
    "35 to 49",
    "50 to 64",
    "65 to 74",
    "75 or over",
    *NON_RESPONSE,
)

SEX = ("Female", "Male", *NON_RESPONSE)

ETHNIC_GROUP_WHITE = "White"
ETHNIC_GROUP_MIXED = "Mixed or Multiple ethnic groups"
ETHNIC_GROUP_ASIAN = "Asian or Asian British"
ETHNIC_GROUP_BLACK = "Black, Black British, Caribbean or African"
ETHNIC_GROUP_OTHER = "Other ethnic group"

ETHNIC_GROUPS = (
    ETHNIC_GROUP_WHITE,
    ETHNIC_GROUP_MIXED,
    ETHNIC_GROUP_ASIAN,
    ETHNIC_GROUP_BLACK,
    ETHNIC_GROUP_OTHER,
    *NON_RESPONSE,
)

#: The 19 Census 2021 categories, in questionnaire order, each with its group.
ETHNIC_GROUP_OF_CATEGORY = {
    "English, Welsh, Scottish, Northern Irish or British": ETHNIC_GROUP_WHITE,
    "Irish": ETHNIC_GROUP_WHITE,
    "Gypsy or Irish Traveller": ETHNIC_GROUP_WHITE,
    "Roma": ETHNIC_GROUP_WHITE,
    "Any other White background": ETHNIC_GROUP_WHITE,
    "White and Black Caribbean": ETHNIC_GROUP_MIXED,
    "White and Black African": ETHNIC_GROUP_MIXED,
    "White and Asian": ETHNIC_GROUP_MIXED,
    "Any other Mixed or Multiple background": ETHNIC_GROUP_MIXED,
    "Indian": ETHNIC_GROUP_ASIAN,
    "Pakistani": ETHNIC_GROUP_ASIAN,
    "Bangladeshi": ETHNIC_GROUP_ASIAN,
    "Chinese": ETHNIC_GROUP_ASIAN,
    "Any other Asian background": ETHNIC_GROUP_ASIAN,
    "Caribbean": ETHNIC_GROUP_BLACK,
    "African": ETHNIC_GROUP_BLACK,
    "Any other Black, Black British or Caribbean background": ETHNIC_GROUP_BLACK,
    "Arab": ETHNIC_GROUP_OTHER,
    "Any other ethnic group": ETHNIC_GROUP_OTHER,
}

ETHNIC_CATEGORIES = (*ETHNIC_GROUP_OF_CATEGORY, *NON_RESPONSE)

RELIGIONS = (
    "No religion",
    "Christian",
    "Buddhist",
    "Hindu",
    "Jewish",
    "Muslim",
    "Sikh",
    "Any other religion",
    *NON_RESPONSE,
)

DISABLED = "Disabled"
NOT_DISABLED = "Not disabled"
DISABILITY = (DISABLED, NOT_DISABLED, *NON_RESPONSE)

CARER = (
    "No",
    "Yes, 9 hours a week or less",
    "Yes, 10 to 19 hours a week",
    "Yes, 20 to 34 hours a week",
    "Yes, 35 to 49 hours a week",
    "Yes, 50 or more hours a week",
    *NON_RESPONSE,
)

SEXUAL_ORIENTATION = (
    "Straight or Heterosexual",
    "Gay or Lesbian",
    "Bisexual",
    "Other sexual orientation",
    *NON_RESPONSE,
)

#: Answers to "Is the gender you identify with the same as your sex registered at birth?"
GENDER_IDENTITY = ("Yes", "No", *NON_RESPONSE)

#: Column name in the responses frame -> its labels in report order.
EQUALITY_CATEGORIES = {
    "age_band": AGE_BANDS,
    "sex": SEX,
    "ethnic_group": ETHNIC_GROUPS,
    "ethnic_category": ETHNIC_CATEGORIES,
    "religion": RELIGIONS,
    "disability": DISABILITY,
    "carer": CARER,
    "sexual_orientation": SEXUAL_ORIENTATION,
    "gender_identity": GENDER_IDENTITY,
}


def in_report_order(labels: pd.Series, characteristic: str) -> pd.Series:
    """Return ``labels`` as an ordered categorical with every row the report shows.

    Missing becomes "Not answered". Known labels come in the standard order, unknown ones
    (sorted) after them, and "Prefer not to say" and "Not answered" last. Every category is
    kept, so a group table lists groups with no answers too.
    """
    # Categorical first: the distinct labels are then a handful of categories, not a scan of
    # every response.
    as_category = labels.astype("category")
    known = [
        label for label in EQUALITY_CATEGORIES.get(characteristic, ()) if label not in NON_RESPONSE
    ]
    unexpected = sorted(set(as_category.cat.categories) - set(known) - set(NON_RESPONSE))
    in_order = as_category.cat.set_categories([*known, *unexpected, *NON_RESPONSE], ordered=True)
    return in_order.fillna(NOT_ANSWERED)


def derive_disability(condition, reduces_activities) -> pd.Series:
    """Derive the Equality Act disability status from the two GSS harmonised answers.

    ``condition`` holds "yes", "no" or "prefer_not_to_say" (a condition lasting 12 months
    or more); ``reduces_activities`` holds "a_lot", "a_little", "not_at_all" or
    "prefer_not_to_say". Returns "Disabled", "Not disabled", "Prefer not to say" or missing.
    An answer that settles the status wins over "prefer not to say" on the other question:
    the second question is only asked after a "yes", so a clash means a stale answer.
    """
    condition = pd.Series(condition, dtype=object)
    reduces = pd.Series(reduces_activities, dtype=object, index=condition.index)
    disabled = condition.eq("yes") & reduces.isin(["a_lot", "a_little"])
    not_disabled = condition.eq("no") | reduces.eq("not_at_all")
    declined = condition.eq("prefer_not_to_say") | reduces.eq("prefer_not_to_say")
    status = np.select(
        [disabled, not_disabled, declined],
        [DISABLED, NOT_DISABLED, PREFER_NOT_TO_SAY],
        default=None,
    )
    return pd.Series(status, index=condition.index, dtype=object)
