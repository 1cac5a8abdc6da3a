"""Channel links, QR codes, posters and slips."""

import struct
import zlib
from html import unescape

import numpy as np
import zxingcpp
from sqlalchemy import select

from survey_app.extensions import db
from survey_app.models import AuditEvent
from survey_app.services import channel_links
from survey_app.services.survey_drafts import survey_by_slug


def png_pixels(data: bytes) -> np.ndarray:
    """Decode the 1-bit greyscale PNG segno writes (no Pillow here), as 0/255 pixels."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    position, idat, header = 8, b"", None
    while position < len(data):
        (length,) = struct.unpack(">I", data[position : position + 4])
        kind = data[position + 4 : position + 8]
        body = data[position + 8 : position + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        position += 12 + length
    width, height, bit_depth, colour_type, *_ = header
    assert (bit_depth, colour_type) == (1, 0), "expected 1-bit greyscale"
    raw = zlib.decompress(idat)
    stride = (width + 7) // 8
    previous = bytearray(stride)
    rows = []
    for y in range(height):
        line = raw[y * (stride + 1) : (y + 1) * (stride + 1)]
        current = _unfilter(line[0], bytearray(line[1:]), previous)
        bits = np.unpackbits(np.frombuffer(bytes(current), dtype=np.uint8))[:width]
        rows.append(bits * 255)
        previous = current
    return np.array(rows, dtype=np.uint8)


def _unfilter(kind: int, line: bytearray, previous: bytearray) -> bytearray:
    """Undo a PNG row filter for one-byte pixels (what a 1-bit image uses)."""
    for i, value in enumerate(line):
        left = line[i - 1] if i else 0
        up = previous[i]
        up_left = previous[i - 1] if i else 0
        if kind == 1:
            line[i] = (value + left) % 256
        elif kind == 2:
            line[i] = (value + up) % 256
        elif kind == 3:
            line[i] = (value + (left + up) // 2) % 256
        elif kind == 4:
            estimate = left + up - up_left
            nearest = min(
                (abs(estimate - left), 0, left),
                (abs(estimate - up), 1, up),
                (abs(estimate - up_left), 2, up_left),
            )[2]
            line[i] = (value + nearest) % 256
    return line


def decode(pixels: np.ndarray) -> list[str]:
    return [result.text for result in zxingcpp.read_barcodes(pixels)]


def test_links_page_lists_the_absolute_link_for_every_channel(admin, client_request):
    page = client_request.get("/admin/links")
    assert page.heading == "Links and QR codes"
    for channel in ["phone", "face-to-face", "email", "website", "letter", "webchat"]:
        assert f"http://localhost/survey/{channel}</code>" in page.html
    assert 'href="/admin/links/phone"' in page.html


def test_links_for_a_service_preselect_it(admin, client_request):
    page = client_request.get("/admin/links?service=council-tax")
    assert "http://localhost/survey/phone?service=council-tax</code>" in page.html
    assert 'href="/admin/links/phone?service=council-tax"' in page.html
    # A forged service is ignored rather than put in a link.
    page = client_request.get("/admin/links?service=nope")
    assert "service=nope" not in page.html.split("<main")[1].split("</form>")[1]


def test_the_public_address_can_be_configured(app, admin, client_request):
    app.config["PUBLIC_BASE_URL"] = "https://survey.harrow.gov.uk"
    page = client_request.get("/admin/links/letter")
    assert "https://survey.harrow.gov.uk/survey/letter</code>" in page.html
    assert "Go to survey.harrow.gov.uk/survey/letter." in page.html


def test_link_page_has_qr_code_sentence_and_signature(admin, client_request):
    page = client_request.get("/admin/links/phone?service=housing")
    text = unescape(page.html)
    assert page.heading == "Link for Phone: Housing, repairs and homelessness"
    assert '<img class="app-qr" src="data:image/svg+xml' in page.html
    assert "Go to localhost/survey/phone?service=housing. It takes about 3 minutes" in text
    assert (
        '<p>How did we do? Tell us in 3 minutes: <a href="http://localhost/survey/phone'
        '?service=housing">localhost/survey/phone?service=housing</a></p>' in text
    )
    assert 'href="/admin/links/phone/qr.png?service=housing"' in page.html
    assert 'href="/admin/links/phone/poster?service=housing"' in page.html


def test_the_png_qr_code_decodes_to_the_channel_link(admin, client):
    response = client.get("/admin/links/phone/qr.png?service=council-tax")
    assert response.status_code == 200
    assert response.mimetype == "image/png"
    assert "survey-qr-phone-council-tax.png" in response.headers["Content-Disposition"]
    assert decode(png_pixels(response.data)) == [
        "http://localhost/survey/phone?service=council-tax"
    ]


def test_the_qr_matrix_decodes_to_the_link():
    url = "https://survey.harrow.gov.uk/survey/face-to-face"
    modules = np.array(channel_links.qr_matrix(url), dtype=np.uint8)
    pixels = np.kron(np.pad(1 - modules, 4, constant_values=1), np.ones((6, 6), np.uint8)) * 255
    assert decode(pixels.astype(np.uint8)) == [url]


def test_the_svg_qr_code_is_a_download_of_the_same_code(admin, client):
    response = client.get("/admin/links/email/qr.svg")
    assert response.mimetype == "image/svg+xml"
    assert b"<svg" in response.data
    assert response.data == channel_links.qr_svg("http://localhost/survey/email")
    assert db.session.scalar(select(AuditEvent.target).order_by(AuditEvent.id.desc())) == (
        "QR svg for localhost/survey/email"
    )


def test_poster_and_slips_are_printable_pages(admin, client_request):
    poster = client_request.get("/admin/links/phone/poster")
    assert poster.heading == "Poster for Phone"
    assert "css/print-materials.css" in poster.html
    assert 'class="app-poster__qr" src="data:image/svg+xml' in poster.html
    assert "localhost/survey/phone</p>" in poster.html
    slips = client_request.get("/admin/links/letter/slip?service=housing")
    assert slips.heading == "Slips for letters for Letter"
    assert slips.html.count('class="app-slip"') == 8
    assert "localhost/survey/letter?service=housing</p>" in unescape(slips.html)


def test_no_link_for_a_closed_survey_or_an_unknown_channel(admin, client, client_request):
    client_request.get("/admin/links/carrier-pigeon", _expected_status=404)
    client_request.get("/admin/links/phone?service=nope", _expected_status=404)
    client.post("/admin/surveys/customer-care/close")
    assert survey_by_slug("customer-care").status == "closed"
    client_request.get("/admin/links/phone", _expected_status=404)
    assert client.get("/admin/links/phone/qr.png").status_code == 404
    assert "No survey is open" in client_request.get("/admin/links").html


def test_a_poisoned_host_header_never_reaches_a_link(app, admin, client):
    """Without a trusted-hosts check (development), links still come from PUBLIC_BASE_URL."""
    app.config["PUBLIC_BASE_URL"] = "https://survey.harrow.gov.uk"
    for path in ("/admin/links", "/admin/links/letter", "/admin/links/letter/poster"):
        html = client.get(path, headers={"Host": "evil.example"}).get_data(as_text=True)
        assert "evil.example" not in html, path
        assert "survey.harrow.gov.uk/survey/letter" in html, path
    svg = client.get("/admin/links/letter/qr.svg", headers={"Host": "evil.example"})
    assert b"evil" not in svg.get_data()
