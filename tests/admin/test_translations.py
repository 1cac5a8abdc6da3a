"""The translation workflow: a spreadsheet per language, downloaded, filled in, uploaded."""

import io
import re

from openpyxl import Workbook, load_workbook

from survey_app.services import survey_drafts as drafts
from survey_app.services.translations import apply_translations, coverage, translation_rows
from tests.admin.test_surveys import survey
from tests.journey_helpers import STANDARD

PAGE = "/admin/surveys/customer-care/translations"


def sheet_rows(data: bytes) -> list[list]:
    sheet = load_workbook(io.BytesIO(data)).active
    return [
        [cell if cell is not None else "" for cell in row]
        for row in sheet.iter_rows(values_only=True)
    ]


def xlsx(rows: list[list]) -> io.BytesIO:
    book = Workbook()
    for row in rows:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


def test_every_text_a_resident_reads_is_a_row():
    rows = {row.id: row for row in translation_rows(STANDARD, "ar")}
    assert rows["title"].english == "Tell us about your contact with the council"
    assert rows["title"].translation == "أخبرنا عن تواصلك مع المجلس"
    assert rows["question:ease:text"].english == (
        "How easy or difficult was it to contact the council?"
    )
    assert rows["question:ease:option:very_easy"].translation == "سهل جدًا"
    # The built-in satisfaction scale is translated per question too.
    assert rows["question:overall_satisfaction:option:dont_know"].english == "Don't know"
    assert "question:service:option:council-tax" not in rows  # services come from the list
    assert coverage(STANDARD, "ar") == (len(rows), len(rows))


def test_a_spreadsheet_round_trip_changes_only_what_the_translator_changed(
    admin, client, client_request
):
    download = client.get(f"{PAGE}/ro.xlsx")
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == (
        'attachment; filename="customer-care-ro.xlsx"'
    )
    rows = sheet_rows(download.get_data())
    assert rows[0] == ["id", "where", "English", "translation"]
    by_id = {row[0]: row for row in rows[1:]}
    assert by_id["question:ease:text"][3] == (
        "Cât de ușor sau de greu a fost să contactați consiliul?"
    )
    # The translator rewords one text, clears another, and adds a row that is not ours.
    by_id["question:ease:text"][3] = "Cât de ușor a fost să contactați consiliul?"
    by_id["question:comments:hint"][3] = ""
    upload = [rows[0], *by_id.values(), ["question:nonsense:text", "", "", "Ceva"]]
    page = client_request.post(PAGE, {"language": "ro", "file": (xlsx(upload), "ro.xlsx")})
    assert "Romanian: 2 texts changed" in page.html
    assert "<code>question:nonsense:text</code>" in page.html  # not recognised, reported
    assert "<code>question:comments:hint</code>" in page.html  # still missing, reported
    draft = drafts.editable_definition(survey("customer-care"))
    words = draft["translations"]["ro"]["questions"]
    assert words["ease"]["text"] == "Cât de ușor a fost să contactați consiliul?"
    assert "hint" not in words["comments"]
    assert "nonsense" not in words
    assert draft["translations"]["ro"]["status"] == "draft"
    # Downloading again gives back exactly what was uploaded (less the unknown row).
    again = {row[0]: row for row in sheet_rows(client.get(f"{PAGE}/ro.xlsx").get_data())[1:]}
    assert again == by_id


def test_a_new_language_is_offered_once_translated():
    definition = {**STANDARD, "languages": ["en"], "translations": {}}
    changed, report = apply_translations(definition, "ar", {"title": "عنوان"})
    assert changed["languages"] == ["en", "ar"]
    assert report.changed == ["title"]
    assert len(report.missing) == len(translation_rows(STANDARD, "ar")) - 1


def test_the_coverage_table_and_bad_uploads(admin, client_request):
    page = client_request.get(PAGE)
    assert page.heading == "Translations: Tell us about your contact with the council"
    assert page.html.count("(100%)") == 4
    refused = client_request.post(
        PAGE, {"language": "ar", "file": (io.BytesIO(b"not a spreadsheet"), "x.xlsx")}
    )
    assert "The selected file is not an Excel spreadsheet (.xlsx)" in refused.html
    headless = client_request.post(
        PAGE, {"language": "ar", "file": (xlsx([["a", "b"], ["c", "d"]]), "x.xlsx")}
    )
    assert "The first row must name the columns id and translation" in headless.html
    nothing = client_request.post(PAGE, {"language": "ar"})
    assert "Select a spreadsheet to upload" in nothing.html


def test_a_hostile_workbook_is_refused_before_it_is_opened(admin, client_request):
    """The translation upload is bounded like a survey upload: an entity declaration (the
    start of an entity-expansion attack) is refused with a GOV.UK error, nothing changed."""
    from tests.admin.test_hostile_uploads import ENTITY_EXPANSION, _rewrite

    def declare(content: bytes) -> bytes:
        return ENTITY_EXPANSION + re.sub(rb"^<\?xml[^>]*\?>\s*", b"", content)

    hostile = _rewrite(
        xlsx([["id", "translation"], ["title", "x"]]).getvalue(),
        "xl/worksheets/sheet1.xml",
        declare,
    )
    before = survey("customer-care").draft_definition
    refused = client_request.post(
        PAGE, {"language": "ar", "file": (io.BytesIO(hostile), "lolz.xlsx")}
    )
    assert "DOCTYPE or ENTITY declaration" in refused.html
    assert survey("customer-care").draft_definition == before


def test_the_shared_text_is_counted_apart_and_marked_draft(admin, client_request):
    from sqlalchemy import select

    from survey_app.extensions import db
    from survey_app.models import Channel

    db.session.add(Channel(slug="text-message", name="Text message", description="By text"))
    db.session.flush()
    page = client_request.get(PAGE)
    table = page.html.split("How much of the shared text is translated", 1)[1]
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">(\w+)</th>(.*?)</tr>', table, re.S
    )
    assert [name for name, _ in rows] == ["Arabic", "Gujarati", "Tamil", "Romanian"]
    for _, cells in rows:
        counts = re.findall(r"(\d+) of (\d+)", cells)
        catalogue, legal, channels = counts
        assert catalogue[0] == catalogue[1]
        assert int(catalogue[1]) > 150
        assert legal == ("3", "3")
        # the 7 shipped channels' names and descriptions, not the one just added
        assert channels == ("14", "16")
        assert "Draft translation" in cells
    assert db.session.scalar(select(Channel).where(Channel.slug == "text-message"))
