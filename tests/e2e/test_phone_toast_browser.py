"""viewflow's toast on a phone: it covered the step form's buttons at the foot of the screen, and
the handler's tap on 提交核稿 landed on it and did nothing (seen in CI, tests/e2e/
test_proposal_browser.py). On a phone it shows at the top, and a tap on it goes through."""

from playwright.sync_api import expect

from base.organisation.demo import load_units_and_people
from tests.e2e.test_interpretation_browser import ARTIFACTS, Desk, browser  # noqa: F401

SHOW = """() => window.dispatchEvent(new CustomEvent("vf-snackbar:show",
  {detail: {message: "任务 已领取。", actionText: "#1", actionLink: "/staff/"}}))"""
UNDER = """() => {
  const box = document.querySelector(".mdc-snackbar__surface").getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + 12, box.top + box.height / 2);
  return {top: box.top, bottom: box.bottom, height: innerHeight,
          through: !hit.closest(".mdc-snackbar")};
}"""


def test_a_toast_on_a_phone_leaves_the_form_s_buttons_to_the_tap(
    live_server,
    browser,  # noqa: F811
):
    load_units_and_people()
    for viewport, at_top in (((390, 844), True), ((1366, 768), False)):
        clerk = Desk(browser, live_server.url, "clerk", "zh-CN", viewport)
        clerk.page.wait_for_function("() => customElements.get('vf-snackbar')")
        clerk.page.evaluate(SHOW)
        expect(clerk.page.locator("vf-snackbar.mdc-snackbar--open")).to_be_visible()
        expect(clerk.page.locator("vf-snackbar.mdc-snackbar--opening")).to_have_count(0)
        clerk.page.screenshot(path=ARTIFACTS / f"toast-{viewport[0]}.png")
        toast = clerk.page.evaluate(UNDER)
        assert toast["through"], viewport  # the tap reaches the page beneath
        if at_top:
            assert toast["bottom"] < toast["height"] / 3, toast  # clear of the form's buttons
        else:
            assert toast["top"] > toast["height"] / 2, toast  # a desktop keeps it at the foot
        clerk.context.close()
