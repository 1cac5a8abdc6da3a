"""Mystery-shop standards, edited on admin pages: list them by channel, change one, add one.

How an edit leaves shops already scored unchanged is explained in ``services.standards``.
"""

from flask import abort, flash, redirect, render_template, url_for

from forms.survey_admin import CriterionForm
from survey_app.services.reference import channel_by_slug
from survey_app.services.scoring import (
    HOURS_TO_ACKNOWLEDGE,
    MINUTES_WAITED,
    SECONDS_TO_ANSWER,
    TIMED,
    WORKING_DAYS_TO_REPLY,
)
from survey_app.services.standards import criterion_by_id, save_criterion, standards_by_channel
from survey_app.survey_admin import bp

MEASURES = [
    (SECONDS_TO_ANSWER, "Seconds until a call is answered"),
    (MINUTES_WAITED, "Minutes waited before being seen"),
    (HOURS_TO_ACKNOWLEDGE, "Hours until an email or letter is acknowledged"),
    (WORKING_DAYS_TO_REPLY, "Working days until a full reply"),
]
MEASURE_LABELS = dict(MEASURES)


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


@bp.route("/standards")
def standards():
    return render_template(
        "survey_admin/standards.html",
        channels=standards_by_channel(),
        measure_labels=MEASURE_LABELS,
        title="Mystery-shop standards",
    )


@bp.route("/standards/<channel>/new", methods=["GET", "POST"], defaults={"criterion_id": None})
@bp.route("/standards/<int:criterion_id>", methods=["GET", "POST"], defaults={"channel": None})
def edit_standard(channel, criterion_id):
    if criterion_id is not None:
        criterion = criterion_by_id(criterion_id)
        if criterion is None:
            abort(404)
        channel_row = criterion.channel
        form = CriterionForm(
            measures=MEASURES,
            kind=criterion.kind,
            data={
                "text": criterion.text,
                "measure": criterion.measure,
                "limit": criterion.limit_value,
                "points": criterion.points,
                "critical": _yes_no(criterion.critical),
                "active": _yes_no(criterion.active),
            },
        )
    else:
        criterion = None
        channel_row = channel_by_slug(channel, active_only=False)
        if channel_row is None:
            abort(404)
        form = CriterionForm(measures=MEASURES, data={"critical": "no", "active": "yes"})
    if form.validate_on_submit():
        saved = save_criterion(
            criterion,
            channel=channel_row,
            text=form.text.data,
            kind=None if criterion else form.kind.data,
            measure=form.measure.data if form.is_timed else None,
            limit=form.limit.data if form.is_timed else None,
            points=form.points.data,
            critical=form.critical.data == "yes",
            active=form.active.data == "yes",
        )
        flash(f"Standard saved for {channel_row.name}: {saved.text}")
        return redirect(url_for(".standards", _anchor=f"channel-{channel_row.slug}"))
    return render_template(
        "survey_admin/standard.html",
        form=form,
        criterion=criterion,
        channel=channel_row,
        timed_kind=TIMED,
        title=(
            f"Change a standard for {channel_row.name}"
            if criterion
            else f"Add a standard for {channel_row.name}"
        ),
    )
