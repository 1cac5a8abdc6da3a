"""Explainer, then one optional question per page; leaving at any point keeps everything.

The survey answers are saved before the section starts. The section is open only to the
browser session that just sent them, only for that response, and only while the session is
active: reaching the confirmation page, or starting a new survey, closes it, so a resident
on a shared device cannot add equality answers to someone else's response.
"""

from datetime import datetime

from flask import abort, current_app, redirect, render_template, request, session, url_for

from forms.equality import EqualityExplainerForm, EqualityQuestionForm
from survey_app import equality_questions as eq
from survey_app.equality import bp
from survey_app.models import utcnow
from survey_app.services.equality import (
    equality_answers,
    equality_question_keys,
    save_equality_answer,
)
from survey_app.services.reference import channel_by_slug
from survey_app.services.responses import response_by_key

OPEN_UNTIL = "equality_open_until"
CLOSED_FOR = "equality_closed_for"


def open_section(response) -> bool:
    """Open the section for the response this session just sent, if its survey asks any.

    Called by Check your answers; returns whether the resident should see the explainer.
    """
    token = response.submission_key
    if not equality_question_keys(response) or session.get(CLOSED_FOR) == token:
        return False
    _keep_open()
    return True


def section_is_open() -> bool:
    """Whether this session is part way through the equality section (for Back from it)."""
    until = session.get(OPEN_UNTIL)
    return bool(until) and datetime.fromisoformat(until) >= utcnow()


def close_section() -> None:
    """Reaching the confirmation page ends the section for good."""
    if session.pop(OPEN_UNTIL, None) is not None and session.get("submitted"):
        session[CLOSED_FOR] = session["submitted"]


def forget_section() -> None:
    """A new survey is starting: nothing of the previous section carries over."""
    session.pop(OPEN_UNTIL, None)
    session.pop(CLOSED_FOR, None)


def _keep_open() -> None:
    until = utcnow() + current_app.config["DRAFT_LIFETIME"]
    session[OPEN_UNTIL] = until.isoformat()


def _section_response(channel):
    """The response whose equality answers this session may give, or None."""
    response = response_by_key(session.get("submitted"))
    if response is None or response.channel_id != channel.id or not section_is_open():
        return None
    _keep_open()
    return response


def _channel_or_404(slug):
    channel = channel_by_slug(slug)
    if channel is None:
        abort(404)
    return channel


def _finish(channel):
    return redirect(url_for("survey.complete", channel=channel.slug))


def _page_url(channel, page):
    return url_for("equality.question", channel=channel.slug, slug=page.slug)


@bp.route("/<channel>/equality", methods=["GET", "POST"])
def explainer(channel):
    channel = _channel_or_404(channel)
    response = _section_response(channel)
    if response is None:
        return _finish(channel)
    form = EqualityExplainerForm()
    if form.validate_on_submit():
        first = eq.next_page(equality_question_keys(response), equality_answers(response), None)
        if form.answer_equality.data == "no" or first is None:
            return _finish(channel)
        return redirect(_page_url(channel, first))
    return render_template(
        "equality/explainer.html",
        form=form,
        channel=channel,
        title="We have received your answers",
    )


@bp.route("/<channel>/equality/<slug>", methods=["GET", "POST"])
def question(channel, slug):
    channel = _channel_or_404(channel)
    page = eq.PAGES_BY_SLUG.get(slug)
    if page is None:
        abort(404)
    response = _section_response(channel)
    if response is None:
        return _finish(channel)
    if request.method == "POST" and "skip" in request.form:
        return _finish(channel)
    keys = equality_question_keys(response)
    answers = equality_answers(response)
    if page.slug not in {p.slug for p in eq.route(keys, answers)}:
        following = eq.next_page(keys, answers, page.slug)
        return redirect(_page_url(channel, following)) if following else _finish(channel)
    page = page.for_answers(answers)
    form = _question_form(page, answers)
    if request.method == "POST" and form.validate():
        save_equality_answer(response, page, form.answer.data, form.write_in.data)
        following = eq.next_page(keys, equality_answers(response), page.slug)
        return redirect(_page_url(channel, following)) if following else _finish(channel)
    previous = eq.previous_page(keys, answers, page.slug)
    back = (
        _page_url(channel, previous)
        if previous
        else url_for("equality.explainer", channel=channel.slug)
    )
    return render_template(
        "equality/question.html",
        form=form,
        channel=channel,
        page=page,
        back=back,
        title=page.text,
    )


def _question_form(page: eq.EqualityPage, answers) -> EqualityQuestionForm:
    stored = answers.get(page.column)
    data = {}
    if request.method == "GET" and stored not in (None, eq.SKIPPED):
        data["answer"] = stored
        if page.write_in is not None:
            data["write_in"] = answers.get(page.write_in.column) or ""
    write_in = None
    if page.write_in is not None:
        write_in = (page.write_in.when, page.write_in.thing, eq.WRITE_IN_MAX_LENGTH)
    return EqualityQuestionForm(
        data=data,
        label=page.text,
        options=page.options,
        invalid_message=page.invalid_message,
        option_hints=page.option_hints,
        write_in=write_in,
    )
