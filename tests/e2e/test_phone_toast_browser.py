"""viewflow's toast on a phone: it covered the step form's buttons at the foot of the screen, and
the handler's tap on 提交核稿 landed on it and did nothing (seen in CI, tests/e2e/
test_proposal_browser.py). On a phone it shows at the top, and a tap on it goes through."""

from base.organisation.demo import load_units_and_people
from tests.e2e.test_interpretation_browser import ARTIFACTS, Desk, browser  # noqa: F401

# Where the open toast lies and what a tap on its text reaches: shown as viewflow shows a
# message, and asked again until it is open (the toast listens only once its element has set
# itself up, a moment after the page is shown); measured in the same call, before it closes.
MEASURE = """() => {
  const toast = document.querySelector("vf-snackbar");
  if (!toast.classList.contains("mdc-snackbar--open")) {
    window.dispatchEvent(new CustomEvent("vf-snackbar:show",
      {detail: {message: "任务 已领取。", actionText: "#1", actionLink: "/staff/"}}));
    return null;
  }
  if (toast.classList.contains("mdc-snackbar--opening")) return null;
  const box = toast.querySelector(".mdc-snackbar__surface").getBoundingClientRect();
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
        toast = clerk.page.wait_for_function(MEASURE, polling=200).json_value()
        clerk.page.screenshot(path=ARTIFACTS / f"toast-{viewport[0]}.png")
        assert toast["through"], viewport  # the tap reaches the page beneath
        if at_top:
            assert toast["bottom"] < toast["height"] / 3, toast  # clear of the form's buttons
        else:
            assert toast["top"] > toast["height"] / 2, toast  # a desktop keeps it at the foot
        clerk.context.close()
