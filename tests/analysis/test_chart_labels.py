from analysis.chart_labels import line_count, wrap_label


def test_long_labels_wrap_at_spaces():
    label = "Full reply within 5 working days, or told how long a complex case will take"
    wrapped = wrap_label(label, 40)
    assert wrapped == (
        "Full reply within 5 working days, or<br>told how long a complex case will take"
    )
    assert line_count(wrapped) == 2
    assert wrap_label("Phone", 40) == "Phone"
    assert line_count("Phone") == 1
    assert wrap_label("", 40) == ""
