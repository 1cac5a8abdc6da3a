"""Tracker views. Admins and reviewers write findings and recommendations; an officer reads
the recommendations addressed to their directorate and adds progress updates to them."""

from datetime import date

from flask import abort, current_app, redirect, render_template, send_file, url_for
from flask_login import current_user

from forms.recommendations import (
    FindingForm,
    MeasureForm,
    OfficerDirectorateForm,
    ProgressUpdateForm,
    RecommendationForm,
    ResponseForm,
    WithdrawForm,
)
from forms.survey_admin import ConfirmForm
from survey_app.auth.access import roles_required
from survey_app.recommendations import bp, evidence, exports, measures, presenters
from survey_app.recommendations.follow_up import DOCX, follow_up_document
from survey_app.services import audit
from survey_app.services import recommendations as tracker
from survey_app.services import users as accounts
from survey_app.services.recommendations import EDITABLE_FIELDS, RecommendationError

WRITERS = ("admin", "reviewer")


@bp.before_request
@roles_required("admin", "reviewer", "officer")
def staff_with_a_part_in_the_tracker():
    """Residents and shoppers have no part in the tracker."""
    return None


def _recommendation_or_404(recommendation_id: int):
    recommendation = tracker.recommendation_by_id(recommendation_id)
    if recommendation is None:
        abort(404)
    if not tracker.may_see(current_user, recommendation):
        abort(403)
    return recommendation


@bp.route("/")
def index():
    recommendations = tracker.visible_recommendations(current_user)
    writer = current_user.has_role(*WRITERS)
    directorate = None
    if not writer:
        directorate = tracker.officer_directorate(current_user)
    return render_template(
        "recommendations/index.html",
        title="Recommendations",
        table=presenters.tracker_table(
            recommendations, {item.id: measures.figures(item) for item in recommendations}
        ),
        count=len(recommendations),
        findings=tracker.all_findings() if writer else [],
        writer=writer,
        directorate=directorate,
    )


@bp.route("/tracker.<extension>")
def export(extension):
    if extension not in ("csv", "xlsx"):
        abort(404)
    recommendations = tracker.visible_recommendations(current_user)
    payload, mimetype = exports.tracker_file(presenters.export_rows(recommendations), extension)
    audit.record_event("recommendations.exported", f"tracker.{extension}")
    return send_file(
        payload, mimetype=mimetype, as_attachment=True, download_name=f"tracker.{extension}"
    )


@bp.route("/findings/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new_finding():
    form = FindingForm()
    if form.validate_on_submit():
        try:
            snapshot = evidence.snapshot(form.evidence_url.data)
        except evidence.EvidenceError as error:
            form.evidence_url.errors.append(str(error))
        else:
            finding = tracker.add_finding(
                form.title.data.strip(),
                form.text.data.strip(),
                snapshot["address"],
                snapshot,
            )
            return redirect(url_for("recommendations.finding", finding_id=finding.id))
    return render_template("recommendations/finding_form.html", form=form, title="Add a finding")


@bp.route("/findings/<int:finding_id>")
@roles_required(*WRITERS)
def finding(finding_id):
    item = tracker.finding_by_id(finding_id)
    if item is None:
        abort(404)
    return render_template(
        "recommendations/finding.html",
        title=item.title,
        finding=item,
        sections=presenters.snapshot_tables(item.snapshot),
    )


def _recommendation_form(**kwargs) -> RecommendationForm:
    return RecommendationForm(
        findings=[(str(f.id), f.title) for f in tracker.all_findings()],
        directorates=[(name, name) for name in tracker.directorates()],
        **kwargs,
    )


def _values(form: RecommendationForm) -> dict:
    values = {name: form[name].data for name in EDITABLE_FIELDS}
    for name in ("reference", "text", "portfolio_holder", "lead_officer", "committee"):
        values[name] = (values[name] or "").strip()
    values["status_reason"] = (values["status_reason"] or "").strip()
    return values


@bp.route("/new", methods=["GET", "POST"])
@roles_required(*WRITERS)
def new_recommendation():
    form = _recommendation_form(data={"status": "amber"})
    if form.validate_on_submit():
        try:
            item = tracker.add_recommendation(_values(form), form.findings.data)
        except RecommendationError as error:
            form[error.field].errors.append(str(error))
        else:
            return redirect(url_for("recommendations.recommendation", recommendation_id=item.id))
    return render_template(
        "recommendations/recommendation_form.html",
        form=form,
        title="Add a recommendation",
        back=url_for("recommendations.index"),
    )


@bp.route("/<int:recommendation_id>")
def recommendation(recommendation_id):
    item = _recommendation_or_404(recommendation_id)
    figures = measures.figures(item)
    return render_template(
        "recommendations/recommendation.html",
        title=item.reference,
        item=item,
        tag=presenters.status_tag(item),
        response=presenters.RESPONSE_LABELS.get(item.response),
        action_labels=presenters.ACTION_LABELS,
        status_labels=presenters.STATUS_LABELS,
        writer=current_user.has_role(*WRITERS),
        measure=figures,
        measure_rows=presenters.measure_rows(figures) if figures else [],
        measure_dates=measures.dates_text(item) if item.measure else "",
    )


@bp.route("/<int:recommendation_id>/edit", methods=["GET", "POST"])
@roles_required(*WRITERS)
def edit_recommendation(recommendation_id):
    item = _recommendation_or_404(recommendation_id)
    data = {name: getattr(item, name) for name in EDITABLE_FIELDS}
    data["findings"] = [str(f.id) for f in item.findings]
    form = _recommendation_form(data=data)
    if form.validate_on_submit():
        try:
            tracker.update_recommendation(item, _values(form), form.findings.data)
        except RecommendationError as error:
            form[error.field].errors.append(str(error))
        else:
            return redirect(url_for("recommendations.recommendation", recommendation_id=item.id))
    return render_template(
        "recommendations/recommendation_form.html",
        form=form,
        title=f"Change recommendation {item.reference}",
        back=url_for("recommendations.recommendation", recommendation_id=item.id),
    )


@bp.route("/<int:recommendation_id>/response", methods=["GET", "POST"])
@roles_required(*WRITERS)
def response(recommendation_id):
    item = _recommendation_or_404(recommendation_id)
    form = ResponseForm(
        data={
            "response": item.response,
            "response_text": item.response_text,
            "response_body": item.response_body or "Cabinet",
            "response_date": item.response_date,
        }
    )
    if form.validate_on_submit():
        tracker.record_response(
            item,
            form.response.data,
            form.response_text.data.strip(),
            form.response_body.data.strip(),
            form.response_date.data,
        )
        return redirect(url_for("recommendations.recommendation", recommendation_id=item.id))
    return render_template(
        "recommendations/response.html",
        form=form,
        item=item,
        title=f"The executive's response to {item.reference}",
    )


@bp.route("/<int:recommendation_id>/progress", methods=["GET", "POST"])
def progress(recommendation_id):
    item = _recommendation_or_404(recommendation_id)
    if item.withdrawn:
        abort(404)
    form = ProgressUpdateForm(data={"status": item.status})
    if form.validate_on_submit():
        tracker.add_progress_update(
            item,
            form.written_on.data,
            form.text.data.strip(),
            form.status.data,
            (form.status_reason.data or "").strip(),
        )
        return redirect(url_for("recommendations.recommendation", recommendation_id=item.id))
    return render_template(
        "recommendations/progress.html",
        form=form,
        item=item,
        title=f"Add a progress update to {item.reference}",
    )


@bp.route("/<int:recommendation_id>/measure", methods=["GET", "POST"])
@roles_required(*WRITERS)
def measure(recommendation_id):
    """Name the measure that shows whether things got better, and the dates around it."""
    item = _recommendation_or_404(recommendation_id)
    if item.measure:
        data = {
            "measure": item.measure,
            "measure_before_from": item.measure_before_from,
            "measure_since_from": item.measure_since_from,
            "measure_since_to": item.measure_since_to,
        }
    else:
        before_from, since_from = measures.default_dates(item.committee_date)
        if since_from > date.today():
            before_from, since_from = None, None
        data = {"measure_before_from": before_from, "measure_since_from": since_from}
    form = MeasureForm(
        data=data, measures=[(choice.key, choice.name) for choice in measures.choices()]
    )
    if form.validate_on_submit():
        try:
            tracker.set_measure(
                item,
                form.measure.data,
                form.measure_before_from.data,
                form.measure_since_from.data,
                form.measure_since_to.data,
            )
        except RecommendationError as error:
            form[error.field].errors.append(str(error))
        else:
            return redirect(url_for("recommendations.recommendation", recommendation_id=item.id))
    return render_template(
        "recommendations/measure.html",
        form=form,
        item=item,
        remove_form=ConfirmForm(),
        title=f"Measure for {item.reference}",
    )


@bp.route("/<int:recommendation_id>/measure/remove", methods=["POST"])
@roles_required(*WRITERS)
def remove_measure(recommendation_id):
    item = _recommendation_or_404(recommendation_id)
    form = ConfirmForm()
    if form.validate_on_submit() and item.measure:
        tracker.remove_measure(item)
    return redirect(url_for("recommendations.recommendation", recommendation_id=item.id))


@bp.route("/<int:recommendation_id>/withdraw", methods=["GET", "POST"])
@roles_required(*WRITERS)
def withdraw(recommendation_id):
    item = _recommendation_or_404(recommendation_id)
    if item.withdrawn:
        abort(404)
    form = WithdrawForm()
    if form.validate_on_submit():
        tracker.withdraw(item, form.reason.data.strip())
        return redirect(url_for("recommendations.recommendation", recommendation_id=item.id))
    return render_template(
        "recommendations/withdraw.html",
        form=form,
        item=item,
        title=f"Withdraw the recommendation {item.reference}",
    )


@bp.route("/<int:recommendation_id>/delete", methods=["GET", "POST"])
@roles_required(*WRITERS)
def delete(recommendation_id):
    item = _recommendation_or_404(recommendation_id)
    form = ConfirmForm()
    deletable = item.response is None and not item.updates
    if deletable and form.validate_on_submit():
        tracker.delete(item)
        return redirect(url_for("recommendations.index"))
    problems = []
    if not deletable:
        problems = [
            {
                "text": "A recommendation with a response or progress cannot be deleted: "
                "withdraw it instead",
                "href": "#withdraw",
            }
        ]
    return render_template(
        "recommendations/delete.html",
        form=form,
        item=item,
        deletable=deletable,
        page_problems=problems,
        title=f"Delete the recommendation {item.reference}",
    )


@bp.route("/officers")
@roles_required("admin")
def officers():
    return render_template(
        "recommendations/officers.html",
        title="Officers and their directorates",
        officers=tracker.officers(),
    )


@bp.route("/officers/<int:user_id>", methods=["GET", "POST"])
@roles_required("admin")
def officer(user_id):
    user = accounts.user_by_id(user_id)
    if user is None or not user.has_role("officer"):
        abort(404)
    form = OfficerDirectorateForm(
        data={"directorate": tracker.officer_directorate(user)},
        directorates=[(name, name) for name in tracker.directorates()],
    )
    if form.validate_on_submit():
        tracker.set_officer_directorate(user, form.directorate.data)
        return redirect(url_for("recommendations.officers"))
    return render_template(
        "recommendations/officer.html",
        form=form,
        user=user,
        title=f"Directorate for {user.name}",
    )


@bp.route("/follow-up")
def follow_up():
    """The follow-up report the committee asks for: every recommendation it may see, its
    response, its actions and its status, to print."""
    items = tracker.visible_recommendations(current_user)
    return render_template(
        "recommendations/follow_up.html",
        title="Follow-up report on the recommendations",
        items=items,
        response_labels=presenters.RESPONSE_LABELS,
        status_labels=presenters.STATUS_LABELS,
        status_text=presenters.status_text,
        measures={item.id: measures.figures(item) for item in items},
        measure_rows=presenters.measure_rows,
        produced=date.today(),
    )


@bp.route("/follow-up.docx")
def follow_up_docx():
    items = tracker.visible_recommendations(current_user)
    payload = follow_up_document(
        items,
        council=current_app.config["COUNCIL_NAME"],
        measures={item.id: measures.figures(item) for item in items},
    )
    audit.record_event("recommendations.exported", "follow-up.docx")
    return send_file(
        payload, mimetype=DOCX, as_attachment=True, download_name="follow-up-report.docx"
    )
