"""The equality section through the Flask client: every page, every error state."""

import pytest
from sqlalchemy import delete, func, select

from survey_app.equality.questions import PAGES
from survey_app.extensions import db
from survey_app.models import Answer, EqualityResponse, Response, Survey, SurveyVersion
from survey_app.services.definitions import load_definition_file, standard_definition_paths
from tests.journey_helpers import answer_equality_section, complete_survey, start
from tests.survey.test_journey import complete_until_check

EXPLAINER = "/survey/phone/equality"
ADULT_ROUTE = [
    "age",
    "sex",
    "gender-identity",
    "sexual-orientation",
    "ethnic-group",
    "ethnic-background",
    "religion",
    "health-conditions",
    "day-to-day-activities",
    "unpaid-care",
]
FULL_ANSWERS = {
    "age": {"answer": "35_to_49"},
    "sex": {"answer": "female"},
    "gender-identity": {"answer": "no", "write_in": "Non-binary"},
    "sexual-orientation": {"answer": "bisexual", "write_in": "ignored: not the other option"},
    "ethnic-group": {"answer": "asian"},
    "ethnic-background": {"answer": "any_other_asian", "write_in": "Sri Lankan"},
    "religion": {"answer": "christian"},
    "health-conditions": {"answer": "yes"},
    "day-to-day-activities": {"answer": "a_little"},
    "unpaid-care": {"answer": "yes_10_to_19_hours"},
}


def only_row() -> EqualityResponse:
    rows = db.session.scalars(select(EqualityResponse)).all()
    assert len(rows) == 1
    return rows[0]


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def send_survey(client, channel="phone"):
    """Complete the survey up to and including Send answers; return the next location."""
    complete_until_check(client, channel)
    response = client.post(f"/survey/{channel}/check-your-answers")
    assert response.status_code == 302
    return response.location


def test_sending_answers_leads_to_the_explainer(client, client_request):
    assert send_survey(client) == EXPLAINER
    page = client_request.get(EXPLAINER)
    assert page.heading == "We have received your answers"
    assert "Yes, answer the equality questions (takes 2 minutes)" in page.html
    assert "No, skip the equality questions" in page.html
    assert count(Response) == 1, "the survey answers are saved before the section starts"


def test_explainer_without_a_choice_explains_what_to_do(client, client_request):
    send_survey(client)
    page = client_request.post(EXPLAINER, {})
    assert "Select if you want to answer the equality questions" in page.html
    assert page.error_links == ["#answer_equality"]


def test_explainer_rejects_a_forged_choice(client, client_request):
    send_survey(client)
    page = client_request.post(EXPLAINER, {"answer_equality": "maybe"})
    assert page.title.startswith("Error: ")
    assert "Select if you want to answer the equality questions" in page.html


def test_declining_goes_to_confirmation_and_stores_nothing(client, client_request):
    send_survey(client)
    response = client.post(EXPLAINER, data={"answer_equality": "no"})
    assert response.location == "/survey/phone/complete"
    assert count(EqualityResponse) == 0
    assert db.session.scalar(select(Response.equality_key)) is None
    assert (
        client_request.get("/survey/phone/complete").heading
        == "Thank you, your answers have been sent"
    )


def test_full_section_as_an_adult_stores_every_answer_apart(client):
    visited = complete_survey(client, "phone", equality=FULL_ANSWERS)
    assert visited[0] == "service"
    row = only_row()
    assert (row.age_band, row.sex) == ("35_to_49", "female")
    assert (row.gender_identity, row.gender_identity_other) == ("no", "Non-binary")
    # A write-in typed for an option not chosen is not kept.
    assert (row.sexual_orientation, row.sexual_orientation_other) == ("bisexual", None)
    assert (row.ethnic_group, row.ethnicity, row.ethnicity_other) == (
        "asian",
        "any_other_asian",
        "Sri Lankan",
    )
    assert (row.religion, row.religion_other) == ("christian", None)
    assert (row.disability_condition, row.disability_reduces_activities) == ("yes", "a_little")
    assert row.carer == "yes_10_to_19_hours"
    response = db.session.scalar(select(Response))
    assert response.equality_key == row.key
    assert len(row.key) >= 40
    assert not hasattr(row, "response_id")


def test_adult_route_visits_every_page_in_order(client):
    send_survey(client)
    assert answer_equality_section(client, "phone", FULL_ANSWERS) == ADULT_ROUTE


def test_under_16_is_not_asked_gender_identity_or_sexual_orientation(client):
    send_survey(client)
    visited = answer_equality_section(
        client, "phone", {"age": {"answer": "under_16"}, "health-conditions": {"answer": "no"}}
    )
    assert "gender-identity" not in visited
    assert "sexual-orientation" not in visited
    assert "day-to-day-activities" not in visited
    row = only_row()
    assert row.age_band == "under_16"
    assert row.gender_identity is None, "not asked is NULL, not skipped"
    assert row.sex == "skipped"


def test_unknown_age_is_not_asked_the_16_and_over_questions(client):
    send_survey(client)
    visited = answer_equality_section(client, "phone", {"age": {"answer": "prefer_not_to_say"}})
    assert visited[:2] == ["age", "sex"]
    assert "gender-identity" not in visited


def test_prefer_not_to_say_and_skipped_are_stored_distinctly(client):
    send_survey(client)
    answer_equality_section(
        client,
        "phone",
        {
            "age": {"answer": "prefer_not_to_say"},
            "ethnic-group": {"answer": "prefer_not_to_say"},
            "religion": {},
        },
    )
    row = only_row()
    assert row.age_band == "prefer_not_to_say"
    assert row.sex == "skipped"
    assert row.ethnic_group == "prefer_not_to_say"
    assert row.ethnicity is None, "no group, so the background page is not asked"
    assert row.religion == "skipped"
    assert row.disability_condition == "skipped"
    assert row.disability_reduces_activities is None
    assert row.carer == "skipped"


@pytest.mark.parametrize("slug", ADULT_ROUTE)
def test_skip_the_rest_at_each_page_keeps_everything_given_so_far(client, slug):
    send_survey(client)
    client.post(EXPLAINER, data={"answer_equality": "yes"})
    for earlier in ADULT_ROUTE[: ADULT_ROUTE.index(slug)]:
        response = client.post(f"{EXPLAINER}/{earlier}", data=FULL_ANSWERS[earlier])
        assert response.location == f"{EXPLAINER}/{ADULT_ROUTE[ADULT_ROUTE.index(earlier) + 1]}"
    response = client.post(f"{EXPLAINER}/{slug}", data={**FULL_ANSWERS[slug], "skip": "rest"})
    assert response.location == "/survey/phone/complete"
    answered = ADULT_ROUTE[: ADULT_ROUTE.index(slug)]
    rows = db.session.scalars(select(EqualityResponse)).all()
    if not answered:
        assert rows == []
    else:
        row = rows[0]
        columns = {page.slug: page.column for page in PAGES}
        assert getattr(row, columns[answered[-1]]) == FULL_ANSWERS[answered[-1]]["answer"]
        assert getattr(row, columns[slug]) is None, "the page skipped from is not saved"
    assert count(Answer) > 0
    assert count(Response) == 1


def test_section_is_closed_once_the_confirmation_page_is_reached(client):
    send_survey(client)
    client.post(EXPLAINER, data={"answer_equality": "no"})
    client.get("/survey/phone/complete")
    assert client.get(EXPLAINER).location == "/survey/phone/complete"
    response = client.post(f"{EXPLAINER}/age", data={"answer": "16_to_24"})
    assert response.location == "/survey/phone/complete"
    assert count(EqualityResponse) == 0


def test_a_new_survey_in_the_same_browser_cannot_reach_the_last_residents_section(client):
    send_survey(client)
    client.post(EXPLAINER, data={"answer_equality": "yes"})
    client.post(f"{EXPLAINER}/age", data={"answer": "25_to_34"})
    start(client, "phone")  # the next resident at the same device
    response = client.post(f"{EXPLAINER}/sex", data={"answer": "male"})
    assert response.location == "/survey/phone/complete"
    assert only_row().sex is None


def test_section_without_a_sent_survey_goes_to_the_start(client):
    response = client.get(f"{EXPLAINER}/age")
    assert response.location == "/survey/phone/complete"
    assert client.get("/survey/phone/complete").location == "/survey/phone"


def test_section_for_another_channel_is_refused(client):
    send_survey(client)
    response = client.post("/survey/email/equality/age", data={"answer": "16_to_24"})
    assert response.location == "/survey/email/complete"
    assert count(EqualityResponse) == 0


def test_an_expired_section_saves_nothing(client):
    send_survey(client)
    with client.session_transaction() as session:
        session["equality_open_until"] = "2000-01-01T00:00:00"
    response = client.post(f"{EXPLAINER}/age", data={"answer": "16_to_24"})
    assert response.location == "/survey/phone/complete"
    assert count(EqualityResponse) == 0


def test_survey_without_equality_questions_goes_straight_to_confirmation(app, client):
    definition = load_definition_file(standard_definition_paths()[0])
    definition.pop("equality_questions")
    version = db.session.scalar(select(SurveyVersion))
    version.definition = definition
    db.session.commit()
    assert send_survey(client) == "/survey/phone/complete"
    assert client.get(EXPLAINER).location == "/survey/phone/complete"


def test_survey_asks_only_the_equality_questions_it_lists(app, client):
    definition = load_definition_file(standard_definition_paths()[0])
    definition["equality_questions"] = ["carer", "sex"]
    version = db.session.scalar(select(SurveyVersion))
    version.definition = definition
    db.session.commit()
    send_survey(client)
    assert answer_equality_section(client, "phone", {}) == ["sex", "unpaid-care"]


@pytest.mark.parametrize(
    ("slug", "heading"),
    [
        ("age", "What is your age?"),
        ("sex", "What is your sex?"),
        (
            "gender-identity",
            "Is the gender you identify with the same as your sex registered at birth?",
        ),
        ("sexual-orientation", "Which of the following best describes your sexual orientation?"),
        ("ethnic-group", "What is your ethnic group?"),
        (
            "ethnic-background",
            "Which of the following best describes your Asian or Asian British background?",
        ),
        ("religion", "What is your religion?"),
        (
            "health-conditions",
            "Do you have any physical or mental health conditions or illnesses lasting or "
            "expected to last 12 months or more?",
        ),
        (
            "day-to-day-activities",
            "Do any of your conditions or illnesses reduce your ability to carry out "
            "day-to-day activities?",
        ),
        ("unpaid-care", "Do you look after, or give any help or support to, anyone"),
    ],
)
def test_each_question_page_offers_prefer_not_to_say_after_an_or(
    client, client_request, slug, heading
):
    send_survey(client)
    client.post(EXPLAINER, data={"answer_equality": "yes"})
    for earlier in ADULT_ROUTE[: ADULT_ROUTE.index(slug)]:
        client.post(f"{EXPLAINER}/{earlier}", data=FULL_ANSWERS[earlier])
    page = client_request.get(f"{EXPLAINER}/{slug}")
    assert page.heading.startswith(heading)
    assert page.html.index('govuk-radios__divider">or<') < page.html.index("Prefer not to say")
    assert 'value="prefer_not_to_say"' in page.html
    assert "Skip the rest of the equality questions" in page.html
    assert 'name="skip"' in page.html


def test_religion_page_has_the_christian_hint_and_a_write_in(client, client_request):
    send_survey(client)
    page = client_request.get(f"{EXPLAINER}/religion")
    assert "Including Church of England, Catholic, Protestant" in page.html
    assert 'id="conditional-answer-8"' in page.html
    assert 'name="write_in"' in page.html


def test_answers_are_shown_again_when_going_back(client, client_request):
    send_survey(client)
    client.post(EXPLAINER, data={"answer_equality": "yes"})
    client.post(f"{EXPLAINER}/age", data={"answer": "50_to_64"})
    client.post(f"{EXPLAINER}/sex", data={"answer": "male"})
    page = client_request.get(f"{EXPLAINER}/gender-identity")
    assert f'href="{EXPLAINER}/sex"' in page.html  # the Back link
    page = client_request.get(f"{EXPLAINER}/sex")
    assert 'value="male" checked' in page.html
    assert f'href="{EXPLAINER}/age"' in page.html
    assert f'href="{EXPLAINER}"' in client_request.get(f"{EXPLAINER}/age").html


def test_changing_age_to_under_16_clears_the_16_and_over_answers(client):
    send_survey(client)
    client.post(EXPLAINER, data={"answer_equality": "yes"})
    for slug in ADULT_ROUTE[:4]:
        client.post(f"{EXPLAINER}/{slug}", data=FULL_ANSWERS[slug])
    client.post(f"{EXPLAINER}/age", data={"answer": "under_16"})
    row = only_row()
    assert row.age_band == "under_16"
    assert (row.gender_identity, row.gender_identity_other, row.sexual_orientation) == (
        None,
        None,
        None,
    )


def test_changing_ethnic_group_clears_the_old_background(client):
    send_survey(client)
    client.post(EXPLAINER, data={"answer_equality": "yes"})
    client.post(f"{EXPLAINER}/ethnic-group", data={"answer": "asian"})
    client.post(
        f"{EXPLAINER}/ethnic-background", data={"answer": "any_other_asian", "write_in": "x"}
    )
    client.post(f"{EXPLAINER}/ethnic-group", data={"answer": "white"})
    row = only_row()
    assert (row.ethnic_group, row.ethnicity, row.ethnicity_other) == ("white", None, None)


def test_background_page_without_a_group_moves_on(client):
    send_survey(client)
    client.post(EXPLAINER, data={"answer_equality": "yes"})
    response = client.get(f"{EXPLAINER}/ethnic-background")
    assert response.location == f"{EXPLAINER}/religion"


def test_unknown_equality_page_is_404(client, client_request):
    send_survey(client)
    assert (
        client_request.get(f"{EXPLAINER}/shoe-size", _expected_status=404).heading
        == "Page not found"
    )


QUESTION_ERRORS = [
    ("age", {"answer": "101_or_over"}, "Select your age group from the list", "#answer"),
    ("sex", {"answer": "other"}, "Select your sex from the list", "#answer"),
    ("religion", {"answer": "pastafarian"}, "Select your religion from the list", "#answer"),
    (
        "religion",
        {"answer": "any_other_religion", "write_in": "x" * 101},
        "Religion must be 100 characters or fewer",
        "#write_in",
    ),
    (
        "gender-identity",
        {"answer": "no", "write_in": "bad\x00byte"},
        "Remove any unusual characters from your answer",
        "#write_in",
    ),
    (
        "unpaid-care",
        {"answer": "yes_100_hours"},
        "Select whether you give unpaid care from the list",
        "#answer",
    ),
]


@pytest.mark.parametrize(("slug", "data", "message", "link"), QUESTION_ERRORS)
def test_forged_or_bad_answers_get_a_clear_message_and_save_nothing(
    client, client_request, slug, data, message, link
):
    send_survey(client)
    client.post(EXPLAINER, data={"answer_equality": "yes"})
    client.post(f"{EXPLAINER}/age", data={"answer": "25_to_34"})
    page = client_request.post(f"{EXPLAINER}/{slug}", data)
    assert page.title.startswith("Error: ")
    assert message in page.html
    assert page.error_links == [link]
    row = only_row()
    column = next(p.column for p in PAGES if p.slug == slug)
    assert getattr(row, column) == ("25_to_34" if slug == "age" else None)


def test_long_write_in_for_an_option_not_chosen_is_ignored(client):
    send_survey(client)
    response = client.post(f"{EXPLAINER}/religion", data={"answer": "hindu", "write_in": "x" * 500})
    assert response.status_code == 302
    row = only_row()
    assert (row.religion, row.religion_other) == ("hindu", None)


def test_equality_rows_can_be_deleted_and_the_survey_answers_remain(client):
    complete_survey(client, "phone", equality=FULL_ANSWERS)
    answers_before = count(Answer)
    assert answers_before > 10
    db.session.execute(delete(EqualityResponse))
    db.session.commit()
    assert count(EqualityResponse) == 0
    assert count(Response) == 1
    assert count(Answer) == answers_before
    survey = db.session.scalar(select(Survey))
    assert survey.status == "open"


def test_back_to_check_your_answers_from_the_section_returns_to_the_explainer(client):
    send_survey(client)
    assert client.get("/survey/phone/check-your-answers").location == EXPLAINER
    client.post(EXPLAINER, data={"answer_equality": "no"})
    client.get("/survey/phone/complete")
    assert client.get("/survey/phone/check-your-answers").location == "/survey/phone/complete"


def _cookie_values(app, client) -> str:
    """Everything the resident's session cookie holds, as text an attacker could read."""
    cookie = client.get_cookie("session")
    if cookie is None:
        return ""
    serializer = app.session_interface.get_signing_serializer(app)
    return repr(serializer.loads(cookie.value))


@pytest.mark.parametrize("equality", [None, FULL_ANSWERS])
def test_after_the_confirmation_page_the_cookie_finds_no_response(app, client, equality):
    """On a shared device the next person must not find the resident's answers from the
    cookie: once the confirmation page is shown it keeps no key of the response."""
    complete_survey(client, "phone", equality=equality)
    page = client.get("/survey/phone/complete")
    assert page.status_code == 200
    response = db.session.scalar(select(Response))
    kept = _cookie_values(app, client)
    assert response.submission_key not in kept
    if response.equality_key:
        assert response.equality_key not in kept
    # A reload, Back then Send, or Back to the section still end on the confirmation page,
    # and send nothing twice.
    assert client.get("/survey/phone/complete").status_code == 200
    assert client.post("/survey/phone/check-your-answers").location == "/survey/phone/complete"
    assert client.get("/survey/phone/check-your-answers").location == "/survey/phone/complete"
    assert client.get(EXPLAINER).location == "/survey/phone/complete"
    assert count(Response) == 1
    assert response.submission_key not in _cookie_values(app, client)


@pytest.mark.parametrize("equality", [None, FULL_ANSWERS])
def test_after_the_confirmation_page_the_cookie_holds_only_the_receipt_reference(
    app, client, client_request, equality
):
    """The cookie keeps the receipt reference (which opens nothing), never the submission
    key or the equality key, and Reload and Back show the reference again."""
    complete_survey(client, "phone", equality=equality)
    response = db.session.scalar(select(Response))
    shown = f"{response.reference[:4]}-{response.reference[4:]}"
    assert f"Your reference is {shown}." in client.get("/survey/phone/complete").text
    kept = _cookie_values(app, client)
    assert response.reference in kept
    assert response.submission_key not in kept
    assert equality is None or response.equality_key not in kept
    # Back to Check your answers, and Reload: the same confirmation, reference and no Send.
    page = client_request.get("/survey/phone/check-your-answers", _follow_redirects=True)
    assert page.heading == "Thank you, your answers have been sent"
    assert f"Your reference is {shown}." in page.html
    assert "Send" not in page.html
    assert f"Your reference is {shown}." in client.get("/survey/phone/complete").text
    assert count(Response) == 1
    # Starting again forgets it.
    start(client, "phone")
    assert response.reference not in _cookie_values(app, client)
