"""Bytes a resident's phone downloads, as headless Chromium counts them, page by page.

``python -m bench page_weight`` starts the real app (gunicorn with the production settings
and gunicorn.conf.py, on a free port, over a fresh SQLite database holding the standard
survey), then answers the standard survey in headless Chromium (Playwright, launched with the
browser tests' options), once in English and once in Arabic (``?lang=ar`` on the first
address, as a QR code carries it), each in a new browser context, so the first page comes
with an empty cache and every later page with what the earlier ones cached.

Bytes are Chromium's own count from the DevTools protocol: each response's
``encodedDataLength`` (the bytes received from the network: header lines and the body as
sent, compressed where the server compressed it), summed over every request a step makes:
the form's POST (its redirect), the page it leads to and every file that page loads that was
not already cached. A file served from the cache counts 0. Bytes sent up (forms) are not
counted. Beside the table: the size of GOV.UK Frontend's own precompiled stylesheet
(``node_modules/govuk-frontend``), raw and gzipped, which a service using it unchanged sends
on its first page.
"""

import argparse
import gzip
import os
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from bench.loadclient import Resident, standard_pages
from bench.servers import ROOT, Gunicorn, fresh_app_database

GOVUK_CSS = ROOT / "node_modules" / "govuk-frontend" / "dist" / "govuk" / "govuk-frontend.min.css"
CHROMIUM = Path(os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"))
# The browser tests' launch options (tests/browser/conftest.py).
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
FIRST_PAGE_TARGET = 60 * 1024
NEXT_PAGE_TARGET = 10 * 1024
TIMEOUT_MS = 30_000


@dataclass
class Step:
    """One page of the journey and what reaching it cost."""

    page: str
    transferred: int = 0
    requests: int = 0
    cached: int = 0
    files: list[tuple[str, int]] = field(default_factory=list)


class NetworkMeter:
    """Chromium's count of bytes received, request by request (DevTools ``Network``)."""

    def __init__(self, page):
        self.step: Step | None = None
        self.urls: dict[str, str] = {}
        session = page.context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.requestServedFromCache", self._from_cache)
        session.on("Network.responseReceived", self._received)
        session.on("Network.loadingFinished", self._finished)

    def _count(self, url: str, size: int) -> None:
        """Add one finished request (a file from the cache adds 0 bytes)."""
        if self.step is not None:
            self.step.transferred += size
            self.step.requests += 1
            self.step.files.append((urlsplit(url).path, size))

    def _sent(self, event: dict) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]
        redirect = event.get("redirectResponse")
        if redirect is not None:  # the form's 302: its bytes end with the redirect
            self._count(redirect["url"], int(redirect.get("encodedDataLength", 0)))

    def _from_cache(self, event: dict) -> None:
        if self.step is not None:
            self.step.cached += 1

    def _received(self, event: dict) -> None:
        if event["response"].get("fromDiskCache") and self.step is not None:
            self.step.cached += 1

    def _finished(self, event: dict) -> None:
        url = self.urls.get(event["requestId"], "?")
        self._count(url, int(event.get("encodedDataLength", 0)))


def _fill(page, question: dict, answer: dict) -> None:
    key, value = question["key"], answer[question["key"]]
    kind = question["type"]
    if kind == "date":
        for index, part in enumerate(value):
            page.locator(f'[name="{key}"]').nth(index).fill(part)
    elif kind in ("text", "number"):
        page.locator(f'[name="{key}"]').fill(value)
    else:
        for choice in value if isinstance(value, list) else [value]:
            page.locator(f'input[name="{key}"][value="{choice}"]').check()


def _submit(page) -> None:
    with page.expect_navigation():
        page.locator("main form button.govuk-button").first.click()


def journey(browser, base: str, channel: str, language: str) -> list[Step]:
    """Answer the survey once in a new context; the bytes of each page reached."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(TIMEOUT_MS)
    meter = NetworkMeter(page)
    steps: list[Step] = []

    def reach(action) -> None:
        meter.step = Step("")
        action()
        page.wait_for_load_state("networkidle")
        meter.step.page = urlsplit(page.url).path
        steps.append(meter.step)
        meter.step = None

    query = f"?lang={language}" if language != "en" else ""
    reach(lambda: page.goto(f"{base}/survey/{channel}{query}"))
    reach(lambda: _submit(page))  # Start now
    resident, pages = Resident(standard_pages(), seed=1), standard_pages()
    for _ in range(40):
        path = urlsplit(page.url).path
        if path.endswith("/check-your-answers"):
            break
        for question in pages[path.rsplit("/", 1)[-1]]:
            if "channels" in question and channel not in question["channels"]:
                continue
            _fill(page, question, resident.answer(question, channel))
        reach(lambda: _submit(page))
    else:
        raise RuntimeError(f"never reached Check your answers; at {page.url}")
    reach(lambda: _submit(page))  # Send: on to the equality explainer
    page.locator('input[name="answer_equality"][value="no"]').check()
    reach(lambda: _submit(page))  # No thanks: the confirmation page
    if not urlsplit(page.url).path.endswith("/complete"):
        raise RuntimeError(f"the journey ended at {page.url}, not the confirmation page")
    context.close()
    return steps


def measure(channel: str, languages: list[str]) -> dict[str, list[Step]]:
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'weight.db'}"
        fresh_app_database(url)
        with (
            Gunicorn("wsgi:app", url, Path(folder) / "gunicorn.log", workers=1) as server,
            sync_playwright() as playwright,
        ):
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            base = f"http://127.0.0.1:{server.port}"
            try:
                return {code: journey(browser, base, channel, code) for code in languages}
            finally:
                browser.close()


def kb(count: int) -> str:
    return f"{count / 1024:.1f} KB"


def report(figures: dict[str, list[Step]], verbose: bool = False) -> None:
    css = GOVUK_CSS.read_bytes()
    languages = list(figures)
    journeys = list(figures.values())
    print(f"bytes received per page (Chromium's encodedDataLength), {' and '.join(languages)}:")
    print(f"| # | page | {' | '.join(languages)} |")
    print(f"| --- | --- | {' | '.join('---' for _ in languages)} |")
    for number, steps in enumerate(zip(*journeys, strict=False), start=1):
        cells = " | ".join(
            f"{kb(step.transferred)} ({step.requests - step.cached} from the network, "
            f"{step.cached} from the cache)"
            for step in steps
        )
        print(f"| {number} | {steps[0].page} | {cells} |")
    print()
    for code, steps in figures.items():
        first, later = steps[0], steps[1:]
        largest = max(later, key=lambda step: step.transferred)
        mean = sum(step.transferred for step in later) // len(later)
        first_met = "met" if first.transferred < FIRST_PAGE_TARGET else "MISSED"
        next_met = "met" if largest.transferred < NEXT_PAGE_TARGET else "MISSED"
        print(
            f"{code}: first page {kb(first.transferred)} (target under "
            f"{kb(FIRST_PAGE_TARGET)}: {first_met}); next {len(later)} pages mean {kb(mean)}, "
            f"largest {kb(largest.transferred)} ({largest.page}; target under "
            f"{kb(NEXT_PAGE_TARGET)}: {next_met})"
        )
        if verbose:
            for path, size in first.files:
                print(f"    first page: {path} {kb(size)}")
    print(
        f"GOV.UK Frontend's precompiled CSS ({GOVUK_CSS.relative_to(ROOT)}): {kb(len(css))} "
        f"raw, {kb(len(gzip.compress(css, 9)))} gzipped"
    )


def main(argv: list[str]) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench page_weight", description=__doc__)
    parser.add_argument("--channel", default="phone")
    parser.add_argument(
        "--lang", action="append", help="a language to measure (repeatable); en and ar if none"
    )
    parser.add_argument("--files", action="store_true", help="list the first page's files")
    args = parser.parse_args(argv)
    sys.path.insert(0, str(ROOT))
    report(measure(args.channel, args.lang or ["en", "ar"]), verbose=args.files)
