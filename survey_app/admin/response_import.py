"""Bulk entry: upload a CSV of responses in the format of the full response export.

The importer (``services.response_transfer``) checks every row and imports nothing if any
row is wrong; this page turns its problems into a row-by-row report.
"""

import csv
import io

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.exceptions import RequestEntityTooLarge

from forms.survey_admin import ResponsesUploadForm
from survey_app.admin import bp
from survey_app.admin.presenters import report
from survey_app.errors import render_error
from survey_app.presenters import council_datetime
from survey_app.services import audit, response_transfer
from survey_app.services.response_template import template_csv, template_surveys
from survey_app.services.response_transfer import ImportRejected, ImportRepeated
from survey_app.services.transactions import roll_back

ENDPOINT = "admin.import_responses"
# The app-wide request limit is 1 MiB, which a year of one council's responses outgrows (an
# exported row is about 100 to 400 bytes). 4 MiB is about 20,000 rows, which the importer
# checks and saves in about 15 seconds on a busy two-core machine: inside the server's
# 30-second request timeout (8 MiB took 27 seconds, too close to it).
MAX_IMPORT_BYTES = 4 * 1024 * 1024
# Every problem is reported, but a page of thousands helps nobody: the first ones are shown.
MAX_PROBLEMS_SHOWN = 200


@bp.url_value_preprocessor
def allow_large_csv_upload(endpoint, _values):
    """Raise the size limit for this one upload.

    URL value preprocessors run before any ``before_request`` function, and CSRF protection
    reads the request body in one: the limit must be set before that. Only a signed-in admin
    gets the larger limit, so nobody else can make the server read that much.
    """
    if (
        endpoint == ENDPOINT
        and request.method == "POST"
        and current_user.is_authenticated
        and current_user.has_role("admin")
    ):
        request.max_content_length = MAX_IMPORT_BYTES


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(_error):
    if request.endpoint != ENDPOINT:
        return render_error(413)
    form = ResponsesUploadForm(formdata=None)
    form.file.errors = [f"The selected file must be smaller than {_megabytes()} MB"]
    return _render(form, status=413)


def _megabytes() -> str:
    return f"{MAX_IMPORT_BYTES / 2**20:g}"


def _render(form, problems=(), status=200, repeated=None):
    return render_template(
        "admin/import_responses.html",
        form=form,
        problems=list(problems)[:MAX_PROBLEMS_SHOWN],
        problem_count=len(problems),
        repeated=repeated,
        repeated_rows=repeated.rows[:MAX_PROBLEMS_SHOWN] if repeated else [],
        surveys=template_surveys(),
        max_mb=_megabytes(),
        title="Import responses from a CSV file",
    ), status


def _uploaded_text(form) -> str | None:
    """The file as text, or None with the reason on the form."""
    upload = form.file.data
    if not (upload.filename or "").lower().endswith(".csv"):
        form.file.errors.append("The selected file must be a CSV file")
        return None
    data = upload.read()
    if not data.strip():
        form.file.errors.append("The selected file is empty")
        return None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        form.file.errors.append(
            "The selected file must be saved as CSV UTF-8. In Excel, choose Save as, "
            "then CSV UTF-8 (comma delimited)"
        )
        return None
    if "\x00" in text:
        form.file.errors.append("The selected file must be a CSV file")
        return None
    return text


@bp.route("/paper/import", methods=["GET", "POST"])
def import_responses():
    form = ResponsesUploadForm()
    if not form.validate_on_submit():
        return _render(form)
    text = _uploaded_text(form)
    if text is None:
        return _render(form)
    try:
        rows = sum(1 for record in csv.reader(io.StringIO(text)) if record) - 1
        if rows < 1:
            form.file.errors.append("The selected file has column headings but no responses")
            return _render(form)
        count = response_transfer.import_responses(
            text,
            filename=form.file.data.filename or "",
            user=current_user,
            confirmed_new="yes" in (form.confirm_new.data or []),
        )
    except ImportRepeated as repeated:
        audit.record_event(
            "responses.import_repeated",
            f"{rows} rows, {len(repeated.rows)} imported before, none imported",
        )
        form.file.errors.append(_repeated_message(repeated))
        return _render(form, repeated=repeated)
    except ImportRejected as rejected:
        problems = report(rejected.problems)
        audit.record_event(
            "responses.import_rejected", f"{rows} rows, {len(problems)} problems, none imported"
        )
        form.file.errors.append(
            f"The selected file has {len(problems)} "
            f"{'problem' if len(problems) == 1 else 'problems'}. Nothing was imported. "
            "Fix every row listed, then upload the file again"
        )
        return _render(form, problems)
    except csv.Error:
        roll_back()
        form.file.errors.append(
            "The selected file could not be read as CSV. Save it as CSV UTF-8, then upload it again"
        )
        return _render(form)
    audit.record_event("responses.imported", f"{count} responses from a CSV file")
    flash(f"{count} {'response' if count == 1 else 'responses'} imported.")
    return redirect(url_for(".import_responses"))


def _repeated_message(repeated: ImportRepeated) -> str:
    """Why nothing was imported, naming the earlier import (rows are listed on the page)."""
    count = len(repeated.rows)
    if repeated.same_file is not None:
        earlier = repeated.same_file
        who = f" by {earlier.imported_by.name}" if earlier.imported_by else ""
        start = f"This file was already imported on {council_datetime(earlier.imported_at)}{who}"
    else:
        start = f"{count} {'row was' if count == 1 else 'rows were'} already imported"
    return (
        f"{start}. Nothing was imported. If these are new responses, select "
        "\u201cThese are new responses\u201d and upload the file again"
    )


@bp.route("/paper/import/template/<slug>.csv")
def import_template(slug):
    """A CSV to fill in: the columns a person needs, and a row of guidance listing choices."""
    text = template_csv(slug)
    if text is None:
        abort(404)
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{slug}-import-template.csv"'},
    )
