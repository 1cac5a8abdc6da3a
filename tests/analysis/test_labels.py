import numpy as np
import pandas as pd

from analysis.labels import display_label, period_label


def test_periods_read_as_month_names():
    assert period_label(pd.Period("2026-03", freq="M")) == "Mar 2026"
    assert period_label(pd.Period("2026Q4", freq="Q")) == "Oct to Dec 2026"
    assert display_label(pd.Period("2026-01", freq="M")) == "Jan 2026"


def test_missing_groups_and_slugs():
    assert display_label(None) == "Not answered"
    assert display_label(np.nan) == "Not answered"
    assert display_label("phone", {"phone": "Phone"}) == "Phone"
    assert display_label("email", {"phone": "Phone"}) == "email"
