import pytest

from survey_app.services.free_text import redact_comment


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ring 07700 900123 please", "Ring [removed] please"),
        ("Ring +44 20 7946 0958 please", "Ring [removed] please"),
        ("Email jo.bloggs+x@example.co.uk now", "Email [removed] now"),
        ("I live at HA1 2XY", "I live at [removed]"),
        ("My reference is HB123456.", "My reference is [removed]."),
        ("Account 12345678 is wrong", "Account [removed] is wrong"),
        ("I waited 45 minutes on 3 May", "I waited 45 minutes on 3 May"),
    ],
)
def test_direct_identifiers_are_removed_and_ordinary_words_kept(text, expected):
    assert redact_comment(text) == expected
