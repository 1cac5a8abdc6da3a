"""Paper and assisted returns: all questions on one page, saved like an online response."""

import re
from datetime import timedelta
from html import unescape

import pytest
from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Answer, AuditEvent, Draft, Response, utcnow

ENTRY = "/admin/paper/customer-care/phone/paper"

PHONE_RETURN = {
    "service": "council-tax",
    "contact_reason": "paying",
    "contact_date": ["3", "11", "2026"],
    "resolved": "yes_fully",
    "contact_count": "2",
    "phone_wait": "under_30s",
    "ease": "fairly_easy",
    "staff_helpful": "very_helpful",
    "staff_knowledge": "very_well",
    "overall_satisfaction": "fairly_satisfied",
    "use_website_next_time": "no",
    "website_why_not": ["prefer_person", "no_internet"],
    "council_satisfaction": "neither",
}


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def token_from(html: str) -> str:
    return re.search(r'name="paper-entry-token" value="([^"]+)"', html).group(1)


def test_choose_survey_channel_and_mode(admin, client, client_request):
    page = client_request.get("/admin/paper")
    assert page.heading == "Enter paper and assisted returns"
    response = client.post(
        "/admin/paper",
        data={"survey": "customer-care", "channel": "letter", "completion_mode": "assisted"},
    )
    assert response.location == "/admin/paper/customer-care/letter/assisted"


def test_choosing_nothing_explains_each_choice(admin, client_request):
    page = client_request.post("/admin/paper", {"channel": "pigeon", "survey": "nope"})
    assert page.error_links == ["#survey", "#channel", "#completion_mode"]
    assert "Select how the resident contacted the council" in page.html


def test_every_question_for_the_channel_is_on_one_page(admin, client_request):
    page = client_request.get(ENTRY)
    assert page.heading == "Enter a return: Tell us about your contact with the council"
    assert "Paper return, phone" in page.html
    for key in ("service", "contact_reason", "phone_wait", "staff_helpful", "comments"):
        assert f'name="{key}"' in page.html
    assert 'name="reception_wait"' not in page.html  # face to face only
    assert "Only if Use the website next time is No." in page.html
    # The equality questions of the paper form's separate page, named apart from the rest.
    assert '<h2 class="govuk-heading-m">Equality questions</h2>' in page.html
    for column in ("age_band", "sex", "ethnic_group", "ethnicity", "religion", "carer"):
        assert f'name="equality_{column}"' in page.html


def test_a_return_is_saved_once_with_its_completion_mode(admin, client, client_request):
    token = token_from(client_request.get(ENTRY).html)
    response = client.post(ENTRY, data={**PHONE_RETURN, "paper-entry-token": token})
    assert response.status_code == 302
    saved = db.session.scalar(select(Response))
    assert response.location == f"{ENTRY}?saved={saved.id}"
    assert (saved.completion_mode, saved.channel.slug, saved.service.slug) == (
        "paper",
        "phone",
        "council-tax",
    )
    stored = db.session.execute(select(Answer.question_key, Answer.value)).all()
    assert ("website_why_not", "no_internet") in stored
    assert ("contact_date", "2026-11-03") in stored
    assert ("comments", "") not in stored
    # A double click, or Back then Save, sends the same token: still one response.
    again = client.post(ENTRY, data={**PHONE_RETURN, "paper-entry-token": token})
    assert again.location == f"{ENTRY}?saved={saved.id}"
    assert count(Response) == 1
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "paper_entry.saved"))
    assert event.target == f"response {saved.id} to customer-care (paper, phone)"
    assert "council-tax" not in event.target  # never the answers
    page = client_request.get(f"{ENTRY}?saved={saved.id}")
    assert f"Return saved as response {saved.id}" in page.html
    assert token_from(page.html) != token


def test_an_assisted_return_is_marked_assisted(admin, client, client_request):
    entry = "/admin/paper/customer-care/email/assisted"
    token = token_from(client_request.get(entry).html)
    data = {**PHONE_RETURN, "staff_involved": "no", "reply_received": "not_yet"}
    del data["phone_wait"]
    response = client.post(entry, data={**data, "paper-entry-token": token})
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[-3000:]
    saved = db.session.scalar(select(Response))
    assert (saved.completion_mode, saved.channel.slug) == ("assisted", "email")
    keys = set(db.session.scalars(select(Answer.question_key)))
    assert "staff_helpful" not in keys  # not on this resident's route


def test_a_wrong_answer_is_named_and_nothing_is_saved(admin, client_request):
    token = token_from(client_request.get(ENTRY).html)
    page = client_request.post(ENTRY, {"paper-entry-token": token, "contact_count": "lots"})
    assert page.title.startswith("Error: ")
    assert page.error_links == ["#contact_count"]  # blanks are not errors on paper
    assert "Times contacted about this must be a whole number, like 3" in page.html
    assert count(Response) == 0
    assert token_from(page.html) == token  # the same return, still one draft


def test_a_return_with_blank_questions_is_saved_with_only_its_answers(admin, client):
    """ "Leave a question empty if it was not answered": the return is saved as it came."""
    token = token_from(client.get(ENTRY).get_data(as_text=True))
    answered = {"contact_reason": "paying", "overall_satisfaction": "fairly_satisfied"}
    response = client.post(ENTRY, data={"paper-entry-token": token, **answered})
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[-3000:]
    saved = db.session.scalar(select(Response))
    assert saved.completion_mode == "paper"
    stored = dict(db.session.execute(select(Answer.question_key, Answer.value)).all())
    assert stored == answered
    assert saved.equality_key is None  # the equality page was left blank too


def test_equality_answers_on_paper_are_stored_apart_and_counted(admin, client):
    from survey_app.models import EqualityResponse
    from survey_app.services.equality import equality_frame

    token = token_from(client.get(ENTRY).get_data(as_text=True))
    data = {
        "paper-entry-token": token,
        "overall_satisfaction": "very_satisfied",
        "equality_age_band": "65_to_74",
        "equality_sex": "female",
        "equality_ethnic_group": "asian",
        "equality_ethnicity": "indian",
        "equality_religion": "prefer_not_to_say",
    }
    response = client.post(ENTRY, data=data)
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[-3000:]
    saved = db.session.scalar(select(Response))
    row = db.session.scalar(select(EqualityResponse))
    assert saved.equality_key == row.key
    assert (row.age_band, row.sex, row.ethnic_group, row.ethnicity) == (
        "65_to_74",
        "female",
        "asian",
        "indian",
    )
    assert row.religion == "prefer_not_to_say"
    assert row.carer == "skipped"  # left blank on the paper form
    # No equality answer sits with the survey answers.
    keys = set(db.session.scalars(select(Answer.question_key)))
    assert keys == {"overall_satisfaction"}
    # And the paper respondent appears in the equality results.
    frame = equality_frame()
    assert len(frame) == 1


def test_an_equality_answer_that_is_not_an_option_is_refused(admin, client_request):
    token = token_from(client_request.get(ENTRY).html)
    page = client_request.post(ENTRY, {"paper-entry-token": token, "equality_sex": "robot"})
    assert page.error_links == ["#equality_sex"]
    assert count(Response) == 0


def test_a_page_left_open_too_long_keeps_the_answers_and_asks_to_save_again(
    admin, client, client_request
):
    token = token_from(client_request.get(ENTRY).html)
    draft = db.session.scalar(select(Draft).where(Draft.token == token))
    draft.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    page = client_request.post(ENTRY, {**PHONE_RETURN, "paper-entry-token": token})
    assert "This return was not saved because the page was open for more than 2 hours" in page.html
    assert 'value="paying" checked' in page.html
    assert count(Response) == 0
    new_token = token_from(page.html)
    assert new_token != token
    response = client.post(ENTRY, data={**PHONE_RETURN, "paper-entry-token": new_token})
    assert response.status_code == 302
    assert count(Response) == 1


@pytest.mark.parametrize(
    "url",
    [
        "/admin/paper/customer-care/phone/online",
        "/admin/paper/customer-care/pigeon/paper",
        "/admin/paper/nope/phone/paper",
    ],
)
def test_unknown_survey_channel_or_mode_is_not_found(admin, client_request, url):
    client_request.get(url, _expected_status=404)


def test_the_date_question_has_no_required_attribute_on_its_wrapper(admin, client_request):
    """HTML allows required on inputs only; the date input's wrapper is a div."""
    page = client_request.get(ENTRY)
    assert '<div class="govuk-date-input" id="contact_date">' in page.html


QUESTIONNAIRE = "/admin/paper/customer-care/letter/questionnaire"


def test_the_questionnaire_is_printed_from_the_definition(admin, client_request):
    page = client_request.get(QUESTIONNAIRE)
    html = page.html
    assert page.heading == (
        "Paper questionnaire: Tell us about your contact with the council, Letter (English)"
    )
    assert "Have you had a reply?" in html  # a letter-only question
    assert "How long did someone take to answer" not in html  # phone only
    # Every question a letter can show, numbered: 16 (the phone and visit ones left out).
    assert html.count('class="app-q__text"><bdi>') == 16
    assert 'class="app-q__part app-q__part--equality"' in html
    assert "What is your sex?" in html
    assert "Civic Centre<br>Station Road<br>Harrow HA1 2XY" in html
    assert html.count("Reference CUSTOMER-CARE/LETTER/1") == 2  # on both parts
    assert 'class="app-q"' in html  # standard print


def test_the_large_print_and_arabic_questionnaires(admin, client_request):
    large = client_request.get(QUESTIONNAIRE + "?print=large").html
    assert 'class="app-q app-q--large"' in large
    arabic = client_request.get(QUESTIONNAIRE + "?lang=ar").html
    assert 'lang="ar" dir="rtl" aria-label="Questionnaire"' in arabic
    assert "هل تلقيت ردًا؟" in arabic
    # The form's fixed words are still English: marked so for screen readers.
    assert '<p class="app-q__lead" lang="en" dir="ltr">' in arabic


def test_paper_entry_opens_from_the_printed_reference(admin, client, client_request):
    response = client.get("/admin/paper/reference?reference=customer-care/letter/1")
    assert response.status_code == 302
    assert response.location.endswith("/admin/paper/customer-care/letter/paper")
    assert "CUSTOMER-CARE/LETTER/1" in client.get(response.location).get_data(as_text=True)
    page = client_request.get("/admin/paper/reference?reference=nonsense")
    assert page.heading == "The reference was not recognised"


WRITE_IN_LABELS = [
    "If no, write in your gender identity (optional)",
    "If other sexual orientation, write it in (optional)",
    "If any other background, write it in (optional)",
    "If any other religion, write it in (optional)",
]


@pytest.mark.parametrize("query", ["", "?print=large"])
def test_the_equality_page_has_a_ruled_write_in_box_for_each_other_answer(
    admin, client_request, query
):
    html = client_request.get(QUESTIONNAIRE + query).html
    equality_part = html.split('class="app-q__part app-q__part--equality"')[1]
    for label in WRITE_IN_LABELS:
        assert f'<p class="app-q__writein-label">{label}</p>' in equality_part.replace("&#39;", "'")
    assert equality_part.count('class="app-q__writein-box"') == 4
    assert equality_part.count('class="app-q__writein-line"') == 8
    # None on the survey's own part.
    assert "app-q__writein" not in html.split('class="app-q__part app-q__part--equality"')[0]


def test_paper_write_ins_are_stored_apart_with_the_answer_they_go_with(admin, client):
    from survey_app.models import EqualityResponse

    page = client.get(ENTRY).get_data(as_text=True)
    for column in (
        "gender_identity_other",
        "sexual_orientation_other",
        "ethnicity_other",
        "religion_other",
    ):
        assert f'name="equality_{column}"' in page
    data = {
        "paper-entry-token": token_from(page),
        "overall_satisfaction": "very_satisfied",
        "equality_age_band": "35_to_49",
        "equality_gender_identity": "no",
        "equality_gender_identity_other": "  Non-binary ",
        "equality_sexual_orientation": "other_sexual_orientation",
        "equality_sexual_orientation_other": "Pansexual",
        "equality_ethnic_group": "black",
        "equality_ethnicity": "any_other_black",
        "equality_ethnicity_other": "Somali",
        "equality_religion": "any_other_religion",
        "equality_religion_other": "Zoroastrian",
    }
    response = client.post(ENTRY, data=data)
    assert response.status_code == 302, unescape(response.get_data(as_text=True))[-3000:]
    row = db.session.scalar(select(EqualityResponse))
    assert (
        row.gender_identity_other,
        row.sexual_orientation_other,
        row.ethnicity_other,
        row.religion_other,
    ) == ("Non-binary", "Pansexual", "Somali", "Zoroastrian")
    # Apart: no write-in among the survey answers.
    assert set(db.session.scalars(select(Answer.value))) == {"very_satisfied"}
    saved = db.session.scalar(select(Response))
    assert saved.equality_key == row.key
    # The confirmation shows staff the return's receipt reference.
    shown = f"{saved.reference[:4]}-{saved.reference[4:]}"
    confirmation = client.get(response.location).get_data(as_text=True)
    assert f"Return saved as response {saved.id}, reference {shown}." in confirmation


def test_a_write_in_beside_another_answer_is_pointed_out_not_dropped(admin, client_request):
    token = token_from(client_request.get(ENTRY).html)
    page = client_request.post(
        ENTRY,
        {
            "paper-entry-token": token,
            "equality_religion": "christian",
            "equality_religion_other": "Quaker",
            "equality_sexual_orientation_other": "x" * 101,
        },
    )
    assert page.error_links == ["#equality_sexual_orientation_other", "#equality_religion_other"]
    assert "Religion is written in: select the answer it goes with, or delete the text" in unescape(
        page.html
    )
    assert "Sexual orientation must be 100 characters or fewer" in page.html
    assert count(Response) == 0


def test_paper_and_imported_responses_get_receipt_references(admin, client):
    token = token_from(client.get(ENTRY).get_data(as_text=True))
    client.post(ENTRY, data={"paper-entry-token": token, "overall_satisfaction": "neither"})
    reference = db.session.scalar(select(Response.reference))
    assert reference is not None
    assert len(reference) == 8
