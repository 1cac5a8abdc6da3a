"""The links residents follow from each channel, and their QR codes.

A link is ``<base>/survey/<channel>`` with ``?service=<slug>`` when a service is chosen:
short enough to read out on a call, and stable because channel slugs with responses
cannot change.
"""

import io
from dataclasses import dataclass
from urllib.parse import urlencode

import segno

from survey_app.models import Channel, Service, Survey
from survey_app.services.reference_editing import all_channels
from survey_app.services.surveys import open_version_for_channel


@dataclass
class ChannelLink:
    survey: Survey
    channel: Channel
    service: Service | None
    url: str

    @property
    def short_url(self) -> str:
        """The link as read aloud or printed: without the https:// part."""
        return self.url.split("://", 1)[-1]


def survey_url(base_url: str, channel_slug: str, service_slug: str | None = None) -> str:
    url = f"{base_url.rstrip('/')}/survey/{channel_slug}"
    if service_slug:
        url += "?" + urlencode({"service": service_slug})
    return url


def channel_links(base_url: str, service: Service | None = None) -> list[ChannelLink]:
    """One link per active channel with an open survey, to the survey residents will get."""
    links = []
    for channel in all_channels():
        survey, version = open_version_for_channel(channel.slug)
        if channel.active and version is not None and survey.status == "open":
            url = survey_url(base_url, channel.slug, service.slug if service else None)
            links.append(ChannelLink(survey, channel, service, url))
    return links


def _qr(url: str) -> segno.QRCode:
    # Error correction M survives a crease or smudge on paper; never a Micro QR code,
    # which many phone cameras cannot read.
    return segno.make(url, error="m", micro=False)


def qr_svg(url: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="svg", scale=scale, border=4, xmldecl=True, title=url)
    return buffer.getvalue()


def qr_png(url: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    _qr(url).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def qr_data_uri(url: str, *, scale: int = 8) -> str:
    """An SVG data URI for an <img>, which the CSP allows (img-src data:)."""
    return _qr(url).svg_data_uri(scale=scale, border=4)


def qr_matrix(url: str) -> tuple[tuple[int, ...], ...]:
    """The modules of the QR code (1 dark, 0 light), without the quiet zone."""
    return tuple(tuple(row) for row in _qr(url).matrix)
