"""Survey administration: list, create, edit, import, export, preview, publish and close."""

import re

from flask import Response, abort, flash, redirect, render_template, request, url_for

from forms.survey import build_page_form
from forms.survey_admin import (
    SURVEY_ID_PATTERN,
    ConfirmForm,
    DefinitionUploadForm,
    NewSurveyForm,
    PageForm,
    QuestionForm,
    ScheduleForm,
    SurveySettingsForm,
    option_lines,
    parse_option_lines,
)
from survey_app.admin import bp
from survey_app.admin.presenters import (
    channel_choices,
    describe_condition,
    equality_question_choices,
    import_report,
    translation_rows,
    yes_no,
)
from survey_app.services import journey
from survey_app.services import survey_drafts as drafts
from survey_app.services.definition_files import (
    MAX_DEFINITION_BYTES,
    definition_from_text_file,
    definition_from_xlsform,
    export_json,
    export_yaml,
)
from survey_app.services.definitions import DefinitionError, question_options, validate_definition
from survey_app.services.reference import channel_by_slug, service_options
from survey_app.services.reference_editing import all_channels
from survey_app.survey.presenters import widget_params

TYPE_LABELS = {
    "single_choice": "Single choice",
    "multiple_choice": "Multiple choice",
    "satisfaction": "Satisfaction scale",
    "yes_no": "Yes or no",
    "text": "Free text",
    "number": "Whole number",
    "date": "Date",
}


def survey_or_404(slug: str):
    survey = drafts.survey_by_slug(slug)
    if survey is None:
        abort(404)
    return survey


@bp.route("/surveys")
def surveys():
    return render_template(
        "admin/surveys.html",
        surveys=drafts.all_surveys(),
        has_changes=drafts.has_unpublished_changes,
        title="Surveys",
    )


@bp.route("/surveys/new", methods=["GET", "POST"])
def new_survey():
    form = NewSurveyForm(channels=channel_choices())
    if form.validate_on_submit():
        try:
            survey = drafts.create_survey_draft(
                form.survey_id.data, form.title.data.strip(), form.channels.data
            )
        except ValueError as error:
            form.survey_id.errors.append(str(error))
        else:
            flash("Survey created. Add its questions, then publish it.")
            return redirect(url_for(".survey", slug=survey.slug))
    return render_template("admin/new_survey.html", form=form, title="Create a survey")


def _import_upload(form, survey=None):
    """The definition in an uploaded file and, for an XLSForm, its import report (rows left
    out, what was made for the admin); errors go on the form."""
    upload = form.file.data
    filename = getattr(upload, "filename", "") or ""
    data = upload.read(MAX_DEFINITION_BYTES + 1) if upload else b""
    report = None
    try:
        if filename.lower().endswith(".xlsx"):
            defaults = drafts.editable_definition(survey) if survey else {}
            report = definition_from_xlsform(
                data,
                survey_id=survey.slug if survey else "",
                title=defaults.get("title", ""),
                channels=defaults.get("channels") or [s for s, _ in channel_choices()],
                retention_days=defaults.get("retention_days", drafts.DEFAULT_RETENTION_DAYS),
                filename=filename,
            )
            definition = report.definition
            if survey is None and not re.match(SURVEY_ID_PATTERN, definition["id"]):
                form.file.errors.append(
                    "Add a form_id of lowercase letters, numbers and hyphens to the "
                    "spreadsheet's settings sheet, or create the survey first and import "
                    "the spreadsheet into it"
                )
                return None, None
        elif filename.lower().endswith((".yaml", ".yml", ".json")):
            definition = definition_from_text_file(data)
        else:
            form.file.errors.append("The selected file must be a .yaml, .yml, .json or .xlsx file")
            return None, None
        if survey is not None:
            definition["id"] = survey.slug
        validate_definition(definition)
    except DefinitionError as error:
        problems = error.problems
        if len(problems) == 1:
            form.file.errors.append(problems[0])
        else:
            form.file.errors.append(
                f"The selected file has {len(problems)} problems. "
                "Fix them all, then upload it again"
            )
            form.file_problems = problems
        return None, None
    return definition, report


def _imported(survey, report, filename):
    """After an XLSForm import, its whole report on a page of its own (every row left out
    is named, which a flashed message in the session cookie could not hold); after a YAML or
    JSON file, back to the survey."""
    if report is None:
        flash("Definition imported into the draft. Check it, then publish it.")
        return redirect(url_for(".survey", slug=survey.slug))
    return render_template(
        "admin/import_report.html",
        survey=survey,
        report=import_report(report, filename),
        title="Spreadsheet imported",
    )


@bp.route("/surveys/import", methods=["GET", "POST"])
def import_survey():
    form = DefinitionUploadForm()
    if form.validate_on_submit():
        definition, report = _import_upload(form)
        if definition is not None:
            try:
                survey = drafts.create_survey_from_definition(definition)
            except ValueError as error:
                form.file.errors.append(str(error))
            else:
                return _imported(survey, report, form.file.data.filename)
    return render_template("admin/import.html", form=form, survey=None, title="Import a survey")


@bp.route("/surveys/<slug>/import", methods=["GET", "POST"])
def import_into_survey(slug):
    survey = survey_or_404(slug)
    form = DefinitionUploadForm()
    if form.validate_on_submit():
        definition, report = _import_upload(form, survey)
        if definition is not None:
            drafts.save_draft(survey, definition, "definition imported", action="survey.imported")
            return _imported(survey, report, form.file.data.filename)
    return render_template(
        "admin/import.html",
        form=form,
        survey=survey,
        title=f"Import a definition into {survey.title}",
    )


def _question_rows(definition):
    """The draft's pages and questions as the survey page lists them, each question with
    the channels it is really asked on (its page's limit counts as well as its own)."""
    pages = []
    every = list(definition.get("channels", []))
    for page in definition.get("pages", []):
        pages.append(
            {
                "page": page,
                "questions": [
                    {
                        "question": question,
                        "asked_on": None
                        if (asked := drafts.asked_on(definition, page, question)) == every
                        else asked,
                    }
                    for question in page.get("questions", [])
                ],
                "conditions": [describe_condition(definition, c) for c in page.get("show_if", [])],
            }
        )
    return pages


def _render_survey(survey, problems=None, status=200):
    definition = drafts.editable_definition(survey)
    if problems is None:
        problems = drafts.draft_problems(definition)
    page_problems = [
        {"text": problem, "href": drafts.problem_anchor(definition, problem)}
        for problem in problems
    ]
    return render_template(
        "admin/survey.html",
        survey=survey,
        definition=definition,
        pages=_question_rows(definition),
        page_problems=page_problems,
        has_changes=drafts.has_unpublished_changes(survey),
        type_labels=TYPE_LABELS,
        channel_names={c.slug: c.name for c in all_channels()},
        translations=translation_rows(definition),
        equality_names=dict(equality_question_choices()),
        action_form=ConfirmForm(),
        title=survey.title,
    ), status


@bp.route("/surveys/<slug>")
def survey(slug):
    return _render_survey(survey_or_404(slug))


@bp.route("/surveys/<slug>/publish", methods=["GET", "POST"])
def publish(slug):
    """What the new version changes since the last, then publishing it once confirmed."""
    survey = survey_or_404(slug)
    if not drafts.has_unpublished_changes(survey):
        flash("There are no changes to publish")
        return redirect(url_for(".survey", slug=slug))
    definition = drafts.editable_definition(survey)
    form = ConfirmForm()
    if request.method == "GET" or not form.validate_on_submit():
        problems = drafts.draft_problems(definition)
        if problems:
            return _render_survey(survey, problems)
        previous = survey.current_version
        return render_template(
            "admin/publish.html",
            survey=survey,
            changes=drafts.definition_changes(
                previous.definition if previous else None, definition
            ),
            number=(previous.version if previous else 0) + 1,
            channel_names={c.slug: c.name for c in all_channels()},
            equality_names=dict(equality_question_choices()),
            action_form=form,
            title=f"Publish version {(previous.version if previous else 0) + 1}",
        )
    try:
        number = drafts.publish_draft(survey)
    except DefinitionError as error:
        return _render_survey(survey, error.problems)
    except drafts.SurveyStateError as error:
        flash(str(error))
        return redirect(url_for(".survey", slug=slug))
    flash(f"Version {number} published. New responses use it from now on.")
    return redirect(url_for(".survey", slug=slug))


@bp.route("/surveys/<slug>/schedule", methods=["GET", "POST"])
def survey_schedule(slug):
    """When an open survey takes answers; saved at once, without publishing a version."""
    survey = survey_or_404(slug)
    form = ScheduleForm(data={"opens_on": survey.opens_on, "closes_on": survey.closes_on})
    if form.validate_on_submit():
        drafts.set_schedule(survey, form.opens_on.data, form.closes_on.data)
        flash("Opening and closing dates saved.")
        return redirect(url_for(".survey", slug=slug, _anchor="settings"))
    return render_template(
        "admin/schedule.html", form=form, survey=survey, title="When residents can answer"
    )


@bp.route("/surveys/<slug>/<any(close, reopen):action>", methods=["POST"])
def change_status(slug, action):
    survey = survey_or_404(slug)
    try:
        drafts.set_survey_status(survey, "closed" if action == "close" else "open")
    except drafts.SurveyStateError as error:
        flash(str(error))
    else:
        flash(
            "Survey closed. Residents are told it has closed."
            if action == "close"
            else "Survey reopened."
        )
    return redirect(url_for(".survey", slug=slug))


@bp.route("/surveys/<slug>/discard", methods=["POST"])
def discard(slug):
    survey = survey_or_404(slug)
    try:
        drafts.discard_draft(survey)
    except drafts.SurveyStateError as error:
        flash(str(error))
    else:
        flash("Changes discarded. The draft is the published version again.")
    return redirect(url_for(".survey", slug=slug))


@bp.route("/surveys/<slug>/settings", methods=["GET", "POST"])
def survey_settings(slug):
    survey = survey_or_404(slug)
    definition = drafts.editable_definition(survey)
    form = SurveySettingsForm(
        channels=channel_choices(definition.get("channels", [])),
        equality_questions=equality_question_choices(),
        data={
            "title": definition.get("title"),
            "retention_days": definition.get("retention_days", drafts.DEFAULT_RETENTION_DAYS),
            "channels": definition.get("channels", []),
            "equality_questions": definition.get("equality_questions", []),
        },
    )
    if form.validate_on_submit():
        changed = drafts.with_settings(
            definition,
            title=form.title.data.strip(),
            retention_days=form.retention_days.data,
            channels=form.channels.data,
            equality_questions=[
                key
                for key, _name in equality_question_choices()
                if key in (form.equality_questions.data or [])
            ],
        )
        drafts.save_draft(survey, changed, "settings")
        flash("Settings saved in the draft.")
        return redirect(url_for(".survey", slug=slug))
    return render_template("admin/settings.html", form=form, survey=survey, title="Survey settings")


def _question_form_data(question, page_key):
    kind = "service" if question.get("options_from") == "services" else question["type"]
    return {
        "text": question["text"],
        "key": question["key"],
        "type": kind,
        "hint": question.get("hint", ""),
        "summary": question.get("summary", ""),
        "required": yes_no(question.get("required", True)),
        "error_required": question.get("error_required", ""),
        "options": option_lines(question.get("options", [])),
        "max_length": question.get("max_length"),
        "min": question.get("min"),
        "max": question.get("max"),
        "suffix": question.get("suffix", ""),
        "past_only": yes_no(question.get("past_only", False)),
        "channels": question.get("channels", []),
        "page": page_key,
    }


def _question_from_form(form, original) -> dict:
    """The question as the definition stores it; extras of kept options are kept."""
    kind = form.type.data
    question = {
        "key": form.key.data,
        "type": "single_choice" if kind == "service" else kind,
        "text": form.text.data.strip(),
    }
    if kind == "service":
        question["options_from"] = "services"
    for name in ("summary", "hint", "error_required"):
        if (getattr(form, name).data or "").strip():
            question[name] = getattr(form, name).data.strip()
    if form.required.data == "no":
        question["required"] = False
    if kind in ("single_choice", "multiple_choice"):
        previous = {o["value"]: o for o in (original or {}).get("options", [])}
        question["options"] = [
            {**previous.get(o["value"], {}), **o} for o in parse_option_lines(form.options.data)
        ]
    if kind == "text":
        question["max_length"] = form.max_length.data
    if kind == "number":
        for name in ("min", "max"):
            if getattr(form, name).data is not None:
                question[name] = getattr(form, name).data
        if (form.suffix.data or "").strip():
            question["suffix"] = form.suffix.data.strip()
    if kind == "date" and form.past_only.data == "yes":
        question["past_only"] = True
    if form.channels.data:
        question["channels"] = form.channels.data
    return question


def _page_choices(definition):
    choices = []
    for number, page in enumerate(definition.get("pages", []), start=1):
        first = page["questions"][0]["text"] if page.get("questions") else page["key"]
        choices.append((page["key"], f"Page {number}: {page.get('title') or first}"[:90]))
    return choices


@bp.route("/surveys/<slug>/questions/new", methods=["GET", "POST"], defaults={"key": None})
@bp.route("/surveys/<slug>/questions/<key>", methods=["GET", "POST"])
def edit_question(slug, key):
    survey = survey_or_404(slug)
    definition = drafts.editable_definition(survey)
    page, original = drafts.find_question(definition, key) if key else (None, None)
    if key and original is None:
        abort(404)
    data = _question_form_data(original, page["key"]) if original else {"required": "yes"}
    form = QuestionForm(
        channels=channel_choices(definition.get("channels", [])),
        pages=_page_choices(definition),
        data=data,
    )
    published = drafts.published_keys(survey)
    if form.validate_on_submit():
        _other_page, clash = drafts.find_question(definition, form.key.data)
        if original is not None and form.key.data != key and key in published:
            form.key.errors.append(
                f"Question key {key} has been published, so it cannot be changed. Change "
                "the wording instead, or add a new question: a new key is a new question, "
                "with its answers counted apart"
            )
        elif clash is not None and clash is not original:
            form.key.errors.append(
                f"Question key {form.key.data} is already used by another question in this survey"
            )
        else:
            question = _question_from_form(form, original)
            changed = drafts.with_question(
                definition,
                question,
                original_key=key,
                page_key=form.page.data or None,
            )
            drafts.save_draft(survey, changed, f"question {question['key']}")
            flash(f"Question {question['key']} saved in the draft.")
            return redirect(url_for(".survey", slug=slug, _anchor=f"question-{question['key']}"))
    return render_template(
        "admin/question.html",
        form=form,
        survey=survey,
        key_published=bool(original) and key in published,
        title="Edit a question" if original else "Add a question",
    )


@bp.route("/surveys/<slug>/questions/<key>/remove", methods=["GET", "POST"])
def remove_question(slug, key):
    survey = survey_or_404(slug)
    definition = drafts.editable_definition(survey)
    _page, question = drafts.find_question(definition, key)
    if question is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        drafts.save_draft(survey, drafts.without_question(definition, key), f"removed {key}")
        flash(f"Question {key} removed from the draft.")
        return redirect(url_for(".survey", slug=slug, _anchor="questions"))
    return render_template(
        "admin/remove_question.html",
        form=form,
        survey=survey,
        question=question,
        title="Are you sure you want to remove this question?",
    )


@bp.route("/surveys/<slug>/questions/<key>/move-<any(up, down):direction>", methods=["POST"])
def move_question(slug, key, direction):
    survey = survey_or_404(slug)
    definition = drafts.editable_definition(survey)
    if drafts.find_question(definition, key)[1] is None:
        abort(404)
    step = -1 if direction == "up" else 1
    drafts.save_draft(
        survey, drafts.with_question_moved(definition, key, step), f"moved {key} {direction}"
    )
    return redirect(url_for(".survey", slug=slug, _anchor=f"question-{key}"))


@bp.route("/surveys/<slug>/pages/<page_key>", methods=["GET", "POST"])
def edit_page(slug, page_key):
    survey = survey_or_404(slug)
    definition = drafts.editable_definition(survey)
    page = journey.find_page(definition, page_key)
    if page is None:
        abort(404)
    form = PageForm(
        channels=channel_choices(definition.get("channels", [])),
        data={"title": page.get("title", ""), "channels": page.get("channels", [])},
    )
    if form.validate_on_submit():
        changed = drafts.with_page(
            definition,
            page_key,
            title=(form.title.data or "").strip(),
            channels=form.channels.data,
        )
        drafts.save_draft(survey, changed, f"page {page_key}")
        flash("Page saved in the draft.")
        return redirect(url_for(".survey", slug=slug, _anchor=f"page-{page_key}"))
    return render_template(
        "admin/page.html", form=form, survey=survey, page=page, title="Edit a page"
    )


@bp.route("/surveys/<slug>/export.<any(yaml, json):file_format>")
def export(slug, file_format):
    survey = survey_or_404(slug)
    version_number = request.args.get("version", type=int)
    if version_number is not None:
        version = next((v for v in survey.versions if v.version == version_number), None)
        if version is None:
            abort(404)
        definition, suffix = version.definition, f"-v{version_number}"
    else:
        definition, suffix = drafts.editable_definition(survey), "-draft"
    drafts.record_export(survey, f"{file_format}{suffix}")
    if file_format == "yaml":
        body, mimetype = export_yaml(definition), "application/yaml"
    else:
        body, mimetype = export_json(definition), "application/json"
    return Response(
        body,
        mimetype=mimetype,
        headers={
            "Content-Disposition": f'attachment; filename="{survey.slug}{suffix}.{file_format}"'
        },
    )


def _preview_route(definition, channel_slug):
    """Every page a resident on this channel could see, whatever they answer."""
    return [
        page
        for page in definition.get("pages", [])
        if ("channels" not in page or channel_slug in page["channels"])
        and journey.page_questions(page, channel_slug)
    ]


@bp.route("/surveys/<slug>/preview")
def preview(slug):
    survey = survey_or_404(slug)
    definition = drafts.editable_definition(survey)
    problems = drafts.draft_problems(definition)
    channels = [
        (c, _preview_route(definition, c.slug)[0]["key"])
        for c in all_channels()
        if not problems
        and c.slug in definition.get("channels", [])
        and _preview_route(definition, c.slug)
    ]
    return render_template(
        "admin/preview_start.html",
        survey=survey,
        channels=channels,
        problems=problems,
        title=f"Preview {survey.title}",
    )


@bp.route("/surveys/<slug>/preview/<channel>/<page_key>")
def preview_page(slug, channel, page_key):
    survey = survey_or_404(slug)
    definition = drafts.editable_definition(survey)
    if drafts.draft_problems(definition):
        return redirect(url_for(".preview", slug=slug))
    channel_row = channel_by_slug(channel, active_only=False)
    pages = _preview_route(definition, channel)
    keys = [p["key"] for p in pages]
    if channel_row is None or page_key not in keys:
        abort(404)
    index = keys.index(page_key)
    page = pages[index]
    questions = journey.page_questions(page, channel)
    services = service_options()
    form_class = build_page_form(
        questions, {q["key"]: question_options(q, services) for q in questions}
    )
    form = form_class(formdata=None, meta={"csrf": False})
    single = len(questions) == 1

    def page_url(key):
        return url_for(".preview_page", slug=slug, channel=channel, page_key=key)

    return render_template(
        "admin/preview_page.html",
        form=form,
        survey=survey,
        channel=channel_row,
        page=page,
        questions=questions,
        params={q["key"]: widget_params(q, page_heading=single) for q in questions},
        single=single,
        conditions=[describe_condition(definition, c) for c in page.get("show_if", [])],
        back=page_url(keys[index - 1]) if index else url_for(".preview", slug=slug),
        next_url=page_url(keys[index + 1]) if index + 1 < len(keys) else None,
        position=(index + 1, len(keys)),
        title=questions[0]["text"] if single else page["title"],
    )
