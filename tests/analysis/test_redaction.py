"""Free-text redaction on realistic comments: what must go, and what must stay."""

import pandas as pd
import pytest

from analysis.redaction import redact, redact_series

PHONE = "[phone number removed]"
POSTCODE = "[postcode removed]"
EMAIL = "[email removed]"
REFERENCE = "[reference removed]"


@pytest.mark.parametrize(
    "number",
    [
        "07700 900123",
        "07700900123",
        "07700-900-123",
        "+44 7700 900123",
        "+447700900123",
        "0044 7700 900123",
        "(020) 8863 5611",
        "020 8863 5611",
        "0208 863 5611",
        "020-8863-5611",
        "+44 (0)20 8863 5611",
        "+44 20 8863 5611",
        "01632 960123",
        "(01632) 960 123",
        "0113 496 0000",
        "0300 123 4567",
        "0800 123 456",
    ],
)
def test_phone_numbers_are_masked_in_many_formats(number):
    assert (
        redact(f"Please call me on {number} after 5pm.") == f"Please call me on {PHONE} after 5pm."
    )


@pytest.mark.parametrize(
    "postcode",
    [
        "HA1 2XY",
        "ha12xy",
        "HA12XY",
        "SW1A 1AA",
        "EC1A 1BB",
        "W1A 0AX",
        "M1 1AE",
        "B33 8TH",
        "CR2 6XH",
        "DN55 1PT",
        "sw1a 1aa",
    ],
)
def test_full_postcodes_are_masked(postcode):
    assert (
        redact(f"I live at {postcode}, near the station")
        == f"I live at {POSTCODE}, near the station"
    )


@pytest.mark.parametrize(
    "email",
    ["jo.bloggs@example.com", "Jo.Bloggs+council@example.co.uk", "o'neill_2@mail.example.org"],
)
def test_email_addresses_are_masked(email):
    assert redact(f"Email {email} with the answer.") == f"Email {EMAIL} with the answer."


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("My case is CRM-123456.", f"My case is {REFERENCE}."),
        ("Benefit claim HB/12345 was lost", f"Benefit claim {REFERENCE} was lost"),
        ("NI number QQ 12 34 56 C", f"NI number {REFERENCE}"),
        ("ni qq123456c", f"ni {REFERENCE}"),
        (
            "My council tax account number is 9876543",
            f"My council tax account number is {REFERENCE}",
        ),
        ("account no. 554433", f"account no. {REFERENCE}"),
        ("reference: AB12345", f"reference: {REFERENCE}"),
        ("Ref 20241107", f"Ref {REFERENCE}"),
        ("Account 12345678 was charged twice", f"Account {REFERENCE} was charged twice"),
        ("they quoted 123456789012", f"they quoted {REFERENCE}"),
        ("card 1234-5678-9012-3456", f"card {REFERENCE}"),
    ],
)
def test_references_and_account_numbers_are_masked(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I waited 45 minutes",
        "Flat 3, 12 Station Road",
        "Flat B2 4th floor",
        "on 12/03/2026",
        "at 10:30",
        "on 12.03.2026 at 10:30",
        "2 weeks",
        "Council Tax band D",
        "I paid £1,250.00 in 2024",
        "£12,345,678 budget",
        "in 2023 and 2024",
        "the HA1 area",
        "I called 3 times about case 4521",
        "A4 paper and the M25",
        "Covid19 rules",
        "It took 0 days",
        "Rating 10/10",
    ],
)
def test_ordinary_details_are_left_alone(text):
    assert redact(text) == text


def test_a_realistic_comment_keeps_its_meaning():
    comment = (
        "I rang on 03/11/2026 at 10:30 and waited 45 minutes. My council tax account number "
        "is 40012345 and my case ref CRM-778899. Call me on 07700 900123 or email "
        "sam@example.com, I'm at 12 Station Road HA1 2XY. Bill was £1,250.00 for band D."
    )
    assert redact(comment) == (
        "I rang on 03/11/2026 at 10:30 and waited 45 minutes. My council tax account number "
        f"is {REFERENCE} and my case ref {REFERENCE}. Call me on {PHONE} or email "
        f"{EMAIL}, I'm at 12 Station Road {POSTCODE}. Bill was £1,250.00 for band D."
    )


def test_missing_text_is_empty():
    assert redact(None) == ""
    assert redact("") == ""


def test_a_column_of_comments_is_redacted_row_by_row():
    comments = pd.Series(["Call 020 8863 5611", None, "All good"], index=[7, 8, 9])
    result = redact_series(comments)
    assert result.to_dict() == {7: f"Call {PHONE}", 8: "", 9: "All good"}


def test_templates_can_redact_with_a_filter(app):
    rendered = app.jinja_env.from_string("{{ comment|redact }}").render(
        comment="Ring 020 8863 5611"
    )
    assert rendered == f"Ring {PHONE}"


NAME = "[name removed]"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The issue's own examples.
        ("The officer, John Smith, was rude.", f"The officer, {NAME}, was rude."),
        ("Advisor Sarah was very helpful", f"Advisor {NAME} was very helpful"),
        # Roles followed by a name, with and without a comma or "called".
        ("the adviser Kevin said no", f"the adviser {NAME} said no"),
        ("Receptionist Mary O'Brien was kind", f"Receptionist {NAME} was kind"),
        ("a lady called Priya Patel helped me", f"a lady called {NAME} helped me"),
        ("the member of staff, Tom, was kind", f"the member of staff, {NAME}, was kind"),
        ("The agent Mohammed Ali sorted it", f"The agent {NAME} sorted it"),
        ("a man named Dave rang back", f"a man named {NAME} rang back"),
        # Titles.
        ("Mrs J. Smith answered the phone", f"{NAME} answered the phone"),
        ("Dealt with by Dr Okafor", f"Dealt with by {NAME}"),
        ("Cllr Ahmed was copied in", f"{NAME} was copied in"),
        # Verbs of dealing with someone.
        ("I spoke to Gary in Housing.", f"I spoke to {NAME} in Housing."),
        ("Thanks to Aisha on reception!", f"Thanks to {NAME} on reception!"),
        ("Her name was Chloe Smith-Jones.", f"Her name was {NAME}."),
        ("I asked for Bernadette", f"I asked for {NAME}"),
        # A full name anywhere, and a common first name on its own.
        ("I met John Smith at the Civic Centre", f"I met {NAME} at the Civic Centre"),
        ("Sarah was lovely and sorted it", f"{NAME} was lovely and sorted it"),
    ],
)
def test_names_of_staff_and_residents_are_masked(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "I live on Smith Street.",
        "Council Tax band D",
        "My Council Tax bill went up.",
        "I was transferred to Council Tax and then Customer Services on Monday.",
        "He said Harrow Council would ring back",
        "Universal Credit team",
        "I spoke to Housing about repairs",
        "The officer on Monday was helpful",
        "Blue Badge renewal at the Civic Centre",
        "Flat 3, 12 Station Road",
        "Bill was £1,250.00 for band D.",
        "Will someone call me back?",
        "I called Environmental Health in March",
        "The advisor was polite and I was seen in 10 minutes.",
        "I live near Pinner Road, Harrow",
    ],
)
def test_services_places_and_ordinary_capitals_are_not_names(text):
    assert redact(text) == text


def test_a_shop_account_keeps_its_meaning_without_the_names():
    account = (
        "Rang Council Tax on Monday. The officer, John Smith, answered after 25 seconds and "
        "put me through to Advisor Sarah, who explained the single person discount. I live "
        "on Smith Street, so I asked about band D."
    )
    assert redact(account) == (
        f"Rang Council Tax on Monday. The officer, {NAME}, answered after 25 seconds and "
        f"put me through to Advisor {NAME}, who explained the single person discount. I live "
        "on Smith Street, so I asked about band D."
    )
