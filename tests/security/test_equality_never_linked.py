"""The privacy notice's promise: a resident's equality answers are kept apart from their
survey answers and only ever shown as totals.

An attacker here is anyone with a staff account (or a stolen copy of something they
downloaded) trying to put a person's equality answers beside that person's survey answers.
Every download an admin can reach by following links from the staff pages is fetched and
read, and the CLI export too: none may hold an equality answer (or an equality column, or a
write-in) in the same file as an individual response's key or comment.
"""

import csv
import io
import re
import zipfile
from urllib.parse import urljoin, urlsplit

from sqlalchemy import select

from survey_app.equality import questions as eq
from survey_app.extensions import db
from survey_app.models import Response
from survey_app.services.equality import save_equality_answer
from tests.results.helpers import add_responses

COMMENT = "Quokka comment only this resident wrote"
WRITE_IN = "Axolotl write-in only this resident wrote"
HREF = re.compile(r'href="([^"#]+)"')
# The areas where staff find downloads; sign-out and the survey itself are left alone.
CRAWLED = ("/admin", "/results")
# The full export streams, and empties the test's shared session as it goes: fetched last.
SKIPPED = ("/auth/logout", "/results/export/")


def _resident_with_equality_answers() -> Response:
    add_responses(12, channel="phone", comment=COMMENT)
    response = db.session.scalar(select(Response).order_by(Response.id))
    pages = {page.column: page for page in eq.PAGES}
    save_equality_answer(response, pages["age_band"], "age_35_49")
    save_equality_answer(response, pages["sex"], "female")
    save_equality_answer(response, pages["religion"], "any_other_religion", WRITE_IN)
    return response


def _text_of(body: bytes) -> str:
    """A download's text: every part of a zip (xlsx, docx) or the file itself."""
    if body[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            return "\n".join(
                archive.read(name).decode("utf-8", "replace") for name in archive.namelist()
            )
    return body.decode("utf-8", "replace")


def _individual_and_equality(text: str, key: str) -> list[str]:
    """What in one file would link a person's equality answers to their survey answers."""
    individual = key in text or COMMENT in text
    equality = [
        marker
        for marker in (WRITE_IN, "equality_", "age_35_49", "any_other_religion")
        if marker in text
    ]
    if WRITE_IN in text:  # a write-in is never shown, even alone
        return [WRITE_IN]
    return equality if individual else []


FILE_NAME = re.compile(r"\.(csv|xlsx|docx|yaml|json|png|svg)\b")


def _visit_key(url: str) -> str:
    """A page is read once whatever its filters; every file link is fetched."""
    parts = urlsplit(url)
    return url if FILE_NAME.search(url) else parts.path


def _another_of_the_same(url: str, kinds: dict[str, set[str]]) -> bool:
    """Whether the address is a third page of one kind (``/results/service/<slug>``): the
    pages of one kind are made by the same code, so two of them stand for all."""
    segments = urlsplit(url).path.split("/")
    if len(segments) < 4:
        return False
    kind, slug = "/".join(segments[:3]), segments[3]
    if slug not in kinds.setdefault(kind, set()) and len(kinds[kind]) >= 2:
        return True
    kinds[kind].add(slug)
    return False


def _crawl_downloads(client, start: list[str], limit: int = 400) -> dict[str, bytes]:
    seen, queue, downloads, kinds = set(), list(start), {}, {}
    while queue:
        url = queue.pop(0)
        if _visit_key(url) in seen or _another_of_the_same(url, kinds):
            continue
        seen.add(_visit_key(url))
        assert len(seen) <= limit, "the crawl should reach every kind of page well before this"
        response = client.get(url)
        if response.status_code != 200:
            continue
        if response.mimetype != "text/html":
            downloads[url] = response.get_data()
            continue
        for href in HREF.findall(response.get_data(as_text=True)):
            target = urljoin(url, href.replace("&amp;", "&"))
            parts = urlsplit(target)
            if parts.netloc or not parts.path.startswith(CRAWLED):
                continue
            if parts.path.startswith(SKIPPED) or "/assets/" in parts.path:
                continue
            if _visit_key(target) not in seen:
                queue.append(target)
    return downloads


def test_no_staff_download_puts_equality_answers_beside_a_response(app, client, client_request):
    response = _resident_with_equality_answers()
    client_request.login(["admin", "reviewer"])
    downloads = _crawl_downloads(client, ["/admin/", "/results/"])
    downloads["/results/export/responses.csv"] = client.get(
        "/results/export/responses.csv"
    ).get_data()
    # The crawl really reached the full export and the results tables.
    assert "/results/export/responses.csv" in downloads
    assert COMMENT in downloads["/results/export/responses.csv"].decode()
    assert any(".csv" in url and "export" not in url for url in downloads), sorted(downloads)
    assert any(".xlsx" in url for url in downloads), sorted(downloads)
    linked = {
        url: found
        for url, body in downloads.items()
        if (found := _individual_and_equality(_text_of(body), response.submission_key))
    }
    assert linked == {}
    # The receipt reference a resident is shown is in no download either: it is only ever
    # entered by staff to remove that resident's answers.
    references = [r.reference for r in db.session.scalars(select(Response))]
    assert len(references) == 12
    assert all(references)
    holding = sorted(
        url
        for url, body in downloads.items()
        if any(reference in _text_of(body) for reference in references)
    )
    assert holding == []


def test_the_full_export_has_no_equality_column(app, client, client_request):
    response = _resident_with_equality_answers()
    client_request.login("admin")
    body = client.get("/results/export/responses.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(body)))
    assert len(rows) == 12
    assert response.submission_key in body
    assert [c for c in rows[0] if c.startswith("equality") or c in eq.ANSWER_COLUMNS] == []


def test_the_cli_export_has_no_equality_answers(app, runner, tmp_path):
    response = _resident_with_equality_answers()
    target = tmp_path / "responses.csv"
    result = runner.invoke(args=["responses", "export", str(target)])
    assert result.exit_code == 0, result.output
    text = target.read_text(encoding="utf-8")
    assert response.submission_key in text
    assert _individual_and_equality(text, response.submission_key) == []
    assert "equality_key" not in text
    assert response.equality_key not in text
    assert response.reference not in text
    assert "reference" not in text.splitlines()[0]
