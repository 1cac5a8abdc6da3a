"""Admin pages: the task list, accounts, mystery-shop scenarios, assignments and coverage."""

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from forms.admin import AssignmentForm, EditUserForm, InviteUserForm, ScenarioForm
from forms.survey_admin import ConfirmForm
from survey_app.admin import bp
from survey_app.services import mystery_shop
from survey_app.services import users as accounts
from survey_app.services.reference import active_channels, active_services
from survey_app.services.users import LastAdminError

# The admin index lists these; another task adds itself here with its endpoint.
ADMIN_TASKS = [
    ("admin.users", "Users", "Invite people, change their roles or deactivate accounts."),
    ("admin.scenarios", "Mystery-shop scenarios", "Write scenarios and assign them to shoppers."),
    ("admin.coverage", "Mystery-shop coverage", "See which channels and services need shops."),
    (
        "survey_admin.standards",
        "Mystery-shop standards",
        "Change the service standards shops are scored against.",
    ),
    ("survey_admin.surveys", "Surveys", "Edit, preview, publish, close and import surveys."),
    ("survey_admin.links", "Links and QR codes", "Get links, QR codes, posters and slips."),
    ("survey_admin.paper", "Paper and assisted entry", "Type in paper returns."),
    (
        "survey_admin.import_responses",
        "Import responses",
        "Upload many returns at once from a CSV file.",
    ),
    ("survey_admin.services", "Services", "Add, rename or hide council services."),
    ("survey_admin.channels", "Channels", "Add, rename, reorder or hide contact channels."),
    ("survey_admin.audit_log", "Audit log", "See who did what, and when."),
]


@bp.route("/")
def index():
    return render_template("admin/index.html", tasks=ADMIN_TASKS, title="Administration")


# Users ------------------------------------------------------------------------------


@bp.route("/users")
def users():
    return render_template("admin/users.html", users=accounts.all_users(), title="Users")


@bp.route("/users/invite", methods=["GET", "POST"])
def invite_user():
    form = InviteUserForm()
    if form.validate_on_submit():
        if accounts.find_user(form.email.data):
            form.email.errors.append("An account with this email address already exists")
        else:
            user, password = accounts.invite_user(
                form.email.data, form.name.data, set(form.roles.data)
            )
            # Shown once, on this response only; it is never stored or shown again.
            return render_template(
                "admin/temporary_password.html",
                user=user,
                password=password,
                title="Account created",
            )
    return render_template("admin/invite_user.html", form=form, title="Invite a user")


def _user_or_404(user_id: int):
    user = accounts.user_by_id(user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    user = _user_or_404(user_id)
    data = {"roles": sorted(user.roles), "active": "yes" if user.active else "no"}
    form = EditUserForm(data=data)
    if form.validate_on_submit():
        try:
            accounts.update_user(user, set(form.roles.data), form.active.data == "yes")
        except LastAdminError as error:
            form.roles.errors.append(str(error))
        else:
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/edit_user.html",
        form=form,
        user=user,
        is_self=user.id == current_user.id,
        title=f"Change {user.name}",
    )


@bp.route("/users/<int:user_id>/reset-password", methods=["GET", "POST"])
def reset_user_password(user_id):
    """Issue a one-time password, shown once, that must be changed at the next sign-in."""
    user = _user_or_404(user_id)
    if user.id == current_user.id:
        # An admin who knows their password changes it; one who does not cannot be here.
        return redirect(url_for("auth.change_password"))
    form = ConfirmForm()
    if form.validate_on_submit():
        password = accounts.reset_password(user)
        return render_template(
            "admin/temporary_password.html",
            user=user,
            password=password,
            title="Password reset",
        )
    return render_template(
        "admin/reset_password.html",
        form=form,
        user=user,
        title=f"Reset the password for {user.name}",
    )


# Mystery-shop scenarios, assignments and coverage ---------------------------------------


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
    """The scenario, its assignments, and the form to assign it to a shopper."""
    scenario = _scenario_or_404(scenario_id)
    shoppers = mystery_shop.shoppers()
    form = AssignmentForm(
        shoppers=[(str(u.id), u.name) for u in shoppers],
        channels=[(c.slug, c.name) for c in scenario.channels],
    )
    if form.validate_on_submit():
        shopper = next(u for u in shoppers if str(u.id) == form.shopper.data)
        channel = next(c for c in scenario.channels if c.slug == form.channel.data)
        mystery_shop.assign_scenario(
            scenario, channel, shopper, form.window_start.data, form.window_end.data
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
