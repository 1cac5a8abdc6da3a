"""Translations of a survey: a spreadsheet per language to download, fill in and upload."""

from flask import Response, abort, render_template

from forms.survey_admin import TranslationUploadForm
from survey_app.admin import bp
from survey_app.admin.surveys import survey_or_404
from survey_app.languages import LANGUAGES
from survey_app.services import audit
from survey_app.services import survey_drafts as drafts
from survey_app.services.reference import active_channels
from survey_app.services.translations import (
    SpreadsheetError,
    apply_translations,
    coverage,
    read_workbook,
    shared_text_coverage,
    workbook_bytes,
)

MAX_UPLOAD_BYTES = 1024 * 1024
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _upload_form() -> TranslationUploadForm:
    return TranslationUploadForm(
        languages=[(code, known.english_name) for code, known in LANGUAGES.items() if code != "en"]
    )


def _language_or_404(code: str):
    if code == "en" or code not in LANGUAGES:
        abort(404)
    return LANGUAGES[code]


def _page(survey, form=None, report=None, language=None, status=200):
    definition = drafts.editable_definition(survey)
    rows, shared = [], []
    others = [code for code in LANGUAGES if code != "en"]
    channels = active_channels()
    for code in others:
        shared.append(
            {
                "language": LANGUAGES[code],
                "coverage": shared_text_coverage(code, others, channels),
            }
        )
    for code, known in LANGUAGES.items():
        if code == "en":
            continue
        done, total = coverage(definition, code)
        translation = definition.get("translations", {}).get(code, {})
        rows.append(
            {
                "language": known,
                "done": done,
                "total": total,
                "percent": round(100 * done / total) if total else 0,
                "offered": code in definition.get("languages", []),
                "checked": translation.get("status") == "checked",
            }
        )
    return render_template(
        "admin/translations.html",
        survey=survey,
        rows=rows,
        shared=shared,
        form=form or _upload_form(),
        report=report,
        report_language=language,
        title=f"Translations: {survey.title}",
    ), status


@bp.route("/surveys/<slug>/translations", methods=["GET", "POST"])
def translations(slug):
    survey = survey_or_404(slug)
    form = _upload_form()
    if not form.validate_on_submit():
        return _page(survey, form=form)
    code = form.language.data
    language = _language_or_404(code)
    data = form.file.data.read(MAX_UPLOAD_BYTES + 1)
    try:
        if len(data) > MAX_UPLOAD_BYTES:
            raise SpreadsheetError("The selected file must be smaller than 1 MB")
        uploaded = read_workbook(data)
    except SpreadsheetError as error:
        form.file.errors.append(str(error))
        return _page(survey, form=form)
    definition, report = apply_translations(drafts.editable_definition(survey), code, uploaded)
    if report.changed:
        drafts.save_draft(
            survey,
            definition,
            f"{language.english_name} translation: {len(report.changed)} texts changed",
        )
    return _page(survey, form=_upload_form(), report=report, language=language)


@bp.route("/surveys/<slug>/translations/<code>.xlsx")
def translation_spreadsheet(slug, code):
    survey, language = survey_or_404(slug), _language_or_404(code)
    audit.record_event("survey.translation_exported", f"{survey.slug}: {language.english_name}")
    return Response(
        workbook_bytes(drafts.editable_definition(survey), code),
        mimetype=XLSX,
        headers={
            "Content-Disposition": f'attachment; filename="{survey.slug}-{code}.xlsx"',
        },
    )
