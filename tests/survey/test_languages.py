"""Community languages: the start page offers them, ?lang= chooses one for the journey, the
response records it, right-to-left pages say so, and untranslated text is marked English."""

import re

from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import Response
from survey_app.services.definitions import InEnglish, localise, question_options
from tests.journey_helpers import STANDARD, complete_survey


def html_tag(html: str) -> str:
    return re.search(r"<html[^>]*>", html).group(0)


def test_the_start_page_offers_the_surveys_languages_each_in_its_own_name(client):
    html = client.get("/survey/phone").get_data(as_text=True)
    assert 'lang="en" dir="ltr"' in html_tag(html)
    for code, name in [("ar", "العربية"), ("gu", "ગુજરાતી"), ("ta", "தமிழ்"), ("ro", "Română")]:
        assert f'href="/survey/phone?lang={code}" lang="{code}" hreflang="{code}"' in html
        assert f">{name}</a>" in html


def test_arabic_pages_are_right_to_left_with_the_mirrored_stylesheet(client):
    html = client.get("/survey/phone?lang=ar").get_data(as_text=True)
    assert 'lang="ar" dir="rtl"' in html_tag(html)
    assert re.search(r'href="/static/dist/council-rtl\.[0-9a-f]{12}\.css"', html)
    assert "أخبرنا عن تواصلك مع المجلس" in html  # the survey's title, from the definition
    assert "ابدأ الآن" in html  # "Start now", from the Flask-Babel catalogue
    assert "<title>أخبرنا عن تواصلك مع المجلس - " in html


def test_the_language_is_kept_through_the_journey_and_recorded(client):
    complete_survey(client, "phone", query="?lang=gu")
    page = client.get("/survey/phone/complete").get_data(as_text=True)
    assert 'lang="gu" dir="ltr"' in html_tag(page)
    assert "આભાર, તમારા જવાબો મોકલાઈ ગયા છે" in page
    response = db.session.scalars(select(Response)).all()[-1]
    assert response.language == "gu"


def test_question_pages_and_errors_are_in_the_chosen_language(client):
    client.get("/survey/phone?lang=ar")
    location = client.post("/survey/phone").location
    assert location.endswith("/survey/phone/service")
    client.post(location, data={"service": "council-tax"})
    page = client.post("/survey/phone/contact-reason", data={}).get_data(as_text=True)
    assert "بماذا كان تواصلك يتعلق؟" in page
    assert "اختر موضوع تواصلك" in page  # the error, in Arabic
    assert "طلب معلومات أو نصيحة" in page
    assert ">رجوع<" in page  # Back


def test_an_unknown_language_changes_nothing(client):
    html = client.get("/survey/phone?lang=xx").get_data(as_text=True)
    assert 'lang="en" dir="ltr"' in html_tag(html)


def test_staff_pages_stay_in_english(client):
    client.get("/survey/phone?lang=ar")
    html = client.get("/auth/login").get_data(as_text=True)
    assert 'lang="en" dir="ltr"' in html_tag(html)


def test_untranslated_text_falls_back_to_english_marked_as_english():
    definition = {
        "id": "t",
        "title": "Tell us",
        "languages": ["en", "ro"],
        "channels": ["phone"],
        "translations": {
            "ro": {"questions": {"q": {"text": "Întrebare", "options": {"a": "Unu"}}}}
        },
        "pages": [
            {
                "key": "p",
                "questions": [
                    {
                        "key": "q",
                        "type": "single_choice",
                        "text": "Question",
                        "hint": "A hint",
                        "options": [{"value": "a", "label": "One"}, {"value": "b", "label": "Two"}],
                    }
                ],
            }
        ],
    }
    localised = localise(definition, "ro")
    question = localised["pages"][0]["questions"][0]
    assert question["text"] == "Întrebare"
    assert not isinstance(question["text"], InEnglish)
    assert question["hint"] == "A hint"
    assert isinstance(question["hint"], InEnglish)
    assert isinstance(localised["title"], InEnglish)
    labels = [o["label"] for o in question_options(question)]
    assert labels == ["Unu", "Two"]
    assert [isinstance(label, InEnglish) for label in labels] == [False, True]
    assert localise(definition, "en") is definition


def test_a_missing_translation_is_shown_in_english_with_lang_en(client):
    # The shipped Tamil has no translation of the services' names (they come from the
    # database): each is shown in English, marked for screen readers.
    client.get("/survey/phone?lang=ta")
    location = client.post("/survey/phone").location
    page = client.get(location).get_data(as_text=True)
    assert "நீங்கள் கவுன்சிலின் எந்தச் சேவையைத் தொடர்பு கொண்டீர்கள்?" in page
    assert re.search(r'<span lang="en" dir="ltr">Council Tax</span>', page)


def test_every_shipped_language_translates_every_question():
    for code in ("ar", "gu", "ta", "ro"):
        localised = localise(STANDARD, code)
        for page in localised["pages"]:
            for question in page["questions"]:
                assert not isinstance(question["text"], InEnglish), (code, question["key"])


def test_the_start_page_lists_only_channels_an_open_survey_covers(client):
    from survey_app.models import Channel

    db.session.add(Channel(slug="text-message", name="Text message", active=True, sort_order=99))
    db.session.flush()
    html = client.get("/").get_data(as_text=True)
    assert 'value="phone"' in html
    assert 'value="text-message"' not in html


def test_back_to_check_your_answers_after_sending_says_they_were_sent(client):
    complete_survey(client, "phone")
    client.get("/survey/phone/complete")
    response = client.get("/survey/phone/check-your-answers", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "your answers have been sent" in html.lower()
    assert "could not be found" not in html
    assert "Send answers" not in html
