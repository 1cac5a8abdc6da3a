"""Results cut and filtered by language, and counts of any single-choice question.

Record keys are 0 (see ``tests.results.helpers``), so counts of 3 and more are published
unchanged. November 2026: phone 6 in English (4 very satisfied, 2 neither; resolved: 5 yes,
1 no) and 4 in Arabic (3 fairly satisfied, 1 very dissatisfied; resolved: 4 no); website 5
in Arabic (all very satisfied; resolved: 3 yes, 2 no) and 3 in Tamil (neither; resolved:
yes).
"""

import re
from datetime import date

import pytest
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Response
from survey_app.services.results_data import (
    ResultsFilter,
    answer_counts,
    crosstab_counts,
    equality_answer_counts,
    filter_choices,
    response_count,
    single_choice_questions,
)
from tests.results.helpers import add_responses
from tests.results.test_other_evidence_data import answer_equality
from tests.results.test_pages import table_rows

DAY = date(2026, 11, 3)


def _add(count, channel, language, overall, resolved):
    add_responses(
        count,
        channel=channel,
        language=language,
        overall=overall,
        submitted_on=DAY,
        extra={"resolved": resolved},
    )


@pytest.fixture
def languages(app):
    _add(4, "phone", "en", "very_satisfied", "yes")
    _add(1, "phone", "en", "neither", "yes")
    _add(1, "phone", "en", "neither", "no")
    _add(3, "phone", "ar", "fairly_satisfied", "no")
    _add(1, "phone", "ar", "very_dissatisfied", "no")
    _add(3, "website", "ar", "very_satisfied", "yes")
    _add(2, "website", "ar", "very_satisfied", "no")
    _add(3, "website", "ta", "neither", "yes")


def counts_of(frame, **where) -> dict:
    for column, value in where.items():
        frame = frame[frame[column] == value]
    return dict(zip(frame["value"], frame["count"], strict=True))


def test_languages_with_responses_are_the_filter_choices(languages):
    assert filter_choices()["languages"] == [
        ("en", "English"),
        ("ar", "Arabic (العربية)"),
        ("ta", "Tamil (தமிழ்)"),
    ]


def test_a_language_filter_limits_every_count(languages):
    arabic = ResultsFilter(language="ar")
    assert response_count(arabic) == 9
    overall = answer_counts(arabic, questions=("overall_satisfaction",))
    assert counts_of(overall) == {
        "fairly_satisfied": 3,
        "very_dissatisfied": 1,
        "very_satisfied": 5,
    }
    assert response_count(ResultsFilter(language="ro")) == 0


def test_any_single_choice_question_by_language(languages):
    frame = answer_counts(ResultsFilter(), by=("language",), questions=("resolved",))
    assert counts_of(frame, language="English") == {"yes": 5, "no": 1}
    assert counts_of(frame, language="Arabic (العربية)") == {"yes": 3, "no": 6}
    assert counts_of(frame, language="Tamil (தமிழ்)") == {"yes": 3}
    # English first, then the others in the order the survey offers them.
    assert list(frame["language"].cat.categories) == [
        "English",
        "Arabic (العربية)",
        "Tamil (தமிழ்)",
    ]


def test_a_channel_by_language_crosstab_of_a_single_choice_question(languages):
    frame = crosstab_counts(ResultsFilter(), ("channel", "language"), "resolved")
    assert counts_of(frame, channel="Phone", language="English") == {"yes": 5, "no": 1}
    assert counts_of(frame, channel="Phone", language="Arabic (العربية)") == {"no": 4}
    assert counts_of(frame, channel="Website and online forms", language="Arabic (العربية)") == {
        "yes": 3,
        "no": 2,
    }


def test_equality_counts_of_any_single_choice_question(languages):
    arabic_phone = db.session.scalars(
        select(Response).where(Response.language == "ar", Response.channel_id.is_not(None))
    ).all()[:4]
    answer_equality(arabic_phone, sex="female")
    frame = equality_answer_counts(ResultsFilter(language="ar"), "sex", questions=("resolved",))
    assert counts_of(frame, sex="Female") == {"no": 4}
    assert counts_of(frame, sex="Not answered") == {"yes": 3, "no": 2}


def test_uncounted_questions_are_refused(languages):
    for question in ("comments", "contact_date", "website_why_not", "no_such_question"):
        with pytest.raises(ValueError, match="not counted"):
            answer_counts(ResultsFilter(), questions=(question,))


def test_single_choice_questions_with_answers_satisfaction_first(languages):
    assert single_choice_questions() == [
        (
            "overall_satisfaction",
            "Overall, how satisfied or dissatisfied are you with this contact with the council?",
        ),
        (
            "council_satisfaction",
            "Overall, how satisfied or dissatisfied are you with the way the council runs things?",
        ),
        ("service", "Which council service were you contacting?"),
        ("resolved", "Was your query sorted out?"),
    ]


def test_the_overview_filtered_by_language(reviewer, client_request, languages):
    page = client_request.get("/results/?language=ar")
    assert page.heading == "Results: answered in Arabic (العربية)"
    assert '<option value="ar" selected>Arabic (العربية)</option>' in page.html
    assert "Tamil (தமிழ்)" in page.html
    assert "Romanian" not in page.html  # no responses in Romanian


def test_an_unknown_language_is_a_gov_uk_error(reviewer, client_request, languages):
    page = client_request.get("/results/?language=xx")
    assert page.title.startswith("Error: Results")
    assert "Select a language from the list" in page.html
    assert page.error_links == ["#language"]


def test_the_channel_by_language_crosstab_page(reviewer, client_request, app):
    # Phone: English 15 of 20 satisfied, Arabic 4 of 10; website: English 6 of 12, Arabic
    # 16 of 16. Margins: phone 19 of 30 (63%), website 22 of 28 (79%), English 21 of 32
    # (66%), Arabic 20 of 26 (77%), everyone 41 of 58 (71%).
    for channel, language, satisfied, other in (
        ("phone", "en", 15, 5),
        ("phone", "ar", 4, 6),
        ("website", "en", 6, 6),
        ("website", "ar", 16, 0),
    ):
        add_responses(satisfied, channel=channel, language=language, submitted_on=DAY)
        if other:
            add_responses(
                other, channel=channel, language=language, overall="neither", submitted_on=DAY
            )
    page = client_request.get("/results/crosstab?rows=channel&columns=language")
    caption = "Cross-tab of % satisfied with this contact: channel by language"
    # Each cell's 95% interval is the cross-tab's own business (tests/results/test_crosstab.py).
    rows = {
        name: [re.sub(r"\(.+ to .+, n=", "(n=", cell) for cell in cells]
        for name, cells in table_rows(page.html, caption).items()
    }
    assert rows["Channel"] == ["English", "Arabic (العربية)", "All"]
    assert rows["Phone"] == ["75% (n=20)", "40% (n=10)", "63% (n=30)"]
    assert rows["Website and online forms"] == ["50% (n=12)", "100% (n=16)", "79% (n=28)"]
    assert rows["All"] == ["66% (n=32)", "77% (n=26)", "71% (n=58)"]


def test_the_language_filter_names_the_downloads_and_the_cross_tab(
    reviewer, client, client_request, languages
):
    response = client.get("/results/?language=ar&download=satisfaction-by-channel.csv")
    assert response.status_code == 200
    assert (
        "filename=satisfaction-by-channel-language-ar.csv"
        in response.headers["Content-Disposition"]
    )
    page = client_request.get("/results/crosstab?rows=channel&columns=mode&language=ta")
    heading = "Cross-tab of % satisfied with this contact: answered in Tamil (தமிழ்)"
    assert page.heading == heading
    assert page.title.startswith(heading)


def test_demo_data_answers_in_every_language_mostly_english(runner):
    assert runner.invoke(args=["demo-data", "--responses", "500"]).exit_code == 0
    assert [code for code, _ in filter_choices()["languages"]] == ["en", "ar", "gu", "ta", "ro"]
    english = response_count(ResultsFilter(language="en"))
    assert 400 < english < 500
