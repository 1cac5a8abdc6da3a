"""Mask personal details in free text before anyone other than an admin reads it.

Call ``redact(text)`` on every comment a results page or export shows, or
``redact_series(comments)`` on a column of them. Pure Python ``re``; no other imports.

What is masked, and the marker that replaces it:

- email addresses: ``[email removed]``
- UK phone numbers, mobile and landline, written with spaces, hyphens, dots or brackets,
  with ``0``, ``+44``, ``0044`` or ``+44 (0)``: ``[phone number removed]``
- full UK postcodes, in any case and with or without the space: ``[postcode removed]``
- anything that looks like a reference or account number: National Insurance numbers,
  letters followed by 4 or more digits (``CRM-123456``, ``HB/12345``), a number of 5 or more
  characters after a word such as "reference", "account" or "case", and any run of 8 or more
  digits: ``[reference removed]``

What is deliberately left alone: amounts (``£1,250.00``), times (``10:30``), dates
(``12/03/2026``), years, durations, house numbers and street names, council tax bands,
and a postcode district on its own (``HA1``). A district covers thousands of homes, so it
does not single anyone out, and masking it would also hit ordinary words and names such as
"A4 paper" or "the M25". Street addresses are not detected: the comment question asks
residents not to include them.
"""

import re

EMAIL_MARKER = "[email removed]"
PHONE_MARKER = "[phone number removed]"
POSTCODE_MARKER = "[postcode removed]"
REFERENCE_MARKER = "[reference removed]"

EMAIL = re.compile(r"[\w.%+'-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}")

# National Insurance number: 2 letters, 6 digits (often in pairs), a final letter A to D.
NI_NUMBER = re.compile(r"\b[A-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b", re.IGNORECASE)

# A UK number has 9 or 10 digits after the trunk 0 (or after +44). Between digits we allow
# a space, hyphen, dot or closing bracket, so "(020) 8863 5611" and "07700-900-123" match,
# but never a slash or colon, so dates and times do not.
PHONE = re.compile(
    r"(?<![\w+])"
    r"(?:(?:\+|00)44[\s-]?(?:\(0\)[\s-]?)?|\(0|0)"
    r"\d(?:(?:\)\s?|[\s.-])?\d){8,9}"
    r"(?![\d])"
)

# Full postcodes: outward code (A9, A99, A9A, AA9, AA99, AA9A) then inward code (9AA).
POSTCODE = re.compile(r"\b[A-Z]{1,2}\d[A-Z\d]?\s*(?P<inward>\d[A-Z]{2})\b", re.IGNORECASE)
# "Flat B2 4th floor" is not a postcode: a lower-case ordinal is read as a word.
ORDINAL = re.compile(r"\d(?:st|nd|rd|th)")

# A number (with at least one digit) after a word that says it is a reference.
LABELLED_REFERENCE = re.compile(
    r"\b(?P<label>(?:ref(?:erence)?|account|acc|case|claim|application|customer|ticket|"
    r"booking|crm|council tax)(?:\s+(?:number|no\.?|num|ref(?:erence)?))?(?:\s+is)?"
    r"\s*[:#]?\s*)(?P<number>(?=[A-Z/-]*\d)[A-Z0-9][A-Z0-9/-]{4,})\b",
    re.IGNORECASE,
)
# Letters then 4 or more digits, as case and system references are written: CRM-123456.
CODED_REFERENCE = re.compile(r"\b[A-Z]{1,5}[-/]?\d{4,}(?:[-/]\d+)*\b")
# 8 or more digits in a row (hyphens allowed between groups): account and card numbers.
LONG_NUMBER = re.compile(r"(?<![\d£$€.,])\d(?:-?\d){7,}(?![\d])")


def _postcode_marker(match: re.Match) -> str:
    return match[0] if ORDINAL.fullmatch(match["inward"]) else POSTCODE_MARKER


def redact(text: str | None) -> str:
    """``text`` with personal details replaced by clear markers; missing text becomes ``""``."""
    if not isinstance(text, str) or not text:
        return ""
    text = EMAIL.sub(EMAIL_MARKER, text)
    text = NI_NUMBER.sub(REFERENCE_MARKER, text)
    text = PHONE.sub(PHONE_MARKER, text)
    text = POSTCODE.sub(_postcode_marker, text)
    text = LABELLED_REFERENCE.sub(lambda m: m["label"] + REFERENCE_MARKER, text)
    text = CODED_REFERENCE.sub(REFERENCE_MARKER, text)
    return LONG_NUMBER.sub(REFERENCE_MARKER, text)


def redact_series(comments):
    """A pandas Series of comments, each redacted (missing values become empty text)."""
    return comments.map(redact)
