"""Mystery-shop planning and standards, on admin pages: scenarios, their assignments to
shoppers, coverage by channel and service, and the service standards shops are scored against.

How an edit to a standard leaves shops already scored unchanged is explained in
``services.standards``.
"""

from flask import abort, flash, redirect, render_template, url_for

from forms.admin import AssignmentForm, ScenarioForm
from forms.survey_admin import CriterionForm
from survey_app.admin import bp
from survey_app.admin.presenters import yes_no
from survey_app.services import mystery_shop
from survey_app.services.reference import active_channels, active_services, channel_by_slug
from survey_app.services.scoring import (
    HOURS_TO_ACKNOWLEDGE,
    MINUTES_WAITED,
    SECONDS_TO_ANSWER,
    TIMED,
    WORKING_DAYS_TO_REPLY,
)
from survey_app.services.standards import criterion_by_id, save_criterion, standards_by_channel

# Scenarios, assignments and coverage ---------------------------------------------------


@bp.route("/mystery-shop/scenarios")
def scenarios():
    return render_template(
        "admin/scenarios.html",
        scenarios=mystery_shop.all_scenarios(),
        title="Mystery-shop scenarios",
    )


@bp.route("/mystery-shop/scenarios/new", methods=["GET", "POST"])
def new_scenario():
    services = active_services()
    channels = active_channels()
    form = ScenarioForm(
        services=[(s.slug, s.name) for s in services],
        channels=[(c.slug, c.name) for c in channels],
    )
    if form.validate_on_submit():
        service = next(s for s in services if s.slug == form.service.data)
        chosen = [c for c in channels if c.slug in form.channels.data]
        scenario = mystery_shop.create_scenario(form.title.data, form.request.data, service, chosen)
        return redirect(url_for("admin.scenario", scenario_id=scenario.id))
    return render_template("admin/new_scenario.html", form=form, title="New scenario")


def _scenario_or_404(scenario_id: int):
    scenario = mystery_shop.scenario_by_id(scenario_id)
    if scenario is None:
        abort(404)
    return scenario


@bp.route("/mystery-shop/scenarios/<int:scenario_id>", methods=["GET", "POST"])
def scenario(scenario_id):
    """The scenario, its assignments, and the form to assign it to several shoppers on
    several channels at once."""
    scenario = _scenario_or_404(scenario_id)
    shoppers = mystery_shop.shoppers()
    form = AssignmentForm(
        shoppers=[(str(u.id), u.name) for u in shoppers],
        channels=[(c.slug, c.name) for c in scenario.channels],
    )
    if form.validate_on_submit():
        chosen_shoppers = [u for u in shoppers if str(u.id) in form.shopper.data]
        chosen_channels = [c for c in scenario.channels if c.slug in form.channel.data]
        made = mystery_shop.assign_scenario_to_many(
            scenario,
            chosen_channels,
            chosen_shoppers,
            form.window_start.data,
            form.window_end.data,
        )
        flash(
            f"{len(made)} {'shop' if len(made) == 1 else 'shops'} assigned: "
            f"{len(chosen_shoppers)} {'shopper' if len(chosen_shoppers) == 1 else 'shoppers'}"
            f" on {len(chosen_channels)} {'channel' if len(chosen_channels) == 1 else 'channels'}"
        )
        return redirect(url_for("admin.scenario", scenario_id=scenario.id))
    return render_template(
        "admin/scenario.html",
        form=form if shoppers else None,
        scenario=scenario,
        assignments=mystery_shop.assignments_for_scenario(scenario),
        title=scenario.title,
    )


@bp.route("/mystery-shop/coverage")
def coverage():
    return render_template(
        "admin/coverage.html", grid=mystery_shop.coverage(), title="Mystery-shop coverage"
    )


# Service standards ---------------------------------------------------------------------

MEASURES = [
    (SECONDS_TO_ANSWER, "Seconds until a call is answered"),
    (MINUTES_WAITED, "Minutes waited before being seen"),
    (HOURS_TO_ACKNOWLEDGE, "Hours until an email or letter is acknowledged"),
    (WORKING_DAYS_TO_REPLY, "Working days until a full reply"),
]
MEASURE_LABELS = dict(MEASURES)


@bp.route("/standards")
def standards():
    return render_template(
        "admin/standards.html",
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
                "critical": yes_no(criterion.critical),
                "active": yes_no(criterion.active),
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
        "admin/standard.html",
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
