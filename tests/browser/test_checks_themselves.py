"""The checks would catch a bad page: a suite of zero violations means something only if so."""

import pytest

from tests.browser import conftest
from tests.browser.conftest import AXE_TAGS, HtmlRecord, format_violations, validate_html

BAD_PAGE = """<!DOCTYPE html>
<html>
<head><title>Bad page</title></head>
<body>
<img src="/assets/images/favicon.svg">
<p>A paragraph <div>with a block inside</div></p>
<label for="a">One</label><input id="a"><input id="a">
</body>
</html>
"""


def test_axe_reports_violations_with_rule_impact_and_target(live_server, page):
    url = f"{live_server.url}/a-bad-page"
    page.route(url, lambda route: route.fulfill(content_type="text/html", body=BAD_PAGE))
    page.goto(url)
    results = conftest._AXE.run(
        page,
        options={"runOnly": {"type": "tag", "values": AXE_TAGS}, "resultTypes": ["violations"]},
    )
    report = format_violations(results.response["violations"])
    assert "html-has-lang (serious)" in report
    assert "image-alt (critical)" in report
    assert "at img" in report


def test_the_html_checker_reports_file_line_and_message(tmp_path):
    record = HtmlRecord(tmp_path)
    record.add("test_x", "bad page", BAD_PAGE)
    record.add("test_x", "good page", BAD_PAGE.replace("<div>", "<span>").replace("</div>", ""))
    errors = "\n".join(validate_html(record))
    assert "test_x: bad page" in errors
    assert "test_x--bad-page.html:6)" in errors
    assert "No “p” element in scope but a “p” end tag seen" in errors
    assert "Duplicate ID “a”" in errors


def test_missing_tools_give_the_fix(monkeypatch, tmp_path):
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "chromium")
    reason = conftest.missing_browser_tools()
    where = tmp_path / "chromium"
    assert reason == f"Chromium not found at {where}: install it with apt-get install -y chromium"


@pytest.mark.parametrize("required", ["1", ""])
def test_missing_tools_skip_unless_required(monkeypatch, tmp_path, required):
    monkeypatch.setattr(conftest, "CHROMIUM", tmp_path / "chromium")
    monkeypatch.setenv("REQUIRE_BROWSER", required)
    expected = pytest.fail.Exception if required else pytest.skip.Exception
    with pytest.raises(expected, match="Chromium not found"):
        conftest.check_browser_tools()
