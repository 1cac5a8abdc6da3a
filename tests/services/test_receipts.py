"""Receipt references: drawn from Crockford's base 32, shown in two groups, read leniently."""

import pytest

from survey_app.models.response import REFERENCE_ALPHABET, new_reference
from survey_app.services.receipts import normalise_reference, shown_reference


def test_the_alphabet_leaves_out_the_letters_people_misread():
    assert len(REFERENCE_ALPHABET) == len(set(REFERENCE_ALPHABET)) == 32
    assert not set("ILOU") & set(REFERENCE_ALPHABET)


def test_a_new_reference_is_eight_characters_of_the_alphabet_and_random():
    references = {new_reference() for _ in range(50)}
    assert all(len(r) == 8 and set(r) <= set(REFERENCE_ALPHABET) for r in references)
    # 50 draws from 32**8: a repeat only by a chance of about 10**-9.
    assert len(references) == 50


def test_shown_in_two_groups_of_four():
    assert shown_reference("K7QD9M2X") == "K7QD-9M2X"
    assert shown_reference(None) == ""


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("K7QD-9M2X", "K7QD9M2X"),
        (" k7qd 9m2x ", "K7QD9M2X"),
        ("K7QD9M2X", "K7QD9M2X"),
        ("1O1L-I0AB", "101110AB"),
    ],
)
def test_typed_references_are_read_as_stored(typed, stored):
    assert normalise_reference(typed) == stored


@pytest.mark.parametrize(
    "typed", [None, "", "K7QD", "K7QD-9M2XY", "K7QD-9M2U", "K7QD_9M2X", "ÄÄÄÄÄÄÄÄ"]
)
def test_what_cannot_be_a_reference_is_refused(typed):
    assert normalise_reference(typed) is None
