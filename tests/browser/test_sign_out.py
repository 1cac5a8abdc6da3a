"""Sign out is a button in a form (a POST with the CSRF token) that looks like the menu's links."""

from playwright.sync_api import Page

LINK_LOOK = """button => {
  const style = getComputedStyle(button);
  const link = document.querySelector('.govuk-service-navigation__list a');
  const linkStyle = getComputedStyle(link);
  return {
    background: style.backgroundColor,
    border: style.borderTopWidth,
    color: style.color,
    linkColor: linkStyle.color,
    font: style.fontFamily,
    linkFont: linkStyle.fontFamily,
    size: style.fontSize,
    linkSize: linkStyle.fontSize,
  };
}"""


def test_sign_out_button_looks_like_the_menu_links_and_signs_out(
    live_server, page: Page, assert_accessible, sign_in, tmp_path
):
    sign_in(page, "reviewer")
    assert page.url.endswith("/results/"), "a reviewer lands on the results"
    button = page.get_by_role("button", name="Sign out")
    look = button.evaluate(LINK_LOOK)
    assert look["background"] in {"rgba(0, 0, 0, 0)", "transparent"}
    assert look["border"] == "0px"
    assert look["color"] == look["linkColor"]
    assert look["font"] == look["linkFont"]
    assert look["size"] == look["linkSize"]
    page.locator(".govuk-service-navigation").screenshot(path=tmp_path / "header.png")
    assert_accessible(page, "results-with-sign-out-button")

    # Keyboard users reach it and get the GOV.UK focus style.
    button.focus()
    focused = button.evaluate("b => getComputedStyle(b).backgroundColor")
    assert focused == "rgb(255, 221, 0)"

    with page.expect_navigation():
        button.click()
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"
    assert page.get_by_role("button", name="Sign out").count() == 0
    assert_accessible(page, "signed-out-after-button")


def test_the_sign_out_address_asks_before_signing_out(
    live_server, page: Page, assert_accessible, sign_in
):
    sign_in(page, "shopper")
    page.goto(f"{live_server.url}/auth/logout")
    assert page.get_by_role("heading", level=1).inner_text() == "Sign out"
    assert_accessible(page, "confirm-sign-out")
    with page.expect_navigation():
        page.get_by_role("main").get_by_role("button", name="Sign out").click()
    assert page.get_by_role("heading", level=1).inner_text() == "You have signed out"
    page.goto(f"{live_server.url}/mystery-shop/")
    assert "/auth/login" in page.url
