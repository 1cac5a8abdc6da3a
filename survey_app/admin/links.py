"""Channel links, QR codes and printed materials for each open survey."""

from flask import Response, abort, current_app, render_template, request

from forms.survey_admin import LinkServiceForm
from survey_app.admin import bp
from survey_app.services import audit, channel_links
from survey_app.services.reference import channel_by_slug, service_by_slug
from survey_app.services.reference_editing import all_services
from survey_app.services.surveys import open_version_for_channel


def base_url() -> str:
    """Where survey links start: PUBLIC_BASE_URL, never the request's Host header, which
    whoever sends the request chooses (a poisoned Host would go on every poster)."""
    return current_app.config["PUBLIC_BASE_URL"]


def _chosen_service():
    slug = request.args.get("service")
    if not slug:
        return None
    service = service_by_slug(slug)
    if service is None:
        abort(404)
    return service


def _link_for(channel_slug):
    """The link for one channel, or 404 if no open survey covers it."""
    channel = channel_by_slug(channel_slug)
    if channel is None:
        abort(404)
    survey, version = open_version_for_channel(channel.slug)
    if version is None or survey.status != "open":
        abort(404)
    service = _chosen_service()
    url = channel_links.survey_url(base_url(), channel.slug, service.slug if service else None)
    return channel_links.ChannelLink(survey, channel, service, url)


@bp.route("/links")
def links():
    form = LinkServiceForm(
        request.args, services=[(s.slug, s.name) for s in all_services() if s.active]
    )
    service = service_by_slug(form.service.data) if form.service.data else None
    return render_template(
        "admin/links.html",
        form=form,
        links=channel_links.channel_links(base_url(), service),
        service=service,
        title="Links and QR codes",
    )


def _link_args(link):
    return {
        "channel": link.channel.slug,
        **({"service": link.service.slug} if link.service else {}),
    }


@bp.route("/links/<channel>")
def link(channel):
    link = _link_for(channel)
    return render_template(
        "admin/link.html",
        link=link,
        link_args=_link_args(link),
        qr_uri=channel_links.qr_data_uri(link.url),
        title=f"Link for {link.channel.name}" + (f": {link.service.name}" if link.service else ""),
    )


@bp.route("/links/<channel>/qr.<any(svg, png):file_format>")
def qr_code(channel, file_format):
    link = _link_for(channel)
    audit.record_event("link.downloaded", f"QR {file_format} for {link.short_url}")
    name = f"survey-qr-{link.channel.slug}" + (f"-{link.service.slug}" if link.service else "")
    if file_format == "svg":
        body, mimetype = channel_links.qr_svg(link.url), "image/svg+xml"
    else:
        body, mimetype = channel_links.qr_png(link.url), "image/png"
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{name}.{file_format}"'},
    )


@bp.route("/links/<channel>/<any(poster, slip):material>")
def printable(channel, material):
    link = _link_for(channel)
    return render_template(
        f"admin/{material}.html",
        link=link,
        link_args=_link_args(link),
        qr_uri=channel_links.qr_data_uri(link.url, scale=12 if material == "poster" else 5),
        title=("Poster" if material == "poster" else "Slips for letters")
        + f" for {link.channel.name}",
    )
