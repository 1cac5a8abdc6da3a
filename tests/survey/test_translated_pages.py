"""The resident pages' own words in the chosen language: the equality questions, GOV.UK's
widget text, the channels' names and the legal pages; and English, marked lang="en", where a
translation is missing."""

import dataclasses
import re

from sqlalchemy import select

from survey_app.equality import questions as eq
from survey_app.extensions import db
from survey_app.models import Channel
from survey_app.models.equality import EqualityResponse
from survey_app.services.definitions import InEnglish
from survey_app.services.reference import channel_text
from survey_app.survey.presenters import in_language
from tests.english_text import english_outside_lang_en
from tests.journey_helpers import question_by_page, typical_answer


def to_equality_section(client, language):
    """Answer the survey in ``language`` and say yes to the equality questions; return the
    first equality page's address."""
    client.get(f"/survey/phone?lang={language}")
    location = client.post("/survey/phone").location
    questions = question_by_page()
    while "/check-your-answers" not in location:
        data = {}
        for question in questions[location.rsplit("/", 1)[-1]]:
            data.update(typical_answer(question))
        location = client.post(location, data=data).location
    location = client.post(location).location
    return client.post(location, data={"answer_equality": "yes"}).location


def test_the_finder_reports_english_outside_lang_en_and_nothing_inside_it():
    html = (
        '<html lang="ar"><head><title>Page title</title></head><body>'
        "<p>مرحبا</p><p>Continue</p>"
        '<p lang="en">Left in English on purpose</p>'
        '<a lang="ro" href="/">Română</a>'
        '<section aria-label="Service information"></section>'
        "<p>Harrow Council</p><script>var english = 'ignored';</script></body></html>"
    )
    found = english_outside_lang_en(html, "ar", allowed=("Harrow Council",))
    assert found == ["Page title", "Continue", "Service information"]
    romanian = '<html lang="ro"><body><p>Continuați</p><p>Select your sex</p></body></html>'
    assert english_outside_lang_en(romanian, "ro") == ["Select your sex"]


def test_an_equality_question_is_asked_in_arabic_and_stores_the_same_code(client):
    location = to_equality_section(client, "ar")
    assert location.endswith("/equality/age")
    html = client.get(location).get_data(as_text=True)
    assert "<title>كم عمرك؟ - " in html
    assert "كم عمرك؟" in html  # What is your age?
    assert "من 16 إلى 24" in html  # 16 to 24
    assert "أفضّل عدم الإجابة" in html  # Prefer not to say
    assert 'class="govuk-radios__divider">أو<' in html  # the "or" before it
    assert "تخطَّ بقية أسئلة المساواة" in html  # Skip the rest of the equality questions
    client.post(location, data={"answer": "16_to_24"})
    assert db.session.scalars(select(EqualityResponse)).all()[-1].age_band == "16_to_24"


def test_an_equality_write_in_and_its_error_are_in_gujarati(client):
    location = to_equality_section(client, "gu")
    client.post(location, data={"answer": "25_to_34"})  # age, so gender identity is asked
    location = location.replace("/age", "/gender-identity")
    html = client.post(location, data={"answer": "no", "write_in": "x" * 101}).get_data(True)
    assert "જાતિ ઓળખ લખો (વૈકલ્પિક)" in html  # Enter gender identity (optional)
    assert "જાતિ ઓળખ 100 અક્ષરો કે તેથી ઓછા હોવા જોઈએ" in html  # ... must be 100 characters
    assert '<span class="govuk-visually-hidden">ભૂલ:</span>' in html  # Error:


def test_equality_wording_without_a_translation_is_shown_in_english_marked_lang_en(
    client, monkeypatch
):
    age = eq.PAGES_BY_SLUG["age"]
    reworded = dataclasses.replace(age, text="Which age group are you in?")
    monkeypatch.setitem(eq.PAGES_BY_SLUG, "age", reworded)
    location = to_equality_section(client, "ta")
    html = client.get(location).get_data(as_text=True)
    assert '<span lang="en" dir="ltr">Which age group are you in?</span>' in html
    assert "16 முதல் 24 வரை" in html  # the options are still translated
    # Only the <title> mixes the two: it cannot hold markup to mark the English part.
    assert english_outside_lang_en(html, "ta", ("Harrow Council",)) == [
        "Which age group are you in? - கவுன்சிலுடனான உங்கள் தொடர்பு பற்றி எங்களிடம் சொல்லுங்கள் "
        "- Harrow Council"
    ]


def test_the_date_and_character_count_widgets_speak_the_residents_language(client):
    client.get("/survey/phone?lang=ro")
    client.post("/survey/phone")
    date = client.get("/survey/phone/contact-date").get_data(as_text=True)
    for part, label in (("day", "Ziua"), ("month", "Luna"), ("year", "Anul")):
        assert re.search(rf'for="contact_date-{part}">\s*{label}\s*</label>', date)
    comments = client.get("/survey/phone/comments").get_data(as_text=True)
    assert "Puteți scrie cel mult 1200 de caractere" in comments
    assert "Mai aveți %{count} de caractere" in comments  # for the script, as you type


def test_the_standard_channels_names_are_translated_on_resident_pages(client):
    html = client.get("/survey/phone?lang=ar").get_data(as_text=True)
    assert '<span class="govuk-caption-l">الهاتف</span>' in html
    index = client.get("/").get_data(as_text=True)
    assert "بالهاتف، بما في ذلك Access Harrow" in index


def test_a_channel_the_council_renamed_or_added_is_shown_in_english_marked_lang_en(client):
    phone = db.session.scalar(select(Channel).where(Channel.slug == "phone"))
    phone.name = "Telephone line"
    db.session.flush()
    html = client.get("/survey/phone?lang=gu").get_data(as_text=True)
    assert '<span class="govuk-caption-l"><span lang="en" dir="ltr">Telephone line</span>' in html
    # A channel an admin adds has no translation: every page shows its name in English.
    assert channel_text("Text message", "ta") is None
    assert channel_text("Email", "ta") == "மின்னஞ்சல்"
    assert channel_text("Text message", "en") == "Text message"


def test_a_translated_legal_page_says_the_english_version_counts_and_links_to_it(client):
    html = client.get("/privacy?lang=ta").get_data(as_text=True)
    assert "இது வரைவு மொழிபெயர்ப்பு; ஆங்கிலப் பதிப்பே செல்லுபடியாகும்." in html
    assert 'href="/privacy?version=en"' in html
    assert "Harrow Council தரவுக் கட்டுப்பாட்டாளர் ஆகும்" in html
    english = client.get("/privacy?version=en").get_data(as_text=True)
    assert 'lang="ta"' in english.split(">", 2)[1]  # the page stays in Tamil
    assert '<div lang="en" dir="ltr">' in english
    assert "Harrow Council is the data controller" in english
    assert 'href="/privacy"' in english  # back to the translation
    assert english_outside_lang_en(english, "ta", ("Harrow Council",)) == []


def equality_wording():
    texts = []
    for page in eq.PAGES:
        texts += [page.text, page.hint, page.invalid_message, *dict(page.options).values()]
        texts += list(page.option_hints.values())
        if page.write_in:
            texts += [page.write_in.label, page.write_in.thing]
    for group in eq.ETHNIC_GROUPS.values():
        texts += [group["question"], *dict(group["categories"]).values()]
    ethnic_background = eq.PAGES_BY_SLUG["ethnic-background"].for_answers({"ethnic_group": "asian"})
    texts += [ethnic_background.write_in.label, ethnic_background.write_in.thing]
    return [text for text in dict.fromkeys(texts) if text]


def test_every_equality_text_has_a_draft_translation_in_every_language(app):
    from flask_babel import force_locale, gettext

    wording = equality_wording()
    assert len(wording) == 89
    with app.test_request_context("/"):
        for language in ("ar", "gu", "ta", "ro"):
            with force_locale(language):
                untranslated = [
                    text for text in wording if isinstance(in_language(text), InEnglish)
                ]
                same = [text for text in wording if gettext(text) == text]
            assert untranslated == []
            # Words that read the same in Romanian are translations too, shown unmarked.
            assert same == (
                [] if language != "ro" else ["Bisexual", "Sikh", "Indian", "African", "Arab"]
            )


def test_an_error_page_a_resident_can_reach_is_in_their_language(client):
    client.get("/privacy?lang=ro")
    response = client.put("/privacy")
    assert response.status_code == 405
    html = response.get_data(as_text=True)
    assert (
        '<h1 class="govuk-heading-l">Ne pare rău, nu puteți face asta pe această pagină</h1>'
        in html
    )
    assert "Mergeți la pagina de început" in html
    assert english_outside_lang_en(html, "ro", ("Harrow Council",)) == []


def test_a_closed_survey_says_so_in_the_residents_language(app, client):
    from survey_app.models import Survey

    db.session.scalar(select(Survey)).status = "closed"
    db.session.flush()
    html = client.get("/survey/phone?lang=ar").get_data(as_text=True)
    assert '<h1 class="govuk-heading-l">انتهى هذا الاستطلاع</h1>' in html
    assert "<title>انتهى هذا الاستطلاع" in html
    assert english_outside_lang_en(html, "ar", ("Harrow Council",)) == []
