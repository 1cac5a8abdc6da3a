"""Paper and assisted entry: staff type in a return on one page."""

import re

from flask import abort, redirect, render_template, request, url_for

from forms.survey import build_page_form
from forms.survey_admin import PaperStartForm
from survey_app.admin import bp
from survey_app.admin.presenters import channel_choices, describe_condition
from survey_app.admin.surveys import survey_or_404
from survey_app.services import audit, journey
from survey_app.services import survey_drafts as drafts
from survey_app.services.contact_dates import earliest_for_survey
from survey_app.services.definitions import question_options
from survey_app.services.reference import channel_by_slug, service_options
from survey_app.services.responses import (
    get_draft,
    response_by_key,
    save_page_answers,
    start_draft,
    submit_draft,
)
from survey_app.survey.presenters import from_form, widget_params

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
    return render_template("admin/paper.html", form=form, title="Enter paper and assisted returns")


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
    questions = [q for section in sections for q in section["questions"]]
    services = service_options()
    form_class = build_page_form(
        questions,
        {q["key"]: question_options(q, services) for q in questions},
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
        if _validate_on_route(form, definition, channel, questions):
            if draft is None:
                expired = True
            else:
                save_page_answers(draft, from_form(questions, form))
                response = submit_draft(token)
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
        params={q["key"]: widget_params(q, page_heading=False) for q in questions},
        token=token,
        token_field=PAPER_SUBMISSION_FIELD,
        expired=expired,
        saved=request.args.get("saved", type=int),
        title=f"Enter a return: {survey.title}",
    )
