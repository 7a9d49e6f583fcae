"""A staff form that comes back with errors says so at its top: how many places to correct,
each with a link to its field, the form's own problems said once (not also in viewflow's
block of them, which the summary hides), and nothing of the kind on a form without errors."""

import re

import pytest
from django.urls import reverse

from tests.workflows.conftest import DOCUMENT, NS, package_data

pytestmark = pytest.mark.django_db


def summary_of(html):
    """(title, [(href or "", text)]) of the page's error summary, or None."""
    found = re.search(r'<div class="form-errors".*?role="alert">(.*?)</div>', html, re.S)
    if not found:
        return None
    title = re.search(r"<h2[^>]*>(.*?)</h2>", found[1], re.S)[1].strip()
    items = []
    for item in re.findall(r"<li>(.*?)</li>", found[1], re.S):
        link = re.match(r'<a href="#([^"]+)">(.*)</a>$', item.strip(), re.S)
        items.append((link[1], link[2]) if link else ("", item.strip()))
    return title, items


@pytest.fixture
def at_openness_review(desk):
    process = desk.start()
    assert desk.submit(process).status_code == 302
    desk.approve(process, ("leader", "sign_off"))
    desk.login("reviewer")
    return desk.take(process, "openness_review")


def test_field_errors_are_listed_at_the_top_with_links_to_their_fields(desk, at_openness_review):
    task = at_openness_review
    url = desk.url(task, "execute")
    assert summary_of(desk.client.get(url).content.decode()) is None

    response = desk.client.post(url, {"comment": "<b>同意</b>"})
    html = response.content.decode()
    title, items = summary_of(html)
    assert title == "请修改以下2处："
    assert [href for href, _ in items] == ["id_decision", "id_comment"]
    assert items[0][1] == "审核意见：这个字段是必填项。"
    assert items[1][1].startswith("意见说明：") and "不允许包含 HTML 标记" in items[1][1]
    for href, _ in items:  # each link leads to an element of the page
        assert f'id="{href}"' in html
    # beside its field, each message once: viewflow's component carries it in `error`
    assert len(re.findall(r' error="这个字段是必填项。"', html)) == 1


def test_the_forms_own_problem_is_said_once_in_the_summary(desk, at_openness_review):
    task = at_openness_review
    response = desk.client.post(desk.url(task, "execute"), {"decision": "approve"})
    html = response.content.decode()
    title, items = summary_of(html)
    assert title == "请修改以下1处："
    [(href, text)] = items
    assert href == "" and text.startswith("请逐项回答保密审查（是/否）")
    # the old box above the form is gone; viewflow's block stays in the markup, after the
    # summary, where form-errors.css hides it
    assert 'class="package-errors"' not in html
    assert html.index('class="form-errors"') < html.index('class="vf-form__errors"')


def test_one_summary_counts_every_form_the_draft_page_posts(desk):
    process = desk.start()
    task = desk.take(process, "draft")
    data = package_data(
        document={"title": ""}, material={"key_figures": "二十四 | 小时 | 时限"}, save="1"
    )
    response = desk.client.post(desk.url(task, "execute"), data)
    html = response.content.decode()
    assert html.count('class="form-errors"') == 1
    title, items = summary_of(html)
    assert title == "请修改以下2处："
    assert [href for href, _ in items] == ["id_document-title", "id_material-key_figures"]


def test_the_start_form_shows_its_summary(desk):
    desk.start()
    response = desk.client.post(reverse(f"{NS}:start:execute"), DOCUMENT)
    title, items = summary_of(response.content.decode())
    assert title == "请修改以下1处："
    assert "该发文机关已有相同发文字号的文件" in items[0][1]
