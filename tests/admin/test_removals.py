"""Remove a resident's answers by the receipt reference they quote (issue 17 point 7)."""

from sqlalchemy import func, select

from survey_app.extensions import db
from survey_app.models import Answer, AuditEvent, EqualityResponse, Response
from tests.equality.test_section import FULL_ANSWERS
from tests.journey_helpers import complete_survey
from tests.results.test_tallies import assert_tallies_match

PAGE = "/admin/remove-answers"


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _shown(reference: str) -> str:
    return f"{reference[:4]}-{reference[4:]}"


def _send_two_surveys(client, app):
    """Two residents' surveys, the first with equality answers; returns both responses."""
    complete_survey(client, "phone", equality=FULL_ANSWERS)
    complete_survey(app.test_client(), "email")
    return list(db.session.scalars(select(Response).order_by(Response.id)))


def test_a_response_is_removed_with_its_answers_and_equality_answers(
    app, client, client_request, admin
):
    kept_client = app.test_client()
    complete_survey(kept_client, "email")
    removed_client = app.test_client()
    complete_survey(removed_client, "phone", equality=FULL_ANSWERS)
    kept, removed = db.session.scalars(select(Response).order_by(Response.id))
    kept_id, removed_id = kept.id, removed.id
    reference, kept_reference = removed.reference, kept.reference
    assert removed.equality_key is not None
    assert count(EqualityResponse) == 1
    answers_kept = count(Answer) - len(removed.answers)
    assert_tallies_match()

    # Typed as a resident might read it out: lower case, a space, O for 0 and I for 1.
    typed = _shown(reference).lower().replace("-", " ").replace("0", "o").replace("1", "i")
    page = client_request.post(PAGE, {"reference": typed})
    assert page.heading == "Are you sure you want to remove these answers?"
    assert _shown(reference) in page.html
    assert "Phone" in page.html
    assert "Given, and removed too" in page.html
    # Nothing of the answers is shown.
    assert "fairly_satisfied" not in page.html
    assert "Non-binary" not in page.html

    page = client_request.post(
        PAGE, {"reference": reference, "confirm": "1"}, _expected_redirect=PAGE
    )
    page = client_request.get(PAGE)
    assert "The resident&#39;s answers have been removed" in page.html
    assert db.session.get(Response, removed_id) is None
    assert db.session.get(Response, kept_id).reference == kept_reference
    assert count(EqualityResponse) == 0
    assert count(Answer) == answers_kept
    assert db.session.scalar(select(func.count()).where(Answer.response_id == removed_id)) == 0
    assert_tallies_match()
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.removed"))
    assert event.target == f"response {removed_id} and its equality answers"
    assert event.user_id == admin.id
    assert reference not in event.target
    assert _shown(reference) not in event.target

    # The same reference again: already removed, said in GOV.UK words.
    page = client_request.post(PAGE, {"reference": reference, "confirm": "1"})
    assert page.title.startswith("Error: ")
    assert "No answers have this reference" in page.html


def test_a_response_without_equality_answers_is_removed_alone(app, client_request, admin):
    complete_survey(app.test_client(), "email")
    response = db.session.scalar(select(Response))
    page = client_request.post(PAGE, {"reference": response.reference})
    assert "None given" in page.html
    client_request.post(
        PAGE, {"reference": response.reference, "confirm": "1"}, _expected_redirect=PAGE
    )
    assert count(Response) == 0
    assert count(Answer) == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "response.removed"))
    assert event.target == f"response {response.id}"
    assert_tallies_match()


def test_bad_and_unknown_references_get_gov_uk_errors(app, client_request, admin):
    complete_survey(app.test_client(), "email")
    cases = {
        "": "Enter the reference",
        "K7QD": "Enter the reference as it was shown, like K7QD-9M2X",
        "K7QD-9M2U": "Enter the reference as it was shown, like K7QD-9M2X",  # U is not used
        "x" * 500: "Enter the reference as it was shown, like K7QD-9M2X",
        "K7QD\x009M2X": "Remove any unusual characters from your answer",
        "K7QD-9M2Y": "No answers have this reference",
    }
    for typed, message in cases.items():
        page = client_request.post(PAGE, {"reference": typed})
        assert page.heading == "Remove a resident&#39;s answers" or page.heading.startswith(
            "Remove a resident"
        )
        assert page.title.startswith("Error: "), typed
        assert message in page.html, typed
        assert page.error_links == ["#reference"]
    # A forged confirmation changes nothing.
    for forged in ("", "not-a-reference", "K7QD-9M2Y"):
        page = client_request.post(PAGE, {"reference": forged, "confirm": "1"})
        assert page.title.startswith("Error: "), forged
    assert count(Response) == 1
    assert not db.session.scalar(
        select(func.count()).where(AuditEvent.action == "response.removed")
    )


def test_only_admins_remove_answers(client_request):
    client_request.login("reviewer")
    client_request.get(PAGE, _expected_status=403)
    client_request.post(PAGE, {"reference": "K7QD-9M2X", "confirm": "1"}, _expected_status=403)


def test_the_admin_index_links_to_the_removal_page(client_request, admin):
    page = client_request.get("/admin/")
    assert f'href="{PAGE}"' in page.html
