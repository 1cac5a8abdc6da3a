"""The council's own brand and light pages: no crown, no GDS Transport, compressed and cached.

The built files come from ``make assets`` (survey_app/static_build.py), which ``make test``
runs first.
"""

import re

import brotli
import pytest

from bench.page_weight_client import fonts_loaded, imported_modules, linked_files
from survey_app.static_build import (
    DIST,
    brand_scss,
    fingerprinted,
    load_brand,
    read_manifest,
)

# Anything of GOV.UK's own brand a council service must not load or show.
GOVUK_ONLY = re.compile(r"GDS Transport|\.woff2?\b|govuk-crest|govuk-icon|favicon\.ico", re.I)
# On a page, also GOV.UK's header with its crown and logotype.
GOVUK_ON_PAGE = re.compile(GOVUK_ONLY.pattern + r"|crown|govuk-logo|govuk-header__logotype", re.I)


def contrast(foreground: str, background: str = "#ffffff") -> float:
    """WCAG 2.2 contrast ratio of two #rrggbb colours."""

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(foreground), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_contrast_is_worked_out_as_wcag_says():
    assert round(contrast("#000000"), 1) == 21.0
    assert round(contrast("#1d70b8"), 2) == 5.17  # GOV.UK blue on white


def test_the_councils_link_and_brand_colours_can_be_read_on_white():
    colours = load_brand()["colours"]
    for name in ("brand", "link", "link-hover", "link-visited"):
        assert contrast(colours[name]) >= 4.5, name


def test_the_sass_entry_sets_a_system_font_stack_and_the_council_colours():
    scss = brand_scss(load_brand())
    assert "$govuk-font-family: (system-ui," in scss
    assert "$govuk-include-default-font-face: false" in scss
    assert '"brand": #005a5b' in scss
    assert "GDS Transport" not in scss


def test_a_colour_that_is_not_hex_is_refused(tmp_path):
    bad = tmp_path / "brand.yaml"
    bad.write_text("font_family: [Arial]\ncolours:\n  brand: 'red; } body { x: y'\n")
    with pytest.raises(ValueError, match="brand colour 'brand'"):
        load_brand(bad)


def test_fingerprints_change_with_the_content():
    assert fingerprinted("council.css", b"a") != fingerprinted("council.css", b"b")
    assert re.fullmatch(r"council\.[0-9a-f]{12}\.css", fingerprinted("council.css", b"a"))
    assert re.fullmatch(r"x\.[0-9a-f]{12}\.min\.js", fingerprinted("x.min.js", b"a"))


def test_the_built_stylesheets_load_no_font_and_no_crown():
    manifest = read_manifest()
    for name in ("council.css", "council-rtl.css"):
        css = (DIST / manifest[name]).read_text(encoding="utf-8")
        assert "@font-face" not in css
        assert not GOVUK_ONLY.search(css), GOVUK_ONLY.search(css)
        assert "#005a5b" in css  # the council's brand colour
        assert "system-ui" in css
    # The mirrored copy really is mirrored: GOV.UK's left-aligned text becomes right-aligned.
    ltr = (DIST / manifest["council.css"]).read_text(encoding="utf-8")
    rtl = (DIST / manifest["council-rtl.css"]).read_text(encoding="utf-8")
    assert ltr.count("text-align:left") == rtl.count("text-align:right") > 0


def test_pages_link_the_councils_files_and_nothing_of_govuk(client):
    html = client.get("/").get_data(as_text=True)
    assert not GOVUK_ON_PAGE.search(html)
    assert "/assets/" not in html
    manifest = read_manifest()
    assert f'href="/static/dist/{manifest["favicon.svg"]}"' in html
    assert f'href="/static/dist/{manifest["council.css"]}"' in html
    assert f'src="/static/dist/{manifest["init.mjs"]}"' in html
    assert '<meta name="theme-color" content="#005a5b">' in html


def test_govuk_fonts_and_crown_are_not_served(client):
    for path in ("/assets/fonts/bold-b542beb274-v2.woff2", "/assets/images/favicon.ico"):
        response = client.get(path)
        assert response.status_code == 404
        response.close()


def test_built_files_are_cached_for_good_and_sent_compressed(client):
    css = "/static/dist/" + read_manifest()["council.css"]
    plain = client.get(css)
    squeezed = client.get(css, headers={"Accept-Encoding": "br, gzip"})
    assert "immutable" in plain.headers["Cache-Control"]
    assert "max-age=315360000" in plain.headers["Cache-Control"]
    assert squeezed.headers["Content-Encoding"] == "br"
    assert brotli.decompress(squeezed.get_data()) == plain.get_data()
    assert len(squeezed.get_data()) * 5 < len(plain.get_data())
    assert plain.headers["X-Content-Type-Options"] == "nosniff"
    plain.close()
    squeezed.close()


def test_unfingerprinted_static_files_are_cached_for_an_hour_only(client):
    response = client.get("/static/css/app.css")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "max-age=3600, public"
    response.close()


def test_pages_are_compressed_for_browsers_that_accept_it(client):
    response = client.get("/accessibility", headers={"Accept-Encoding": "gzip"})
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Vary" in response.headers


def test_the_page_weight_bench_finds_what_a_browser_would_load():
    html = '<link rel="stylesheet" href="/a.css"><script type="module" src="/s/i.mjs"></script>'
    assert linked_files(html) == ["/a.css", "/s/i.mjs"]
    assert imported_modules('import { x } from "./g.min.js";', "/s/i.mjs") == ["/s/g.min.js"]
    css = "@font-face{src:url(/f/b.woff2) format('woff2'),url(/f/b.woff) format('woff')}"
    assert fonts_loaded(css) == ["/f/b.woff2"]
