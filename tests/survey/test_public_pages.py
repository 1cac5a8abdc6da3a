"""The pages a public service must have: privacy notice, accessibility statement, cookies."""

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Survey
from survey_app.presenters import days_in_words


def test_privacy_notice_names_the_lawful_bases_and_the_retention_period(app, client_request):
    survey = db.session.scalar(select(Survey))
    survey.retention_days = 548
    db.session.commit()
    page = client_request.get("/privacy")
    assert page.heading == "Privacy notice"
    html = page.html
    assert "Harrow Council is the data controller" in html
    assert "Article 6(1)(e)" in html
    assert "Article 9(2)(g)" in html
    assert "Schedule 1, Part 2, paragraph 8" in html
    assert "appropriate policy document" in html
    assert "section 149" in html
    assert "for 548 days from the day they were sent" in html
    assert "fewer than 10 people are hidden" in html
    assert "Prefer not to say" in html
    assert "the month you sent the survey (not the day)" in html
    assert "Information Commissioner" in html
    assert 'href="mailto:scrutiny@harrow.gov.uk"' in html


def test_privacy_notice_says_two_years_for_the_shipped_survey(client_request):
    assert "for 2 years from the day they were sent" in client_request.get("/privacy").html


def test_accessibility_statement_follows_the_regulations_format(client_request):
    page = client_request.get("/accessibility")
    assert page.heading == "Accessibility statement"
    for heading in [
        "How accessible this service is",
        "Feedback and contact information",
        "Reporting accessibility problems with this service",
        "Enforcement procedure",
        "Technical information about this service's accessibility",
        "Compliance status",
        "Non-accessible content",
        "Preparation of this accessibility statement",
    ]:
        assert f">{heading}</h" in page.html.replace("&#39;", "'"), heading
    assert "version 2.2</a> AA standard" in page.html
    assert "(No. 2) Accessibility Regulations 2018" in page.html


def test_cookies_page_lists_only_the_session_cookie(client_request):
    page = client_request.get("/cookies")
    assert page.heading == "Cookies"
    assert "only uses cookies that are strictly necessary" in page.html
    assert page.html.count('<tr class="govuk-table__row">') == 2  # header and one cookie
    assert '<td class="govuk-table__cell">session</td>' in page.html


def test_the_only_cookie_set_on_the_journey_is_the_session_cookie(client):
    responses = [client.get("/"), client.post("/survey/phone")]
    responses.append(client.post(responses[-1].location, data={"service": "housing"}))
    names = {
        header.split("=", 1)[0]
        for response in responses
        for header in response.headers.getlist("Set-Cookie")
    }
    assert names == {"session"}


def test_retention_periods_in_words():
    assert days_in_words(730) == "2 years"
    assert days_in_words(365) == "1 year"
    assert days_in_words(180) == "6 months"
    assert days_in_words(548) == "548 days"
    assert days_in_words(1000) == "1,000 days"
