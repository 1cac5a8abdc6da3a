"""The resident journey: start, one page per question, check your answers, confirmation."""

from flask import abort, current_app, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from forms.channel import StartForm
from forms.survey import build_page_form
from survey_app.equality.section import (
    close_section,
    forget_section,
    open_section,
    section_is_open,
)
from survey_app.extensions import limiter, statements_stand_alone
from survey_app.languages import LANGUAGES, current_language
from survey_app.services import journey
from survey_app.services.contact_dates import earliest_for_version
from survey_app.services.definitions import localise, translation_languages
from survey_app.services.receipts import shown_reference
from survey_app.services.reference import channel_by_slug, service_by_slug, service_options
from survey_app.services.responses import (
    DraftExpired,
    DraftIncomplete,
    DraftState,
    draft_definition,
    draft_state,
    response_by_key,
    save_page_answers,
    start_draft,
    submit_draft,
)
from survey_app.services.surveys import open_version_for_channel, version_definition
from survey_app.survey import bp
from survey_app.survey.presenters import (
    display_answer,
    from_form,
    shown,
    shown_options,
    shown_question,
    to_form_data,
    widget_params,
)

CHECK_PAGE = "check-your-answers"
# Once the confirmation page has been shown, the cookie keeps only the slug of the channel
# whose answers were sent (so a reload or Back shows the confirmation again), never the key
# of the response: on a shared device, that key would find the resident's answers.
SENT = "sent"
# With it, the receipt reference shown on the confirmation page (``services.receipts``):
# it grants no access to anything, so Reload and Back can show it again.
SENT_REFERENCE = "sent_reference"


def _submit_rate_limit() -> str:
    return current_app.config["SURVEY_SUBMIT_RATE_LIMIT"]


def _channel_or_404(slug: str):
    channel = channel_by_slug(slug)
    if channel is None:
        abort(404)
    return channel


def _channel_and_draft(slug: str) -> tuple[str, DraftState | None]:
    """The channel's slug (404 if unknown or closed) and the resident's draft for it, or
    None if the draft has gone. The draft's row brings its channel, so a resident part way
    through, who asks for almost every page of the journey, costs one query, not two."""
    draft = draft_state(session.get("draft"))
    if draft is not None and draft.channel_slug == slug and draft.channel_active:
        return slug, draft
    return _channel_or_404(slug).slug, None


def _shown_definition(draft: DraftState, language: str):
    """A survey version's definition in a language (see ``localise``)."""
    return localise(version_definition(draft.survey_version_id, draft.published_at), language)


def _page_form_class(draft: DraftState, page_key: str, slug: str, services, language: str):
    """The form class of a survey page: a class with a field per question, built for the
    request. (Keeping them per process saved under 2% of a page's CPU: bench/RESULTS.md.)"""
    definition = _shown_definition(draft, language)
    questions = journey.page_questions(journey.find_page(definition, page_key), slug)
    listed = [{"slug": service["slug"], "name": service["name"]} for service in services]
    earliest = (
        earliest_for_version(draft.survey_version_id)
        if any(q["type"] == "date" for q in questions)
        else None
    )
    return build_page_form(
        [shown_question(q) for q in questions],
        {q["key"]: shown_options(q, listed) for q in questions},
        earliest=earliest,
    )


def _expired(slug: str):
    return redirect(url_for("survey.session_ended", channel=slug))


@bp.route("/<channel>", methods=["GET", "POST"])
@statements_stand_alone(methods={"GET", "POST"})  # reads, and on POST one INSERT (the draft)
def start(channel):
    channel = _channel_or_404(channel)
    slug = channel.slug  # kept: a commit below would expire it and cost a query
    survey, version = open_version_for_channel(slug)
    if survey is None:
        abort(404)
    if version is None:
        return render_template(
            "survey/closed.html", channel=channel, title=_("This survey has closed")
        )
    service = service_by_slug(request.args.get("service"))
    definition = version_definition(version.id, version.published_at)
    offered = [LANGUAGES[code] for code in translation_languages(definition) if code in LANGUAGES]
    language = current_language()
    localised = localise(version_definition(version.id, version.published_at), language.code)
    title = survey.title if language.code == "en" else localised["title"]
    form = StartForm()
    if form.validate_on_submit():
        draft = start_draft(version, channel, service=service, language=language.code)
        answers = draft.answers
        session.permanent = True
        session["draft"] = draft.token
        session.pop("submitted", None)
        session.pop(SENT, None)
        session.pop(SENT_REFERENCE, None)
        forget_section()
        first = journey.next_page_key(definition, slug, answers, "")
        return redirect(url_for("survey.question", channel=slug, page_key=first))
    return render_template(
        "survey/start.html",
        form=form,
        channel=channel,
        service=service,
        survey=survey,
        survey_title=shown(title),
        languages=offered,
        title=str(title),
    )


@bp.route("/<channel>/<page_key>", methods=["GET", "POST"])
@statements_stand_alone(methods={"GET", "POST"})  # reads, and on POST one UPDATE (the draft)
def question(channel, page_key):
    slug, draft = _channel_and_draft(channel)
    if draft is None:
        return _expired(slug)
    definition = draft_definition(draft)
    on_route = [p["key"] for p in journey.route(definition, slug, draft.answers)]
    if page_key not in on_route:
        if journey.find_page(definition, page_key) is None:
            abort(404)
        return redirect(url_for("survey.check", channel=slug))
    language = current_language().code
    page = journey.find_page(_shown_definition(draft, language), page_key)
    questions = journey.page_questions(page, slug)
    # Only the service question lists the services: other pages skip the query.
    needs_services = any(q.get("options_from") == "services" for q in questions)
    services = service_options() if needs_services else []
    form_class = _page_form_class(draft, page_key, slug, services, language)
    changing = request.args.get("change") == "1"
    if request.method == "POST":
        form = form_class()
        if form.validate():
            answers = save_page_answers(draft, from_form(questions, form))
            session.modified = True  # the cookie lives as long as the draft, just extended
            if changing:
                target = journey.first_unanswered_page(definition, slug, answers)
            else:
                target = journey.next_page_key(definition, slug, answers, page_key)
            if target is None:
                return redirect(url_for("survey.check", channel=slug))
            return redirect(
                url_for(
                    "survey.question",
                    channel=slug,
                    page_key=target,
                    **({"change": 1} if changing else {}),
                )
            )
    else:
        form = form_class(data=to_form_data(questions, draft.answers))
    previous = journey.previous_page_key(definition, slug, draft.answers, page_key)
    if changing:
        back = url_for("survey.check", channel=slug)
    elif previous:
        back = url_for("survey.question", channel=slug, page_key=previous)
    else:
        back = url_for("survey.start", channel=slug)
    single = len(questions) == 1
    return render_template(
        "survey/question.html",
        form=form,
        page_title=shown_question({"text": page.get("title")})["text"],
        questions=questions,
        params={q["key"]: widget_params(shown_question(q), page_heading=single) for q in questions},
        single=single,
        back=back,
        title=str(questions[0]["text"] if single else page["title"]),
    )


@bp.route(f"/<channel>/{CHECK_PAGE}", methods=["GET", "POST"])
@limiter.limit(_submit_rate_limit, methods=["POST"])
@statements_stand_alone(methods={"GET"})  # sending writes a response and its answers together
def check(channel):
    form = StartForm()
    if form.validate_on_submit():
        return _send(_channel_or_404(channel))
    slug, draft = _channel_and_draft(channel)
    if draft is None:
        if session.get(SENT) == slug:
            return redirect(url_for("survey.complete", channel=slug))
        if response_by_key(session.get("submitted")):
            # Back from the equality section returns to it: the answers are already sent.
            target = "survey.equality_explainer" if section_is_open() else "survey.complete"
            return redirect(url_for(target, channel=slug))
        return _expired(slug)
    definition = draft_definition(draft)
    missing = journey.first_unanswered_page(definition, slug, draft.answers)
    if missing:
        return redirect(url_for("survey.question", channel=slug, page_key=missing))
    services = service_options()
    shown_definition = _shown_definition(draft, current_language().code)
    rows = []
    for page in journey.route(definition, slug, draft.answers):
        for q in journey.page_questions(journey.find_page(shown_definition, page["key"]), slug):
            rows.append(
                {
                    "question": shown_question(q),
                    "value": display_answer(q, draft.answers.get(q["key"]), services),
                    "href": url_for(
                        "survey.question", channel=slug, page_key=page["key"], change=1
                    ),
                }
            )
    last_page = journey.route(definition, slug, draft.answers)[-1]["key"]
    return render_template(
        "survey/check.html",
        form=form,
        rows=rows,
        back=url_for("survey.question", channel=slug, page_key=last_page),
        title=_("Check your answers before sending them"),
    )


def _send(channel):
    """Send the resident's answers: one response, however often they press Send."""
    slug = channel.slug  # kept: the commit below expires the channel
    # A repeat submit (double click, or Back then submit) finds the response already made.
    if not session.get("draft") and session.get(SENT) == slug:
        return redirect(url_for("survey.complete", channel=slug))
    token = session.get("draft") or session.get("submitted")
    try:
        response = submit_draft(token)
    except DraftExpired:
        return _expired(slug)
    except DraftIncomplete as incomplete:
        return redirect(url_for("survey.question", channel=slug, page_key=incomplete.page_key))
    session["submitted"] = token
    session.pop("draft", None)
    if open_section(response):
        return redirect(url_for("survey.equality_explainer", channel=slug))
    return redirect(url_for("survey.complete", channel=slug))


@bp.route("/<channel>/complete")
@statements_stand_alone(methods={"GET"})
def complete(channel):
    channel = _channel_or_404(channel)
    already_shown = session.get(SENT) == channel.slug and not session.get("submitted")
    if already_shown:
        reference = session.get(SENT_REFERENCE)
    else:
        response = response_by_key(session.get("submitted"))
        if response is None:
            return redirect(url_for("survey.start", channel=channel.slug))
        reference = response.reference
    close_section()
    # From here on nothing in the cookie finds the response: the equality section has
    # closed, and the confirmation page needs only to know that something was sent, and
    # the receipt reference, which opens nothing.
    session.pop("submitted", None)
    session[SENT] = channel.slug
    if reference:
        session[SENT_REFERENCE] = reference
    else:
        session.pop(SENT_REFERENCE, None)
    return render_template(
        "survey/complete.html",
        channel=channel,
        reference=shown_reference(reference),
        title=_("Thank you, your answers have been sent"),
    )


@bp.route("/<channel>/session-ended")
@statements_stand_alone(methods={"GET"})
def session_ended(channel):
    channel = _channel_or_404(channel)
    return render_template(
        "survey/session_ended.html", channel=channel, title=_("Your answers could not be found")
    )
