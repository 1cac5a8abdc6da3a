"""The equality section of the survey (``/survey/<channel>/equality``): after the survey
answers are sent, before the confirmation page. Explainer, then one optional question per
page; leaving at any point keeps everything."""

from flask import abort, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from forms.equality import EqualityExplainerForm, EqualityQuestionForm
from survey_app.equality import questions as eq
from survey_app.equality.section import keep_section_open, section_is_open
from survey_app.extensions import statements_stand_alone
from survey_app.services.equality import (
    equality_answers,
    equality_question_keys,
    save_equality_answer,
)
from survey_app.services.reference import channel_by_slug
from survey_app.services.responses import response_by_key
from survey_app.survey import bp
from survey_app.survey.presenters import in_language, shown_equality_page


def _section_response(channel):
    """The response whose equality answers this session may give, or None."""
    response = response_by_key(session.get("submitted"))
    if response is None or response.channel_id != channel.id or not section_is_open():
        return None
    keep_section_open()
    return response


def _channel_or_404(slug):
    channel = channel_by_slug(slug)
    if channel is None:
        abort(404)
    return channel


def _finish(channel):
    return redirect(url_for("survey.complete", channel=channel.slug))


def _page_url(channel, page):
    return url_for("survey.equality_question", channel=channel.slug, slug=page.slug)


@bp.route("/<channel>/equality", methods=["GET", "POST"])
@statements_stand_alone(methods={"GET", "POST"})  # reads only: declining or starting writes nothing
def equality_explainer(channel):
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
        "survey/equality/explainer.html",
        form=form,
        channel=channel,
        title=_("We have received your answers"),
    )


@bp.route("/<channel>/equality/<slug>", methods=["GET", "POST"])
@statements_stand_alone(methods={"GET"})  # an answer is saved in a transaction
def equality_question(channel, slug):
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
    shown_page = shown_equality_page(page)
    form = _question_form(shown_page, answers)
    if request.method == "POST" and form.validate():
        save_equality_answer(response, page, form.answer.data, form.write_in.data)
        following = eq.next_page(keys, equality_answers(response), page.slug)
        return redirect(_page_url(channel, following)) if following else _finish(channel)
    previous = eq.previous_page(keys, answers, page.slug)
    back = (
        _page_url(channel, previous)
        if previous
        else url_for("survey.equality_explainer", channel=channel.slug)
    )
    return render_template(
        "survey/equality/question.html",
        form=form,
        channel=channel,
        page=shown_page,
        back=back,
        title=str(in_language(page.text)),
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
