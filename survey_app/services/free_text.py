"""Redaction of residents' free text before anyone on the review group reads it.

Residents are asked not to include personal details, but some do. Every place that shows or
exports a comment calls ``redact_comment`` and nothing else, so one function decides what
is hidden. It removes what can identify someone directly: email addresses, phone numbers,
postcodes, and reference numbers (which the council can look up).
"""

import re

REDACTED = "[removed]"

_PATTERNS = [
    # Email addresses.
    re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # UK postcodes, e.g. HA1 2XY.
    re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b", re.IGNORECASE),
    # Phone numbers: 10 or 11 digits, with optional +44, spaces, dots or dashes.
    re.compile(r"(?:\+44\s?|\b0)(?:[\s.-]?\d){9,10}\b"),
    # Reference numbers: letters then digits (HB123456), or any run of 6 or more digits.
    re.compile(r"\b[A-Z]{1,4}[-/]?\d{4,}\b", re.IGNORECASE),
    re.compile(r"\b\d{6,}\b"),
]


def redact_comment(text: str) -> str:
    """The comment with direct identifiers replaced by "[removed]"."""
    for pattern in _PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text
