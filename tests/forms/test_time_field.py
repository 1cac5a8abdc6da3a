"""The one-box time field: the ways people write times, and the ones it refuses."""

from datetime import time

import pytest
from werkzeug.datastructures import MultiDict
from wtforms import Form

from forms.fields import GovTimeField


class TimeForm(Form):
    at = GovTimeField("Time", thing="Time of your contact")


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("14:30", time(14, 30)),
        ("9:05", time(9, 5)),
        ("09.15", time(9, 15)),
        ("2:30pm", time(14, 30)),
        ("2 PM", time(14, 0)),
        ("12am", time(0, 0)),
        ("12:30pm", time(12, 30)),
        ("0:00", time(0, 0)),
    ],
)
def test_times_people_write_are_understood(typed, expected):
    form = TimeForm(MultiDict({"at": typed}))
    assert form.validate()
    assert form.at.time_data == expected


@pytest.mark.parametrize("typed", ["24:00", "13pm", "0am", "9:60", "half ten", "9:5"])
def test_impossible_times_are_refused_with_the_fields_name(typed):
    form = TimeForm(MultiDict({"at": typed}))
    assert not form.validate()
    assert form.at.errors == ["Time of your contact must be a real time, like 9:30am or 14:30"]
    assert form.at.time_data is None


def test_an_empty_box_is_no_time():
    form = TimeForm(MultiDict({"at": "  "}))
    assert form.validate()
    assert form.at.time_data is None
