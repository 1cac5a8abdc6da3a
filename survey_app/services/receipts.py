"""Receipt references: what a resident is shown after sending, and removal on request.

A response's reference (``Response.reference``, drawn by ``models.response.new_reference``)
is shown on the confirmation page as K7QD-9M2X and kept in the resident's session cookie so
that Reload and Back show it again. It grants no access to anything: no page shows a
response's answers from it, it is neither the submission key nor the equality key, and no
download or export holds it. Its one use is here: staff enter it, at the resident's request,
to remove that resident's answers.
"""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import delete, select

from survey_app.extensions import db
from survey_app.models import EqualityResponse, Response
from survey_app.models.response import REFERENCE_ALPHABET, REFERENCE_LENGTH
from survey_app.services.audit import add_event
from survey_app.services.transactions import transaction

# What a person may type for a character that Crockford's base 32 leaves out.
_READ_AS = str.maketrans({"I": "1", "L": "1", "O": "0"})


def shown_reference(reference: str | None) -> str:
    """A reference as residents and staff read it: two groups of four (K7QD-9M2X)."""
    if not reference:
        return ""
    half = len(reference) // 2
    return f"{reference[:half]}-{reference[half:]}"


def normalise_reference(text: str | None) -> str | None:
    """The stored form of a reference as typed (any case, spaces or hyphens, and I, L or O
    for 1 or 0), or None if it cannot be a reference."""
    if not text:
        return None
    compact = "".join(text.split()).replace("-", "").upper().translate(_READ_AS)
    if len(compact) != REFERENCE_LENGTH or any(c not in REFERENCE_ALPHABET for c in compact):
        return None
    return compact


def reference_of(response_id: int | None) -> str:
    """A response's reference as shown (for the staff who just entered a paper return)."""
    if response_id is None or not 0 < response_id < 2**31:  # an id column holds no more
        return ""
    return shown_reference(
        db.session.scalar(select(Response.reference).where(Response.id == response_id))
    )


@dataclass(frozen=True)
class RemovalCandidate:
    """What staff see before removing a response: enough to confirm it with the resident,
    none of its answers."""

    response_id: int
    channel: str
    submitted_on: date
    completion_mode: str
    has_equality_answers: bool


def find_for_removal(reference: str | None) -> RemovalCandidate | None:
    """The response with this (normalised) reference, or None."""
    if not reference:
        return None
    response = db.session.scalar(select(Response).where(Response.reference == reference))
    if response is None:
        return None
    return RemovalCandidate(
        response_id=response.id,
        channel=response.channel.name,
        submitted_on=response.submitted_on,
        completion_mode=response.completion_mode,
        has_equality_answers=response.equality_key is not None,
    )


def remove_response(reference: str) -> bool:
    """Delete the response with this reference, its answers and its equality answers, in one
    transaction; returns False if there is no such response (already removed).

    The equality row is found server side through the response's equality key and is never
    shown. The results tallies stay exact through their triggers (migrations 0007 and 0011).
    The audit event names the response number, never the reference.
    """
    response = db.session.scalar(select(Response).where(Response.reference == reference))
    if response is None:
        return False
    response_id, equality_key = response.id, response.equality_key
    with transaction():
        if equality_key is not None:
            db.session.execute(delete(EqualityResponse).where(EqualityResponse.key == equality_key))
        db.session.execute(delete(Response).where(Response.id == response_id))
        add_event(
            "response.removed",
            f"response {response_id}"
            + (" and its equality answers" if equality_key is not None else ""),
        )
    return True
