"""Which response, if any, this browser session may give equality answers for.

The survey answers are saved before the section starts. The section is open only to the
browser session that just sent them, only for that response, and only while the session is
active: reaching the confirmation page, or starting a new survey, closes it, so a resident
on a shared device cannot add equality answers to someone else's response.
"""

from datetime import datetime

from flask import current_app, session

from survey_app.models import utcnow
from survey_app.services.equality import equality_question_keys

OPEN_UNTIL = "equality_open_until"
CLOSED_FOR = "equality_closed_for"


def open_section(response) -> bool:
    """Open the section for the response this session just sent, if its survey asks any.

    Called by Check your answers; returns whether the resident should see the explainer.
    """
    token = response.submission_key
    if not equality_question_keys(response) or session.get(CLOSED_FOR) == token:
        return False
    keep_section_open()
    return True


def section_is_open() -> bool:
    """Whether this session is part way through the equality section (for Back from it)."""
    until = session.get(OPEN_UNTIL)
    return bool(until) and datetime.fromisoformat(until) >= utcnow()


def close_section() -> None:
    """Reaching the confirmation page ends the section for good.

    The confirmation page then forgets the response's key, so the section cannot be
    reopened for it (``CLOSED_FOR`` is only cleared from cookies made before that).
    """
    session.pop(OPEN_UNTIL, None)
    session.pop(CLOSED_FOR, None)


def forget_section() -> None:
    """A new survey is starting: nothing of the previous section carries over."""
    session.pop(OPEN_UNTIL, None)
    session.pop(CLOSED_FOR, None)


def keep_section_open() -> None:
    """The section stays open as long as an unsent draft would: 2 hours after last use."""
    until = utcnow() + current_app.config["DRAFT_LIFETIME"]
    session[OPEN_UNTIL] = until.isoformat()
