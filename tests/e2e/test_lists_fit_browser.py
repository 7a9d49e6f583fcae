"""The staff lists fit a 1366 × 768 screen beside viewflow's menu, and the portal's columns
reach a 390-px phone, in a real Chromium with the demo data.

A table wider than its window hides its last columns behind a page scroll nobody notices
(满意度 on the proposal board was cut off); a phone's nav that runs past the edge hides
columns with no hint. Screenshots go to test-artifacts/e2e/ for a person to look at.
"""

from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from tests.e2e.test_interpretation_browser import ARTIFACTS, Desk, browser  # noqa: F401

LISTS = {
    "proposal-board": "/staff/proposals/board/",
    "supervision-board": "/staff/supervision/board/",
    "publication-desk": "/staff/publications/desk/",
    "statistics": "/staff/reports/statistics/",
    "statistics-items": "/staff/reports/statistics/items/?figure=shares.all&year={year}",
}
LAST_COLUMN = {"proposal-board": "满意度", "statistics-items": "重新办理"}
OVERFLOW = "document.documentElement.scrollWidth - window.innerWidth"


def fits(page, header):
    """Where the header cell lies: inside the window and inside its (unscrolled) card."""
    return page.evaluate(
        """(text) => {
            const th = [...document.querySelectorAll("th")]
                .find(t => t.textContent.trim() === text);
            const box = th.getBoundingClientRect();
            const scroller = th.closest("section");
            const card = scroller.getBoundingClientRect();
            return {right: box.right, width: box.width, window: innerWidth,
                    card: card.right, hidden: scroller.scrollWidth - scroller.clientWidth};
        }""",
        header,
    )


def test_every_staff_list_fits_a_1366_screen(live_server, browser):  # noqa: F811
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    office = Desk(browser, live_server.url, "clerk")
    office.page.set_viewport_size({"width": 1366, "height": 768})
    year = timezone.localdate().year
    for name, path in LISTS.items():
        office.open(path.format(year=year))
        office.page.wait_for_load_state("networkidle")
        expect(office.page.locator("main h1")).to_be_visible()
        office.page.screenshot(path=ARTIFACTS / f"21-list-{name}-1366.png")
        assert office.page.evaluate(OVERFLOW) <= 0, f"{name} scrolls the page sideways"
        if name in LAST_COLUMN:
            where = fits(office.page, LAST_COLUMN[name])
            assert where["width"] > 0 and where["right"] <= where["window"], (name, where)
            assert where["right"] <= where["card"] and where["hidden"] <= 0, (name, where)
    # the board's rows are there to be seen, 满意度 among them
    office.open(LISTS["proposal-board"])
    expect(office.page.locator("tbody.board-item").first).to_be_visible()
    expect(office.page.get_by_role("columnheader", name="满意度")).to_be_in_viewport()
    office.context.close()


def test_the_portal_columns_reach_a_phone(live_server, browser):  # noqa: F811
    for language in ["zh-hans", "en"]:
        context = browser.new_context(locale="zh-CN", viewport={"width": 390, "height": 844})
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/replies/")
        page.screenshot(path=ARTIFACTS / f"22-portal-nav-390-{language}.png")
        assert page.evaluate(OVERFLOW) <= 0
        links = page.locator("nav.nav a")
        assert links.count() == 6  # home, two columns, 依申请公开, search, staff login
        for index in range(links.count()):
            link = links.nth(index)
            expect(link).to_be_in_viewport(ratio=1)  # whole, without scrolling anything
            box = link.bounding_box()
            assert box["x"] >= 0 and box["x"] + box["width"] <= 390, (language, index, box)
        context.close()


def test_the_office_s_pages_stay_within_a_phone_in_english(live_server, browser):  # noqa: F811
    """Long English words must not widen a 390-px page: "Policy documents and
    interpretations" in the top bar, "Category A: Solved or adopted…" in a filter."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    office = Desk(browser, live_server.url, "clerk", locale="en-US", viewport=(390, 844))
    office.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    for name, path in {
        "board": LISTS["proposal-board"],
        "merge": "/staff/proposals/merge/",
        "proposer-texts": "/staff/proposals/proposer_texts/",
        "my-work": "/staff/work/mine/",
    }.items():
        office.open(path)
        office.page.wait_for_load_state("networkidle")
        expect(office.page.locator("html")).to_have_attribute("lang", "en")
        office.page.screenshot(path=ARTIFACTS / f"23-phone-en-{name}.png")
        assert office.page.evaluate(OVERFLOW) <= 0, f"{name} scrolls the page sideways"
    office.context.close()
    drafter = Desk(browser, live_server.url, "drafter", locale="en-US", viewport=(390, 844))
    drafter.context.add_cookies(
        [{"name": "django_language", "value": "en", "url": live_server.url}]
    )
    drafter.open("/staff/policy/interpretation/")
    drafter.page.wait_for_load_state("networkidle")
    expect(drafter.page.locator(".mdc-top-app-bar__title")).to_contain_text("Policy documents")
    drafter.page.screenshot(path=ARTIFACTS / "23-phone-en-policy.png")
    assert drafter.page.evaluate(OVERFLOW) <= 0, "the policy area scrolls the page sideways"
    drafter.context.close()


TRUNCATED = """() => [...document.querySelectorAll(".vf-list__table td, .vf-list__table th")]
    .filter(td => td.scrollWidth > td.clientWidth + 1).map(td => td.textContent.trim())"""


def test_the_units_list_shows_each_full_name(live_server, browser):  # noqa: F811
    """A unit's 全称 is what tells two units apart; viewflow cut every cell to one line and
    "…" (湛江… on a phone). The units' cells wrap; other lists keep their one-line rows."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    for width in (375, 1366):
        office = Desk(browser, live_server.url, "clerk", viewport=(width, 800))
        office.open("/staff/organisation/unit/?_search=建议提案办理科")
        office.page.wait_for_load_state("networkidle")
        name = office.page.locator("td", has_text="湛江市人民政府办公室建议提案办理科").first
        expect(name).to_be_visible()
        office.page.screenshot(path=ARTIFACTS / f"24-units-{width}.png", full_page=True)
        assert office.page.evaluate(TRUNCATED) == [], width
        office.open("/staff/organisation/unit/")
        office.page.wait_for_load_state("networkidle")
        office.page.screenshot(path=ARTIFACTS / f"24-units-all-{width}.png", full_page=True)
        assert office.page.evaluate(TRUNCATED) == [], width
        assert office.page.evaluate(OVERFLOW) <= 0, width
        office.context.close()
    drafter = Desk(browser, live_server.url, "drafter")
    drafter.open("/staff/policy/interpretation/")
    cell = drafter.page.locator(".vf-list__table tbody td").first
    expect(cell).to_have_css("white-space", "nowrap")  # other lists unchanged
    drafter.context.close()
