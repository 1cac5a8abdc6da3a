"""Remove a resident's answers: staff enter the receipt reference the resident quotes.

The reference (see ``services.receipts``) travels only in the body of POST requests, so it
is kept in no address, log line or audit event.
"""

from flask import flash, redirect, render_template, request, url_for

from forms.admin import FindResponseForm, RemoveResponseForm
from survey_app.admin import bp
from survey_app.services.receipts import (
    find_for_removal,
    normalise_reference,
    remove_response,
    shown_reference,
)

BAD_REFERENCE = "Enter the reference as it was shown, like K7QD-9M2X"
UNKNOWN_REFERENCE = (
    "No answers have this reference: check it with the resident, or they may have been "
    "removed already"
)
TITLE = "Remove a resident's answers"


def _find_page(form):
    return render_template("admin/remove_answers.html", form=form, title=TITLE)


@bp.route("/remove-answers", methods=["GET", "POST"])
def remove_answers():
    if "confirm" in request.form:
        return _remove()
    form = FindResponseForm()
    if not form.validate_on_submit():
        return _find_page(form)
    reference = normalise_reference(form.reference.data)
    candidate = find_for_removal(reference)
    if reference is None or candidate is None:
        form.reference.errors.append(BAD_REFERENCE if reference is None else UNKNOWN_REFERENCE)
        return _find_page(form)
    return render_template(
        "admin/remove_answers_confirm.html",
        form=RemoveResponseForm(formdata=None, data={"reference": reference}),
        candidate=candidate,
        reference=shown_reference(reference),
        title="Are you sure you want to remove these answers?",
    )


def _remove():
    form = RemoveResponseForm()
    reference = normalise_reference(form.reference.data) if form.validate_on_submit() else None
    if reference is None or not remove_response(reference):
        find = FindResponseForm(formdata=None)
        find.reference.errors = [BAD_REFERENCE if reference is None else UNKNOWN_REFERENCE]
        return _find_page(find)
    flash("The resident's answers have been removed")
    return redirect(url_for(".remove_answers"))
