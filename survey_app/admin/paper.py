"""Paper and assisted entry: staff type in a return on one page."""

import re

from flask import abort, current_app, redirect, render_template, request, url_for

from forms.survey import build_page_form
from forms.survey_admin import PaperStartForm
from survey_app.admin import bp
from survey_app.admin.presenters import channel_choices, describe_condition
from survey_app.admin.surveys import survey_or_404
from survey_app.equality.questions import WRITE_IN_MAX_LENGTH
from survey_app.languages import ENGLISH, LANGUAGES
from survey_app.services import audit, journey
from survey_app.services import survey_drafts as drafts
from survey_app.services.contact_dates import earliest_for_survey
from survey_app.services.definitions import localise, question_options, translation_languages
from survey_app.services.equality import (
    paper_equality_options,
    paper_equality_pages,
    paper_write_in,
    save_paper_equality_answers,
)
from survey_app.services.receipts import reference_of
from survey_app.services.reference import channel_by_slug, service_options
from survey_app.services.responses import (
    get_draft,
    response_by_key,
    save_page_answers,
    start_draft,
    submit_draft,
)
from survey_app.survey.presenters import (
    from_form,
    shown,
    shown_options,
    shown_question,
    widget_params,
)

PAPER_MODES = {"paper": "Paper return", "assisted": "Assisted by staff"}
PAPER_SUBMISSION_FIELD = "paper-entry-token"  # a hyphen, so it can never be a question key
PAPER_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,128}")  # what secrets.token_urlsafe issues


def _paper_surveys():
    return [s for s in drafts.all_surveys() if s.current_version is not None]


@bp.route("/paper", methods=["GET", "POST"])
def paper():
    surveys = _paper_surveys()
    form = PaperStartForm(
        surveys=[
            (s.slug, s.title if s.status == "open" else f"{s.title} ({s.status})") for s in surveys
        ],
        channels=channel_choices(),
    )
    if form.validate_on_submit():
        return redirect(
            url_for(
                ".paper_entry",
                slug=form.survey.data,
                channel=form.channel.data,
                mode=form.completion_mode.data,
            )
        )
    return render_template(
        "admin/paper.html",
        form=form,
        questionnaires=[(s.slug, s.title) for s in surveys],
        title="Enter paper and assisted returns",
    )


def _paper_context(slug, channel, mode):
    survey = survey_or_404(slug)
    version = survey.current_version
    channel_row = channel_by_slug(channel, active_only=False)
    if (
        mode not in PAPER_MODES
        or version is None
        or channel_row is None
        or channel not in version.definition["channels"]
    ):
        abort(404)
    return survey, version, channel_row


def _paper_sections(definition, channel):
    """Every page the channel can show, with its questions and when it applies."""
    sections = []
    for page in definition["pages"]:
        if "channels" in page and channel not in page["channels"]:
            continue
        questions = journey.page_questions(page, channel)
        if questions:
            conditions = [
                describe_condition(definition, c)
                for c in page.get("show_if", [])
                if "question" in c or channel not in c.get("channel_in", [channel])
            ]
            sections.append({"page": page, "questions": questions, "conditions": conditions})
    return sections


EQUALITY_PREFIX = "equality_"


def _paper_questions(questions: list[dict]) -> list[dict]:
    """On paper a resident may leave any question blank: every question is optional, and
    an answer that is given must still be a valid one."""
    return [{**question, "required": False} for question in questions]


def _equality_questions(definition) -> list[dict]:
    """The survey's equality questions as optional single-choice questions of the form,
    each followed by its write-in box if it has one (as printed on the paper form)."""
    questions = []
    for page in paper_equality_pages(definition.get("equality_questions", [])):
        questions.append(
            {
                "key": EQUALITY_PREFIX + page.column,
                "type": "single_choice",
                "text": page.text or page.summary,
                "required": False,
                "error_required": page.invalid_message,
                "column": page.column,
                "options": [
                    {"value": value, "label": label}
                    for value, label in paper_equality_options(page)
                ],
            }
        )
        box = paper_write_in(page)
        if box is not None:
            questions.append(
                {
                    "key": EQUALITY_PREFIX + box.column,
                    "type": "text",
                    "text": box.label,
                    "summary": page.write_in.thing if page.write_in else "Ethnic background",
                    "required": False,
                    "max_length": WRITE_IN_MAX_LENGTH,
                    "write_in": box,
                    "for_key": EQUALITY_PREFIX + page.column,
                }
            )
    return questions


def _check_write_ins(form, equality: list[dict]) -> bool:
    """A write-in is kept only with the option its box is for (as online): text written in
    beside another answer is pointed out, never dropped silently."""
    for question in equality:
        box = question.get("write_in")
        field = form[question["key"]]
        if box is None or not (field.data or "").strip() or field.errors:
            continue
        if form[question["for_key"]].data not in box.when:
            field.errors = [
                f"{question['summary']} is written in: select the answer it goes with, "
                "or delete the text"
            ]
    return not form.errors


def _equality_params(question: dict) -> dict:
    params = widget_params(question, page_heading=False)
    if "write_in" in question:
        params["rows"] = 2
        params["label"]["classes"] = "govuk-label--s"
    return params


def _validate_on_route(form, definition, channel, questions) -> bool:
    """Check only the questions this return's answers lead to, as the online survey does.

    A page that only shows after some answer (for example, how long a reply took, after
    "yes, I had a reply") is not required when that answer was not given.
    """
    form.validate()
    answered = [q for q in questions if not form[q["key"]].errors]
    answers = {k: v for k, v in from_form(answered, form).items() if v not in (None, "", [])}
    on_route = {
        q["key"]
        for page in journey.route(definition, channel, answers)
        for q in journey.page_questions(page, channel)
    }
    for question in questions:
        if question["key"] not in on_route:
            form[question["key"]].errors = []
    return not form.errors


@bp.route("/paper/<slug>/<channel>/<mode>", methods=["GET", "POST"])
def paper_entry(slug, channel, mode):
    survey, version, channel_row = _paper_context(slug, channel, mode)
    definition = version.definition
    sections = _paper_sections(definition, channel)
    questions = _paper_questions([q for section in sections for q in section["questions"]])
    equality = _equality_questions(definition)
    services = service_options()
    form_class = build_page_form(
        questions + equality,
        {q["key"]: question_options(q, services) for q in questions + equality},
        earliest=earliest_for_survey(survey.id),
    )
    token = request.form.get(PAPER_SUBMISSION_FIELD) if request.method == "POST" else None
    if token is not None and not PAPER_TOKEN.fullmatch(token):
        token = None  # not one we issued (a NUL in it would even fail the query on PostgreSQL)
    expired = False
    if request.method == "POST":
        form = form_class()
        saved = response_by_key(token)
        if saved is not None:
            # A second click on Save, or Back then Save: the return is already saved once.
            return redirect(
                url_for(".paper_entry", slug=slug, channel=channel, mode=mode, saved=saved.id)
            )
        draft = get_draft(token)
        _validate_on_route(form, definition, channel, questions)
        if _check_write_ins(form, equality):
            if draft is None:
                expired = True
            else:
                save_page_answers(draft, from_form(questions, form))
                response = submit_draft(token, blanks_allowed=True)
                # Stored apart from the survey answers, as the online section does.
                save_paper_equality_answers(
                    response,
                    {q["column"]: form[q["key"]].data or None for q in equality if "column" in q},
                    {
                        q["write_in"].column: form[q["key"]].data
                        for q in equality
                        if "write_in" in q
                    },
                )
                audit.record_event(
                    "paper_entry.saved",
                    f"response {response.id} to {survey.slug} ({mode}, {channel})",
                )
                return redirect(
                    url_for(
                        ".paper_entry", slug=slug, channel=channel, mode=mode, saved=response.id
                    )
                )
        if draft is None:
            token = start_draft(version, channel_row, completion_mode=mode).token
    else:
        form = form_class(formdata=None)
        token = start_draft(version, channel_row, completion_mode=mode).token
    return render_template(
        "admin/paper_entry.html",
        form=form,
        survey=survey,
        channel=channel_row,
        mode_label=PAPER_MODES[mode],
        sections=sections,
        params={
            **{q["key"]: widget_params(q, page_heading=False) for q in questions},
            **{q["key"]: _equality_params(q) for q in equality},
        },
        equality=equality,
        token=token,
        token_field=PAPER_SUBMISSION_FIELD,
        expired=expired,
        saved=request.args.get("saved", type=int),
        saved_reference=reference_of(request.args.get("saved", type=int)),
        reference=questionnaire_reference(slug, channel, version.version),
        title=f"Enter a return: {survey.title}",
    )


# The reference printed on every page of a paper questionnaire, which paper entry reads back
# to open the right survey and channel: CUSTOMER-CARE/PHONE/1 (survey, channel, version).
REFERENCE = re.compile(r"^\s*([a-z0-9][a-z0-9-]*)\s*/\s*([a-z0-9][a-z0-9-]*)\s*/\s*(\d{1,6})\s*$")


def questionnaire_reference(slug: str, channel: str, version: int) -> str:
    return f"{slug}/{channel}/{version}".upper()


@bp.route("/paper/<slug>/<channel>/questionnaire")
def questionnaire(slug, channel):
    """A print-ready A4 questionnaire for one channel, from the survey's definition: in any
    of its languages (``?lang=``), standard or large print (``?print=large``: 16 pt and up,
    black on white), with the equality questions on their own page to detach."""
    survey, version, channel_row = _paper_context(slug, channel, "paper")
    definition = version.definition
    codes = translation_languages(definition)
    language = LANGUAGES.get(request.args.get("lang", "en"), ENGLISH)
    if language.code not in codes:
        language = ENGLISH
    large = request.args.get("print") == "large"
    localised = localise(definition, language.code)
    services = service_options()
    sections = [
        {
            **section,
            "questions": [
                {**shown_question(q), "options": shown_options(q, services)}
                for q in section["questions"]
            ],
        }
        for section in _paper_sections(localised, channel)
    ]
    equality = [
        {
            "text": page.text or page.summary,
            "options": paper_equality_options(page),
            "write_in": paper_write_in(page),
        }
        for page in paper_equality_pages(definition.get("equality_questions", []))
    ]
    return render_template(
        "admin/questionnaire.html",
        survey=survey,
        channel=channel_row,
        sections=sections,
        equality=equality,
        survey_title=shown(localised["title"]),
        large=large,
        language=language,
        languages=[LANGUAGES[code] for code in codes if code in LANGUAGES],
        reference=questionnaire_reference(slug, channel, version.version),
        return_address=current_app.config["PAPER_RETURN_ADDRESS"].split("|"),
        title=f"{'Large print' if large else 'Paper'} questionnaire: {survey.title}, "
        f"{channel_row.name} ({language.english_name})",
    )


@bp.route("/paper/reference")
def paper_reference():
    """The reference on a paper questionnaire opens its entry page."""
    found = REFERENCE.match(request.args.get("reference", "").lower())
    if found is None:
        return render_template(
            "admin/paper_reference.html",
            reference=request.args.get("reference", ""),
            title="The reference was not recognised",
        )
    slug, channel, _version = found.groups()
    _paper_context(slug, channel, "paper")
    return redirect(url_for(".paper_entry", slug=slug, channel=channel, mode="paper"))
