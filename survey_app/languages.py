"""The languages residents can answer in, and which one this request is in.

A resident picks a language on the start page, or arrives with ``?lang=<code>`` on a link
or QR code; the choice is kept in the session for the rest of the journey and recorded on
the response (``Response.language``), so results can be cut by language. Only resident
pages are translated: staff pages stay in English whatever the session says.
"""

from dataclasses import dataclass

from flask import request, session


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself, as a speaker looks for it
    english_name: str
    direction: str = "ltr"
    # Machine-assisted drafts: a qualified translator must check them before use.
    draft: bool = True


LANGUAGES = {
    language.code: language
    for language in (
        Language("en", "English", "English", draft=False),
        Language("ar", "العربية", "Arabic", "rtl"),
        Language("gu", "ગુજરાતી", "Gujarati"),
        Language("ta", "தமிழ்", "Tamil"),
        Language("ro", "Română", "Romanian"),
    )
}
ENGLISH = LANGUAGES["en"]
DRAFT_NOTICE = "Draft translation: to be checked by a qualified translator before use"

# Blueprints whose pages residents read, in their language.
RESIDENT_BLUEPRINTS = frozenset({"main", "survey"})


def language_for(code: str | None) -> Language | None:
    return LANGUAGES.get((code or "").strip().lower())


def remember_requested_language() -> None:
    """``?lang=<code>`` on any resident page sets the language for the journey."""
    chosen = language_for(request.args.get("lang"))
    if chosen is not None and session.get("lang") != chosen.code:
        session["lang"] = chosen.code


def current_language() -> Language:
    """The language of this page: the resident's choice on resident pages, else English."""
    if request.blueprint not in RESIDENT_BLUEPRINTS and request.endpoint is not None:
        return ENGLISH
    return language_for(session.get("lang")) or ENGLISH


def current_locale() -> str:
    """Flask-Babel's locale selector."""
    return current_language().code
