"""Bytes a resident's phone downloads, counted through Werkzeug's test client.

The browser's own count is ``python -m bench page_weight`` (headless Chromium against
gunicorn); this older measure is kept for its "before" column, which it works out from
GOV.UK Frontend's own files as the app served them before the council's build.

``python -m bench page_weight_client`` answers the standard survey once, in one process (Werkzeug's
test client, a fresh SQLite database), asking for every page as a browser does
(``Accept-Encoding: br, gzip``), and for the first page also every file the page loads: its
stylesheet, scripts, the modules they import, the fonts the stylesheet asks for and the
icon. A later page costs only its HTML: everything else is cached (the built files for a
year, under fingerprinted names).

Beside it, in the same run, the same journey as it was before the council's own build: the
same HTML uncompressed, GOV.UK Frontend's precompiled stylesheet, the GDS Transport web
fonts it loads, its script and the crown icon, none of them compressed (Flask's static
route sent them as they are). Bytes are the response body as sent plus its header lines.
"""

import argparse
import gzip
import re
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin

import brotli

from bench.cpu import InProcessClient, _production_app
from bench.loadclient import Resident, standard_pages
from bench.servers import ROOT, fresh_app_database

GOVUK_DIST = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk"
STATIC = ROOT / "survey_app" / "static"

_LINKED = re.compile(r'<(?:link|script)\b[^>]*?(?:href|src)="([^"]+)"')
_IMPORTED = re.compile(r'(?:import|from)\s*["\']([^"\']+)["\']')
_CSS_URL = re.compile(r"url\(([^)]+)\)")


def linked_files(html: str) -> list[str]:
    """The addresses of the stylesheets, icons and scripts a page loads."""
    return list(dict.fromkeys(_LINKED.findall(html)))


def imported_modules(script: str, address: str) -> list[str]:
    """The addresses of the modules an ES module imports, resolved against its own."""
    return [urljoin(address, name) for name in _IMPORTED.findall(script)]


def fonts_loaded(css: str) -> list[str]:
    """The web fonts a browser downloads for a stylesheet: the woff2 of each @font-face."""
    return [url.strip("'\"") for url in _CSS_URL.findall(css) if ".woff2" in url]


def decoded(body: bytes, encoding: str | None) -> bytes:
    if encoding == "br":
        return brotli.decompress(body)
    if encoding == "gzip":
        return gzip.decompress(body)
    return body


def header_bytes(headers) -> int:
    return sum(len(f"{name}: {value}\r\n") for name, value in headers.items())


@dataclass
class Weighed:
    path: str
    sent: int  # body as sent (compressed when the browser accepts it) plus headers
    plain: int  # the body uncompressed


@dataclass
class WeighingClient(InProcessClient):
    """The journey's client, asking for compression, noting what each page weighed."""

    pages: list[Weighed] = field(default_factory=list)

    def __init__(self, app):
        super().__init__(app)
        self.pages = []

    def fetch(self, path: str) -> tuple[Weighed, bytes]:
        response = self.client.get(path, headers={"Accept-Encoding": "br, gzip"})
        if response.status_code != 200:
            raise RuntimeError(f"GET {path}: {response.status_code}")
        body = response.get_data()
        plain = decoded(body, response.headers.get("Content-Encoding"))
        return Weighed(path, len(body) + header_bytes(response.headers), len(plain)), plain

    def request(self, method: str, path: str, data=None):
        if method != "GET":
            return super().request(method, path, data)
        weighed, plain = self.fetch(path)
        self.pages.append(weighed)
        return 200, None, plain


def subresources(client: WeighingClient, html: str) -> list[Weighed]:
    """Every file the first page makes the browser download, weighed as sent."""
    weighed, queue, seen = [], linked_files(html), set()
    while queue:
        address = queue.pop(0)
        if address in seen:
            continue
        seen.add(address)
        item, body = client.fetch(address)
        weighed.append(item)
        text = body.decode("utf-8", "replace")
        if address.endswith((".mjs", ".js")):
            queue += imported_modules(text, address)
        elif address.endswith(".css"):
            queue += fonts_loaded(text)
    return weighed


def stock_files() -> list[tuple[str, int]]:
    """What the first page loaded before: GOV.UK Frontend's own files, uncompressed."""
    css = (GOVUK_DIST / "govuk-frontend.min.css").read_text(encoding="utf-8")
    files = [
        ("govuk-frontend.min.css", len(css.encode())),
        ("app.css", (STATIC / "css" / "app.css").stat().st_size),
        ("govuk-frontend.min.js", (GOVUK_DIST / "govuk-frontend.min.js").stat().st_size),
        ("init.mjs", (STATIC / "js" / "init.mjs").stat().st_size),
        ("favicon.ico (the crown)", (GOVUK_DIST / "assets/images/favicon.ico").stat().st_size),
    ]
    for font in fonts_loaded(css):
        name = font.rsplit("/", 1)[-1]
        files.append((f"font {name}", (GOVUK_DIST / "assets" / "fonts" / name).stat().st_size))
    return files


def measure(channel: str, language: str = "en") -> dict:
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'weight.db'}"
        fresh_app_database(url)
        client = WeighingClient(_production_app(url))
        if language != "en":
            # As from a QR code carrying ?lang=: the session keeps it for the journey.
            client.client.get(f"/survey/{channel}?lang={language}").close()
        Resident(standard_pages(), seed=1).complete(client, channel)
        first = client.pages[0]
        _, first_html = client.fetch(first.path)
        files = subresources(client, first_html.decode())
    stock_css = (GOVUK_DIST / "govuk-frontend.min.css").read_bytes()
    return {
        "pages": client.pages,
        "files": files,
        "stock": stock_files(),
        "stock_css_gzip": len(gzip.compress(stock_css, 9)),
        "stock_css": len(stock_css),
    }


def kb(count: int) -> str:
    return f"{count / 1024:.1f} KB"


def report(figures: dict) -> None:
    pages, files, stock = figures["pages"], figures["files"], figures["stock"]
    first, later = pages[0], pages[1:]
    after_first = first.sent + sum(item.sent for item in files)
    before_first = first.plain + sum(size for _, size in stock)
    print(f"first page ({first.path}) and the files it loads:")
    print(f"  after:  {kb(after_first)} transferred")
    print(f"    HTML {kb(first.sent)} (uncompressed {kb(first.plain)})")
    for item in files:
        print(f"    {item.path}: {kb(item.sent)} (uncompressed {kb(item.plain)})")
    print(f"  before: {kb(before_first)} transferred, nothing compressed")
    print(f"    HTML {kb(first.plain)}")
    for name, size in stock:
        print(f"    {name}: {kb(size)}")
    print(
        f"  GOV.UK Frontend's precompiled CSS: {kb(figures['stock_css'])}, "
        f"{kb(figures['stock_css_gzip'])} gzipped"
    )
    largest = max(later, key=lambda item: item.sent)
    print(f"each next page, HTML only ({len(later)} pages):")
    print(
        f"  after:  mean {kb(sum(p.sent for p in later) // len(later))}, "
        f"largest {kb(largest.sent)} ({largest.path})"
    )
    print(
        f"  before: mean {kb(sum(p.plain for p in later) // len(later))}, "
        f"largest {kb(max(p.plain for p in later))}"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench page_weight_client", description=__doc__)
    parser.add_argument("--channel", default="phone")
    parser.add_argument("--lang", default="en", help="the resident's language, e.g. ar")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    report(measure(args.channel, args.lang))
