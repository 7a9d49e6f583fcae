"""A refused form says why where the person is looking, in a real Chromium.

The openness reviewer of the demo package 湛府办〔2018〕22号 submits the review form, ~3,000 px
down a long page, with mistakes. Turbo re-renders the page (422) and scrolls to the top; the
summary of the errors must still be what the reviewer sees and what has the focus, with the
number of places to correct and a link to each field; each field's own message stays beside
it once, and the form's own problem (the confidentiality checklist left unanswered) is said
once. In Chinese and in English; screenshots at 1366×768 go to test-artifacts/e2e/.
"""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import expect, sync_playwright

from base.organisation.demo import DEMO_PASSWORD, load_units_and_people
from base.organisation.models import Person
from interpretation.models import PolicyDocument, Review
from tests.e2e.test_interpretation_browser import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, open_tasks
from workflows.interpretation.demo import NUMBER, keep_office_numbers, load_demo_package

NS = "staff:policy:interpretation"
LANGUAGES = {"zh-hans": "zh-CN", "en": "en-US"}


@pytest.fixture
def review_url(db):
    """The demo package signed off by its leader and taken by the openness reviewer."""
    load_units_and_people()
    load_demo_package()
    document = PolicyDocument.objects.get(number=NUMBER)
    client = Client()
    for username, step in [("leader", "sign_off"), ("reviewer", "openness_review")]:
        assert client.login(username=username, password=DEMO_PASSWORD)
        task = open_tasks(document, step).get()
        urls = [reverse(f"{NS}:{step}:{action}", args=[task.process_id, task.pk])
                for action in ("assign", "execute")]  # fmt: skip
        assert client.post(urls[0]).status_code == 302
        if step == "sign_off":
            assert client.post(urls[1], {"decision": "approve"}).status_code == 302
    # the office's own number on the infographic is kept: the checklist is the one problem left
    keep_office_numbers(Person.objects.get(username="reviewer"), document)
    return urls[1]


def visible_count(page, text):
    """How often `text` is shown on the page (hidden elements are not in innerText)."""
    return page.evaluate("text => document.body.innerText.split(text).length - 1", text)


def summary_title(language, n):
    with translation.override(language):
        return translation.ngettext("请修改以下%(n)s处：", "请修改以下%(n)s处：", n) % {"n": n}


def field_label(language, text):
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refused_review_shows_its_errors_at_the_top_of_the_form(
    live_server, review_url, language
):
    document = PolicyDocument.objects.get(number=NUMBER)
    required = {"zh-hans": "这个字段是必填项。", "en": "This field is required."}[language]
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context = browser.new_context(
            locale=LANGUAGES[language], viewport={"width": 1366, "height": 768}
        )
        context.add_cookies(
            [{"name": "django_language", "value": language, "url": live_server.url}]
        )
        page = context.new_page()
        page.goto(f"{live_server.url}/staff/accounts/login/")
        page.wait_for_load_state("networkidle")
        page.fill("input[name=username]", "reviewer")
        page.fill("input[name=password]", DEMO_PASSWORD)
        page.click("button[type=submit]")
        expect(page).not_to_have_url(re.compile("/login/"))
        page.goto(live_server.url + review_url)
        page.wait_for_load_state("networkidle")
        form = page.locator("form.pd-decision-form")
        submit = form.locator("button.mdc-button--raised")

        # no decision, and markup in the comment: two fields to correct
        form.locator("textarea[name=comment]").fill("<b>同意</b>")
        submit.click()
        summary = page.locator(".form-errors")
        expect(summary).to_be_visible()
        expect(summary).to_be_focused()
        expect(summary).to_be_in_viewport()
        assert page.evaluate("window.scrollY") > 1500, "the form is far down the page"
        page.screenshot(path=ARTIFACTS / f"form-errors-fields-{language}.png")
        expect(summary.locator("h2")).to_have_text(summary_title(language, 2))
        links = summary.get_by_role("link")
        expect(links).to_have_count(2)
        assert [links.nth(i).get_attribute("href") for i in range(2)] == [
            "#id_decision", "#id_comment",
        ]  # fmt: skip
        expect(links.first).to_contain_text(field_label(language, "审核意见"))
        expect(links.first).to_contain_text(required)
        # beside the field once, and once in the summary: nowhere else
        expect(page.locator("#id_decision")).to_contain_text(required)
        assert visible_count(page, required) == 2

        # the link takes the reviewer to the field, ready to choose
        links.first.click()
        expect(page.locator("#id_decision input[type=radio]").first).to_be_focused()
        expect(page.locator("#id_decision")).to_be_in_viewport()
        page.screenshot(path=ARTIFACTS / f"form-errors-link-{language}.png")

        # approving with the checklist unanswered: the form's own problem, said once
        page.locator("#id_decision input[value=approve]").check()
        form.locator("textarea[name=comment]").fill("")
        form.locator("button.mdc-button--raised").click()
        expect(summary.locator("h2")).to_have_text(summary_title(language, 1))
        expect(summary).to_be_focused()
        expect(summary).to_be_in_viewport()
        expect(summary.get_by_role("link")).to_have_count(0)
        problem = summary.locator("li").inner_text()
        assert visible_count(page, problem) == 1
        expect(page.locator(".vf-form__errors")).to_be_hidden()
        page.screenshot(path=ARTIFACTS / f"form-errors-checklist-{language}.png")
        browser.close()
    assert not Review.objects.filter(document=document, step="openness_review").exists()
