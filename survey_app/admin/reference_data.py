"""Services and channels, edited on admin pages."""

from flask import abort, flash, redirect, render_template, url_for

from forms.survey_admin import ChannelDetailsForm, ServiceDetailsForm
from survey_app.admin import bp
from survey_app.admin.presenters import yes_no
from survey_app.extensions import db
from survey_app.models import Channel, Service
from survey_app.services.reference_editing import (
    ReferenceDataError,
    all_channels,
    all_services,
    save_channel,
    save_service,
)
from survey_app.services.surveys import live_channel_slugs


@bp.route("/services")
def services():
    return render_template("admin/services.html", services=all_services(), title="Services")


@bp.route("/services/new", methods=["GET", "POST"], defaults={"service_id": None})
@bp.route("/services/<int:service_id>", methods=["GET", "POST"])
def edit_service(service_id):
    service = db.session.get(Service, service_id) if service_id else None
    if service_id and service is None:
        abort(404)
    data = (
        {"name": service.name, "slug": service.slug, "active": yes_no(service.active)}
        if service
        else {"active": "yes"}
    )
    form = ServiceDetailsForm(data=data)
    if form.validate_on_submit():
        try:
            save_service(
                service,
                name=form.name.data.strip(),
                slug=form.slug.data,
                active=form.active.data == "yes",
            )
        except ReferenceDataError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(f"Service {form.name.data.strip()} saved.")
            return redirect(url_for(".services"))
    return render_template(
        "admin/service.html",
        form=form,
        service=service,
        title="Change a service" if service else "Add a service",
    )


@bp.route("/channels")
def channels():
    return render_template(
        "admin/channels.html",
        channels=all_channels(),
        live=live_channel_slugs(),
        title="Channels",
    )


@bp.route("/channels/new", methods=["GET", "POST"], defaults={"channel_id": None})
@bp.route("/channels/<int:channel_id>", methods=["GET", "POST"])
def edit_channel(channel_id):
    channel = db.session.get(Channel, channel_id) if channel_id else None
    if channel_id and channel is None:
        abort(404)
    if channel:
        data = {
            "name": channel.name,
            "slug": channel.slug,
            "description": channel.description,
            "sort_order": channel.sort_order,
            "active": yes_no(channel.active),
        }
    else:
        data = {"active": "yes", "sort_order": len(all_channels()) + 1}
    form = ChannelDetailsForm(data=data)
    if form.validate_on_submit():
        try:
            save_channel(
                channel,
                name=form.name.data.strip(),
                slug=form.slug.data,
                description=(form.description.data or "").strip(),
                sort_order=form.sort_order.data,
                active=form.active.data == "yes",
            )
        except ReferenceDataError as error:
            form[error.field].errors.append(str(error))
        else:
            flash(f"Channel {form.name.data.strip()} saved.")
            return redirect(url_for(".channels"))
    return render_template(
        "admin/channel.html",
        form=form,
        channel=channel,
        title="Change a channel" if channel else "Add a channel",
    )
