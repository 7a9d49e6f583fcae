"""The answer of an application in the browser: the applicant's status page once the answer
is sent (the letter and the file given with it), and the office's 起草答复 step with a file
whose mobile number keeps the answer back; in Chinese and in English. Screenshots go to
test-artifacts/e2e/."""

import os
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from playwright.sync_api import expect

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"  # Playwright's loop runs in the test thread

from applications.models import AnswerCategory  # noqa: E402
from base.organisation.demo import load_units_and_people  # noqa: E402
from tests.e2e.test_interpretation_browser import ARTIFACTS, Desk, browser  # noqa: E402, F401
from tests.privacy import sample_files  # noqa: E402
from tests.workflows.application_desk import ApplicationDesk  # noqa: E402
from tests.workflows.test_application_answer import to_answer  # noqa: E402


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()


def upload():
    return SimpleUploadedFile("发放名单.docx", sample_files.docx())


@pytest.mark.parametrize("locale", ["zh-CN", "en-US"])
def test_the_sent_answer_and_the_answer_step(live_server, browser, locale):  # noqa: F811
    load_units_and_people()
    desk, tag = ApplicationDesk(Client()), locale[:2]
    granted = AnswerCategory.objects.get(code="granted").pk
    sent, process, key = to_answer(desk)
    desk.act(process, "answer", {"category": granted, "files": upload()}, expect=200)
    desk.act(process, "answer", {"category": granted, "override": "on",
                                 "override_reason": "经办人办公电话"})  # fmt: skip
    desk.act(process, "sign", {"decision": "approve", "comment": ""}, "issuer")
    _held, waiting, _key = to_answer(desk)
    desk.act(waiting, "answer", {"category": granted, "files": upload()}, expect=200)

    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.goto(f"{live_server.url}/apply/status/{key}/")
    expect(page.locator("a[href$='answer.pdf']")).to_be_visible()
    expect(page.get_by_role("link", name="发放名单.docx")).to_be_visible()
    page.screenshot(path=ARTIFACTS / f"app-{tag}-status-answered.png", full_page=True)
    page.goto(f"{live_server.url}/apply/status/{key}/?new=1")  # as the form's redirect lands
    expect(page.locator("#status-link")).to_have_text(f"{live_server.url}/apply/status/{key}/")
    page.screenshot(path=ARTIFACTS / f"app-{tag}-status-new.png", full_page=True)
    context.close()

    reviewer = Desk(browser, live_server.url, "reviewer", locale)
    task = desk.task(waiting, "answer")
    reviewer.open(desk.url(task, "execute"))
    reviewer.page.wait_for_load_state("networkidle")
    panel = reviewer.page.locator("#pd")
    expect(panel).to_contain_text(sample_files.MOBILE)
    reviewer.shot(f"app-{tag}-answer-step.png")
    # the findings are decided one by one, as a publication's are
    open_before = panel.locator("tr.pd-row-open-high").count()
    keep = panel.locator("tr.pd-row-open-high", has_text=sample_files.MOBILE).locator(
        ".pd-button-keep"
    )
    keep.first.click()
    expect(panel.locator("tr.pd-row-open-high")).to_have_count(open_before - 1)
    expect(panel.locator("tr.pd-row-kept")).to_contain_text(sample_files.MOBILE)
    reviewer.shot(f"app-{tag}-answer-step-kept.png")
    assert re.search("发放名单", reviewer.page.content())
