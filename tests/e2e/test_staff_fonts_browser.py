"""The face a clerk's Chinese data is drawn in on the staff pages: the interface's sans face in
both languages, never the 楷体 installed for the documents (fonts-arphic-ukai), which a browser
picks for Han characters on an English page unless the page names its CJK face."""

from base.organisation.demo import load_units_and_people
from tests.e2e.test_interpretation_browser import Desk, browser  # noqa: F401

UNIT = "湛江市人民政府办公室建议提案办理科"

# the elements whose own text holds a Han character, marked for DevTools to find
MARK_HAN_TEXT = """() => {
  let n = 0;
  for (const element of document.querySelectorAll("main *")) {
    const own = [...element.childNodes].filter(c => c.nodeType === 3).map(c => c.data).join("");
    if (/\\p{Script=Han}/u.test(own) && element.getClientRects().length) {
      element.setAttribute("data-han", n++);
    }
  }
  return n;
}"""


def han_faces(page):
    """The system faces Chromium drew each element's Chinese in (DevTools' "Rendered Fonts")."""
    marked = page.evaluate(MARK_HAN_TEXT)
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]["nodeId"]
    drawn = {}
    for n in range(marked):
        node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": f'[data-han="{n}"]'})
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        for font in fonts:
            drawn.setdefault(font["familyName"], n)
    return marked, drawn


def test_chinese_on_staff_pages_is_drawn_in_the_sans_face_in_both_languages(
    live_server,
    browser,  # noqa: F811
):
    load_units_and_people()
    for locale in ("en-US", "zh-CN"):
        clerk = Desk(browser, live_server.url, "clerk", locale)
        clerk.open(f"/staff/organisation/unit/?_search={UNIT}")
        for page in ("list", "the unit's page"):
            if page != "list":
                link = clerk.page.locator(".vf-list__table tbody a", has_text=UNIT).first
                clerk.click(link, r"/unit/\d+/")
            clerk.page.wait_for_load_state("networkidle")
            path = clerk.page.url
            marked, drawn = han_faces(clerk.page)
            assert marked >= 1, (locale, path)
            assert "Noto Sans CJK SC" in drawn, (locale, path)
            assert not [face for face in drawn if "UKai" in face], (locale, path, drawn)
        clerk.context.close()
