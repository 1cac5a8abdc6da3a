"""Two equality characteristics crossed (disability by age band, disability by sex).

The tallies count one characteristic at a time, so this view is read from the raw rows
(``results_data.equality_pair_answer_counts``). Worked out by hand below; every response is
on the phone, in November 2026, unless it says otherwise.

Small groups with literal record keys (overall satisfaction; key sums in brackets):

- A: 5 very satisfied, disabled (a lot), 16 to 24, key 7 (35)
- B: 4 very dissatisfied, disabled (a little), 65 to 74, key 11 (44)
- C: 3 very satisfied, disabled, age "prefer not to say", key 1 (3)
- D: 6 fairly satisfied, not disabled, 16 to 24, key 3 (18)
- E: 3 neither, not disabled, skipped the age question, key 5 (15)
- F: 4 fairly satisfied, no equality answers at all, key 2 (8)
- G: 2 very satisfied, 16 to 24, never asked about disability, key 9 (18)
- H: 7 very dissatisfied by email, disabled, 16 to 24, key 13 (91)
- I: 8 very satisfied in August 2026, disabled, 16 to 24, key 17 (136)

H is outside the phone filter and I outside the quarter.
"""

import re
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from analysis.cell_key import perturb
from analysis.crosstab import MARGIN
from survey_app.extensions import db
from survey_app.models import Response
from survey_app.results import presenters
from survey_app.services.results_data import (
    ResultsFilter,
    equality_answer_counts,
    equality_pair_answer_counts,
)
from tests.results.helpers import add_responses
from tests.results.test_other_evidence_data import answer_equality
from tests.results.test_pages import table_rows

NOVEMBER = date(2026, 11, 3)
QUARTER = ResultsFilter(start=date(2026, 10, 1), end=date(2026, 12, 31), channel="phone")
DISABLED = {"disability_condition": "yes", "disability_reduces_activities": "a_lot"}
NOT_DISABLED = {"disability_condition": "no"}


def _add(count, overall, key, channel="phone", day=NOVEMBER, **equality):
    add_responses(
        count,
        channel=channel,
        overall=overall,
        council=None,
        submitted_on=day,
        record_key=key,
    )
    newest = db.session.scalars(select(Response).order_by(Response.id.desc()).limit(count)).all()
    if equality:
        answer_equality(newest, **equality)


@pytest.fixture
def small_groups(app):
    _add(5, "very_satisfied", 7, age_band="16_to_24", **DISABLED)
    _add(
        4,
        "very_dissatisfied",
        11,
        age_band="65_to_74",
        disability_condition="yes",
        disability_reduces_activities="a_little",
    )
    _add(3, "very_satisfied", 1, age_band="prefer_not_to_say", **DISABLED)
    _add(6, "fairly_satisfied", 3, age_band="16_to_24", **NOT_DISABLED)
    _add(3, "neither", 5, age_band=None, **NOT_DISABLED)
    _add(4, "fairly_satisfied", 2)
    _add(2, "very_satisfied", 9, age_band="16_to_24")
    _add(7, "very_dissatisfied", 13, channel="email", age_band="16_to_24", **DISABLED)
    _add(8, "very_satisfied", 17, day=date(2026, 8, 12), age_band="16_to_24", **DISABLED)


def _cells(frame) -> dict:
    return {
        (row["disability"], row["age_band"], row["value"]): (row["count"], row["key_sum"])
        for row in frame.to_dict("records")
    }


def test_two_characteristics_are_counted_from_the_raw_rows(small_groups):
    frame = equality_pair_answer_counts(
        QUARTER, ("disability", "age_band"), questions=("overall_satisfaction",)
    )
    assert list(frame.columns) == [
        "disability",
        "age_band",
        "question",
        "value",
        "count",
        "key_sum",
    ]
    assert _cells(frame) == {
        ("Disabled", "16 to 24", "very_satisfied"): (5, 35),
        ("Disabled", "65 to 74", "very_dissatisfied"): (4, 44),
        ("Disabled", "Prefer not to say", "very_satisfied"): (3, 3),
        ("Not disabled", "16 to 24", "fairly_satisfied"): (6, 18),
        # Skipped the age question, and no equality answers at all: "Not answered".
        ("Not disabled", "Not answered", "neither"): (3, 15),
        ("Not answered", "Not answered", "fairly_satisfied"): (4, 8),
        ("Not answered", "16 to 24", "very_satisfied"): (2, 18),
    }


def test_without_filters_every_response_counts(small_groups):
    cells = _cells(
        equality_pair_answer_counts(
            ResultsFilter(), ("disability", "age_band"), questions=("overall_satisfaction",)
        )
    )
    # A + I (5 + 8, keys 35 + 136) and H (7, key 91).
    assert cells[("Disabled", "16 to 24", "very_satisfied")] == (13, 171)
    assert cells[("Disabled", "16 to 24", "very_dissatisfied")] == (7, 91)
    assert sum(count for count, _ in cells.values()) == 42


@pytest.mark.parametrize("characteristic", ["disability", "age_band"])
def test_each_group_adds_up_to_the_one_characteristic_view_exactly(small_groups, characteristic):
    """The same responses, the same key sums: a margin is the same cell as on any page."""
    pair = equality_pair_answer_counts(QUARTER, ("disability", "age_band"))
    single = equality_answer_counts(QUARTER, characteristic)
    keys = [characteristic, "question", "value"]
    pair = pair.astype({"disability": object, "age_band": object})
    summed = pair.groupby(keys)[["count", "key_sum"]].sum()
    pd.testing.assert_frame_equal(summed, single.groupby(keys)[["count", "key_sum"]].sum())


def _published(table, rows, columns, row, column):
    cell = table[(table[rows] == row) & (table[columns] == column)].iloc[0]
    return cell[["satisfied", "base", "suppressed"]].tolist()


@pytest.mark.parametrize("group", ["Disabled", "Not disabled", "Not answered"])
def test_a_disability_margin_reads_as_on_channel_by_disability(app, small_groups, group):
    with app.test_request_context():
        crossed = presenters._crosstab_table(QUARTER, "disability", "age_band")
        by_channel = presenters._crosstab_table(QUARTER, "channel", "disability")
    margin = _published(crossed, "disability", "age_band", group, MARGIN)
    assert margin == _published(by_channel, "channel", "disability", MARGIN, group)


@pytest.mark.parametrize("group", ["16 to 24", "Prefer not to say", "Not answered"])
def test_an_age_margin_reads_as_on_channel_by_age_band(app, small_groups, group):
    with app.test_request_context():
        crossed = presenters._crosstab_table(QUARTER, "disability", "age_band")
        by_channel = presenters._crosstab_table(QUARTER, "channel", "age_band")
    margin = _published(crossed, "disability", "age_band", MARGIN, group)
    assert margin == _published(by_channel, "channel", "age_band", MARGIN, group)


def test_the_disabled_margin_is_perturbed_from_its_key_sums(app, small_groups):
    """Disabled in the quarter on the phone is A, B and C: very satisfied 5 + 3 = 8 (key
    sum 35 + 3 = 38), very dissatisfied 4 (key sum 44). Each answer's count is perturbed on
    its own; satisfied is the perturbed very satisfied, the base adds the perturbed very
    dissatisfied. By the ptable, 8 with cell key 38 and 4 with cell key 44."""
    with app.test_request_context():
        crossed = presenters._crosstab_table(QUARTER, "disability", "age_band")
    satisfied, base, _ = _published(crossed, "disability", "age_band", "Disabled", MARGIN)
    very_satisfied, very_dissatisfied = perturb([8, 4], [38, 44])
    assert satisfied == very_satisfied
    assert base == very_satisfied + very_dissatisfied


@pytest.fixture
def disability_by_sex(app):
    """Record keys 0 (counts of 3 and more published unchanged), November 2026, phone."""
    for count, overall, disabled, sex in [
        (15, "very_satisfied", True, "female"),
        (5, "very_dissatisfied", True, "female"),
        (6, "very_satisfied", True, "male"),
        (6, "neither", True, "male"),
        (20, "fairly_satisfied", False, "female"),
        (5, "neither", False, "female"),
        (10, "fairly_satisfied", False, "male"),
    ]:
        _add(count, overall, 0, sex=sex, **(DISABLED if disabled else NOT_DISABLED))
    _add(5, "very_satisfied", 0)
    _add(5, "neither", 0)


CAPTION = (
    "Cross-tab of % satisfied with this contact: October to December 2026 (quarter 4): "
    "disability by sex"
)


def without_intervals(rows: dict) -> dict:
    """Each cell as its percentage and base, "75% (n=20)": the 95% intervals between them
    are the cross-tab's own business (tests/results/test_crosstab.py)."""
    return {
        name: [re.sub(r"\(.+ to .+, n=", "(n=", cell) for cell in cells]
        for name, cells in rows.items()
    }


def test_disability_by_sex_page(reviewer, client_request, disability_by_sex):
    page = client_request.get("/results/crosstab?rows=disability&columns=sex&period=q-2026-4")
    rows = without_intervals(table_rows(page.html, CAPTION))
    # Disabled: women 15 of 20, men 6 of 12, 21 of 32 in all (66%).
    assert rows["Disabled"][:2] == ["75% (n=20)", "50% (n=12)"]
    assert rows["Disabled"][-1] == "66% (n=32)"
    # Not disabled: women 20 of 25, men 10 of 10.
    assert rows["Not disabled"][:2] == ["80% (n=25)", "100% (n=10)"]
    # Everyone: 15 + 6 + 20 + 10 + 5 = 56 of 77 (73%); women 35 of 45 (78%).
    assert rows["All"][0] == "78% (n=45)"
    assert rows["All"][-1] == "73% (n=77)"
    assert "73% of 77 people were satisfied" in page.html
    assert "download=satisfied-overall-satisfaction-disability-by-sex.csv" in page.html
    assert "cannot be shown" not in page.html


def test_the_margin_matches_the_channel_by_disability_page(
    reviewer, client_request, disability_by_sex
):
    crossed = table_rows(
        client_request.get("/results/crosstab?rows=disability&columns=sex&period=q-2026-4").html,
        CAPTION,
    )
    by_channel = table_rows(
        client_request.get(
            "/results/crosstab?rows=channel&columns=disability&period=q-2026-4"
        ).html,
        CAPTION.replace("disability by sex", "channel by disability"),
    )
    assert by_channel["All"][0] == crossed["Disabled"][-1]
    assert without_intervals(crossed)["Disabled"][-1] == "66% (n=32)"


def test_filters_apply_to_two_characteristics(reviewer, client_request, disability_by_sex):
    page = client_request.get(
        "/results/crosstab?rows=disability&columns=sex&period=q-2026-4&channel=email"
    )
    assert "This table cannot be shown" in page.html


def test_a_sparse_pair_of_characteristics_is_refused(reviewer, client_request, small_groups):
    page = client_request.get("/results/crosstab?rows=disability&columns=age_band")
    assert "This table cannot be shown" in page.html
    assert "<table" not in page.html.split('id="method"')[0]
