"""The public portal's pages, search and files, as a reader meets them."""

import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from publications.models import Kind, Rendition
from tests.factories import UnitFactory
from tests.web.publishing import (
    PDF,
    PNG,
    attachment,
    deliver,
    event_of,
    policy_fields,
    policy_with_interpretation,
    publish,
    reply,
    withdraw,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_root")]


def page(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content.decode()[:500]
    return response.content.decode()


def policy(source_id, title, deliver_it=True, **fields):
    return publish(
        Kind.POLICY,
        source_id,
        title=title,
        summary=f"{title}的摘要",
        body=f"{title}的正文。",
        fields=policy_fields(**fields),
        deliver_it=deliver_it,
    )


# what a reader sees ----------------------------------------------------------------------


def test_home_shows_the_latest_of_both_columns(client):
    policy_with_interpretation(1)
    reply(7, title="关于加强校园安全建议的答复")
    html = page(client, reverse("portal:home"))
    assert "政策文件与解读" in html and "建议提案办理结果" in html
    assert "关于发放临时救助金的通知" in html
    assert 'href="/policies/1/"' in html
    assert 'href="/policies/1/interpretation/"' in html  # 政策解读 beside its document
    assert "关于加强校园安全建议的答复" in html and 'href="/replies/7/"' in html
    assert 'action="/search/"' in html


def test_an_empty_portal_says_so(client):
    html = page(client, "/")
    assert "暂无已发布的政策文件。" in html and "暂无已公开的办理复文。" in html


def test_the_policy_page_shows_the_document_and_its_interpretation_in_brief(client):
    policy_with_interpretation(1, effective_from="2026-06-01")
    html = page(client, "/policies/1/")
    assert "湛府办〔2026〕22号" in html and "湛江市人民政府办公室" in html
    assert "行政规范性文件" in html and "2026年6月1日" in html
    assert "<p>第一条 为做好临时救助工作，制定本通知。</p>" in html
    # the interpretation in brief: the graphic's first page linking the PDF, key figures
    assert re.search(
        r'<a class="brief__preview" href="/files/interpretation/1/v1/infographic.pdf">\s*'
        r'<img src="/files/interpretation/1/v1/infographic-1.png"',
        html,
    )
    assert "3000" in html and "最高救助金额" in html
    assert 'href="/policies/1/interpretation/"' in html


def test_the_interpretation_page_shows_everything_and_links_back(client):
    policy_with_interpretation(1)
    html = page(client, "/policies/1/interpretation/")
    assert "《关于发放临时救助金的通知》政策解读" in html
    for text in ("背景依据", "主要内容", "申请材料从简。", "最高救助金额", "个工作日"):
        assert text in html
    assert "2026年6月1日" in html and "开始受理申请" in html  # the timeline
    assert "谁可以申请？" in html and "本市户籍困难群众。" in html  # Q&A
    assert "张三" in html and "局长" in html  # the interpreter (五公开)
    assert 'src="/files/interpretation/1/v1/infographic-1.png"' in html
    assert 'src="/files/interpretation/1/v1/infographic-2.png"' in html
    assert 'href="/files/interpretation/1/v1/infographic.pdf"' in html
    assert 'href="/files/interpretation/1/v1/long.png"' in html
    assert 'href="/policies/1/"' in html  # 同步公开: each links the other


def test_the_reply_page_shows_the_letter_and_its_result(client):
    reply(7, result_class="B", result_label="正在解决或列入计划", round=2)
    html = page(client, "/replies/7/")
    assert "关于市十五届人大五次会议第7号建议的答复" in html
    assert "您提出的关于加强校园安全的建议收悉，现答复如下。" in html
    assert "正在解决或列入计划" in html and "grade--b" in html
    assert "第十五届第五次会议第12号" in html and "湛教函〔2026〕12号" in html
    assert "第2次办理（重新办理）" in html
    assert 'href="/files/reply/7/v1/letter.pdf"' in html


def test_the_reply_page_in_english_names_the_result_and_disclosure_in_english(client):
    reply(8, result_class="A", result_label="已解决或采纳", disclosure="部分公开")
    html = page(client, "/replies/8/", **{"accept-language": "en"})
    assert "Solved or adopted" in html and "Partial disclosure" in html
    assert "已解决或采纳" not in html and "部分公开" not in html
    chinese = page(client, "/replies/8/")
    assert "已解决或采纳" in chinese and "部分公开" in chinese


def test_dates_are_written_as_people_read_them_in_beijing_time(client):
    # 2026-11-28 20:30 UTC is 29 November in Zhanjiang
    with time_machine.travel(datetime.datetime(2026, 11, 28, 20, 30, tzinfo=datetime.UTC)):
        reply(7)
    assert "2026年11月29日" in page(client, "/replies/7/")
    assert "2026年11月29日" in page(client, "/replies/")


def test_pages_carry_no_inline_script_and_need_no_login(client):
    policy_with_interpretation(1)
    reply(7)
    for url in ("/", "/policies/", "/policies/1/", "/policies/1/interpretation/", "/replies/"):
        html = page(client, url)
        assert "<script" not in html
    assert "<script" not in page(client, "/replies/7/")
    assert "<script" not in page(client, "/search/?q=救助")


def test_only_reading_is_allowed(client):
    policy(1, "关于发放临时救助金的通知")
    assert client.post("/policies/1/").status_code == 405
    assert client.post("/").status_code == 405
    assert client.head("/policies/1/").status_code == 200


# never anything but the live version ------------------------------------------------------


def everywhere(client, needle):
    """Every HTML page a reader could find an item on."""
    urls = ["/", "/policies/", "/replies/", "/search/?q=通知", "/policies/1/", "/replies/7/"]
    return [url for url in urls if needle in client.get(url).content.decode()]


def test_an_undelivered_item_is_nowhere(client):
    policy(1, "尚未送达门户的通知", deliver_it=False)
    assert everywhere(client, "尚未送达门户的通知") == []
    assert "未找到该信息" in page(client, "/policies/1/", status=404)


def test_a_new_version_shows_only_once_delivered_and_the_old_one_never_again(client):
    policy(1, "关于发放临时救助金的通知（第一版）")
    policy(1, "关于发放临时救助金的通知（修订版）", deliver_it=False)
    assert everywhere(client, "（修订版）") == []
    assert "/policies/1/" in everywhere(client, "（第一版）")

    policy(1, "关于发放临时救助金的通知（第三版）")
    assert everywhere(client, "（第一版）") == []
    assert everywhere(client, "（修订版）") == []
    assert set(everywhere(client, "（第三版）")) >= {"/", "/policies/", "/policies/1/"}


def test_a_withdrawn_item_is_nowhere_even_before_the_withdrawal_is_delivered(client):
    version = reply(7, title="关于第7号建议的答复")
    withdraw(version.publication, deliver_it=False)
    assert everywhere(client, "关于第7号建议的答复") == []
    assert client.get("/replies/7/").status_code == 404
    assert client.get("/files/reply/7/v1/letter.pdf").status_code == 404


def test_withdrawing_one_of_a_pair_takes_both_off(client):
    document, reading = policy_with_interpretation(1)
    withdraw(reading.publication)
    assert client.get("/policies/1/").status_code == 404
    assert client.get("/policies/1/interpretation/").status_code == 404
    assert "关于发放临时救助金的通知" not in page(client, "/policies/")


def test_a_policy_whose_interpretation_is_not_delivered_yet_shows_none(client):
    document, reading = policy_with_interpretation(1, deliver_reading=False)
    html = page(client, "/policies/1/")
    assert "/policies/1/interpretation/" not in html
    assert "本文件暂无公开的解读材料。" in html
    assert 'href="/policies/1/interpretation/"' not in page(client, "/policies/")
    assert client.get("/policies/1/interpretation/").status_code == 404


def test_a_withdrawn_item_published_again_is_back(client):
    version = reply(7, title="关于第7号建议的答复")
    withdraw(version.publication)
    reply(7, title="关于第7号建议的答复（更正）")
    assert "（更正）" in page(client, "/replies/7/")


# files -------------------------------------------------------------------------------------


def test_a_file_of_the_live_version_is_served_with_its_type(client):
    policy_with_interpretation(1)
    response = client.get("/files/interpretation/1/v1/infographic.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF
    assert response["ETag"] and response["Last-Modified"]
    again = client.get(
        "/files/interpretation/1/v1/infographic.pdf", headers={"if-none-match": response["ETag"]}
    )
    assert again.status_code == 304
    picture = client.get("/files/interpretation/1/v1/infographic-1.png")
    assert picture["Content-Type"] == "image/png"
    assert b"".join(picture.streaming_content) == PNG


def test_files_of_other_versions_unknown_names_and_kinds_are_404(client):
    reply(7)
    reply(7, title="关于第7号建议的答复（第二版）")
    assert client.get("/files/reply/7/v2/letter.pdf").status_code == 200
    assert client.get("/files/reply/7/v1/letter.pdf").status_code == 404  # older version
    assert client.get("/files/reply/7/v3/letter.pdf").status_code == 404
    assert client.get("/files/reply/7/v2/nothing.pdf").status_code == 404
    assert client.get("/files/reply/8/v1/letter.pdf").status_code == 404
    assert client.get("/files/other/7/v2/letter.pdf").status_code == 404
    reply(7, title="尚未送达的第三版", deliver_it=False)
    assert client.get("/files/reply/7/v3/letter.pdf").status_code == 404


def test_a_path_outside_media_root_is_never_served(client, media_root, tmp_path):
    (tmp_path / "secret.txt").write_text("not for the public")
    version = reply(7)
    Rendition.objects.create(
        version=version,
        name="escape.pdf",
        path="../secret.txt",
        content_type="application/pdf",
        size=18,
        sha256="0" * 64,
    )
    Rendition.objects.create(
        version=version,
        name="absolute.pdf",
        path=str(tmp_path / "secret.txt"),
        content_type="application/pdf",
        size=18,
        sha256="0" * 64,
    )
    assert client.get("/files/reply/7/v1/escape.pdf").status_code == 404
    assert client.get("/files/reply/7/v1/absolute.pdf").status_code == 404


def test_an_attachment_that_is_not_a_pdf_or_picture_is_a_download(client):
    publish(
        Kind.POLICY,
        1,
        title="附件测试",
        fields=policy_fields(),
        attachments=[
            attachment("说明.html", b"<script>alert(1)</script>", "text/html"),
            attachment("附件1.pdf", PDF, "application/pdf"),
        ],
    )
    html = page(client, "/policies/1/")
    assert "附件1.pdf" in html and "说明.html" in html
    response = client.get(reverse("portal:file", args=["policy", 1, 1, "说明.html"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    inline = client.get(reverse("portal:file", args=["policy", 1, 1, "附件1.pdf"]))
    assert inline["Content-Disposition"].startswith("inline")


# lists, filters and pages -----------------------------------------------------------------


def test_lists_are_paginated_newest_first(client):
    for number in range(1, 26):
        policy(number, f"第{number:02d}号通知")
    first = page(client, "/policies/")
    assert "共25件" in first
    assert first.index("第25号通知") < first.index("第24号通知")
    assert "第05号通知" not in first
    second = page(client, "/policies/?page=2")
    assert "第05号通知" in second and "第06号通知" not in second
    assert 'href="?page=1"' in second
    beyond = page(client, "/policies/?page=9")
    assert "没有这一页：共2页。" in beyond


def test_totals_follow_every_delivery_and_withdrawal(client):
    """Totals are kept between requests (web/portal/public.py): never past a change."""
    first = reply(1, title="第1号答复")
    assert "共1件" in page(client, "/replies/")
    second = reply(2, title="第2号答复", deliver_it=False)
    assert "共1件" in page(client, "/replies/")  # not delivered yet
    deliver(event_of(second))
    assert "共2件" in page(client, "/replies/")
    withdraw(first.publication, deliver_it=False)
    assert "共1件" in page(client, "/replies/")
    assert client.get("/api/publications/?kind=reply").json()["count"] == 1


def test_replies_filter_by_year_and_kind(client):
    with time_machine.travel(datetime.datetime(2025, 6, 1, 9, tzinfo=datetime.UTC)):
        reply(1, title="二〇二五年的建议答复")
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC)):
        reply(2, title="二〇二六年的建议答复")
        reply(3, title="二〇二六年的提案答复", proposal_kind="提案")
    with time_machine.travel(datetime.datetime(2026, 7, 1, 9, tzinfo=datetime.UTC)):
        html = page(client, "/replies/?year=2025")
        assert "二〇二五年的建议答复" in html and "二〇二六年" not in html
        html = page(client, "/replies/?kind=提案")
        assert "二〇二六年的提案答复" in html and "建议答复" not in html
        html = page(client, "/replies/?year=2026&kind=建议")
        assert (
            "二〇二六年的建议答复" in html and "二〇二五年" not in html and "提案答复" not in html
        )
        assert '<option value="2025"' in html and '<option value="2026" selected' in html


# search ------------------------------------------------------------------------------------


def test_search_finds_chinese_substrings_and_every_term_must_match(client):
    policy(1, "关于发放临时救助金的通知")
    policy(2, "关于加强校园安全管理的通知")
    reply(7, title="关于校园周边交通安全建议的答复")
    html = page(client, "/search/?q=救助")
    assert "关于发放临时救助金的通知" in html and "校园" not in html.split("找到")[1]
    html = page(client, "/search/?q=校园 安全")
    assert "关于加强校园安全管理的通知" in html and "关于校园周边交通安全建议的答复" in html
    html = page(client, "/search/?q=校园　通知")  # the ideographic space separates terms too
    assert "关于加强校园安全管理的通知" in html and "交通安全建议的答复" not in html
    assert "找到0条结果" in page(client, "/search/?q=不存在的词")


def test_search_reads_full_width_letters_and_digits(client):
    policy(1, "关于发放临时救助金的通知", number="湛府办〔2026〕22号")
    policy(2, "关于ＡＢＣ项目的通知", number="湛府办〔2026〕23号")
    assert "关于发放临时救助金的通知" in page(client, "/search/?q=２２号")
    assert "关于ＡＢＣ项目的通知" in page(client, "/search/?q=abc")


def test_search_marks_the_matches_and_escapes_the_text(client):
    publish(
        Kind.POLICY,
        1,
        title="关于救助的通知",
        summary="<b>临时救助</b>金的发放办法",
        fields=policy_fields(),
    )
    html = page(client, "/search/?q=救助")
    assert "&lt;b&gt;临时<mark>救助</mark>&lt;/b&gt;" in html


def test_search_finds_neither_old_versions_nor_withdrawn_items(client):
    policy(1, "关于旧标题的通知")
    policy(1, "关于新标题的通知")
    version = policy(2, "关于撤回事项的通知")
    withdraw(version.publication)
    assert "找到0条结果" in page(client, "/search/?q=旧标题")
    assert "找到0条结果" in page(client, "/search/?q=撤回事项")
    assert "找到1条结果" in page(client, "/search/?q=新标题")


def test_search_pages_many_results_without_counting_them(client):
    for number in range(1, 26):
        policy(number, f"关于第{number:02d}项救助工作的通知")
    first = page(client, "/search/?q=救助")
    assert "第1页" in first and 'href="?q=%E6%95%91%E5%8A%A9&amp;page=2"' in first
    assert "关于第25项救助工作的通知" in first and "关于第05项救助工作的通知" not in first
    second = page(client, "/search/?q=救助&page=2")
    assert "关于第05项救助工作的通知" in second and "关于第06项救助工作的通知" not in second
    assert 'rel="next"' not in second
    assert "没有这一页。" in page(client, "/search/?q=救助&page=3")


def test_an_interpretation_whose_document_is_not_public_names_it_without_a_link(client):
    policy_with_interpretation(1, deliver_document=False)
    html = page(client, "/policies/1/interpretation/")
    assert "关于发放临时救助金的通知" in html
    assert 'href="/policies/1/"' not in html


# bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/policies/?page=abc", "必须是正整数"),
        ("/policies/?page=0", "必须是正整数"),
        ("/policies/?page=-1", "必须是正整数"),
        ("/policies/?page=99999999999999999999", "不能大于"),
        ("/policies/?page=%00", "不允许的字符"),
        ("/policies/?page=１", "必须是正整数"),
        ("/replies/?year=abc", "年份"),
        ("/replies/?year=99999", "年份"),
        ("/replies/?kind=nope", "只能是"),
        ("/replies/?kind=%00", "不允许的字符"),
        ("/search/?q=" + "政" * 10_000, "检索词过长"),
        ("/search/?q=%00", "不允许的字符"),
        ("/search/?q=一 二 三 四 五 六 七 八 九", "检索词最多"),
        ("/search/?q=救助&page=abc", "必须是正整数"),
        ("/sitemap-policies.xml?p=abc", "必须是正整数"),
    ],
)
def test_a_bad_query_string_is_a_clear_400(client, url, message):
    policy(1, "关于发放临时救助金的通知")
    response = client.get(url)
    assert response.status_code == 400
    assert message in response.content.decode()


@pytest.mark.parametrize(
    "url",
    [
        "/policies/99999999999999999999999/",
        "/replies/0/",
        "/policies/1/interpretation/",
        "/files/policy/99999999999999999999/v1/x.pdf",
        "/files/policy/1/v99999999999999999999/x.pdf",
        "/files/policy/1/v1/%00",
        "/sitemap-nothing.xml",
        "/sitemap-policies.xml?p=99",
    ],
)
def test_unknown_addresses_are_404_not_errors(client, url):
    policy(1, "关于发放临时救助金的通知")
    assert client.get(url).status_code == 404


def test_unknown_parameters_are_ignored(client):
    policy(1, "关于发放临时救助金的通知")
    assert "关于发放临时救助金的通知" in page(client, "/policies/?utm_source=weixin&x=%00")


# conditional requests ----------------------------------------------------------------------


def test_pages_answer_304_until_something_public_changes(client):
    policy(1, "关于发放临时救助金的通知")
    for url in ("/", "/policies/", "/policies/1/", "/replies/", "/search/?q=救助"):
        response = client.get(url)
        assert response["ETag"] and response["Last-Modified"], url
        assert "no-cache" in response["Cache-Control"]
        again = client.get(url, headers={"if-none-match": response["ETag"]})
        assert again.status_code == 304, url
        assert again["ETag"] == response["ETag"]
        since = client.get(url, headers={"if-modified-since": response["Last-Modified"]})
        assert since.status_code == 304, url

    before = client.get("/policies/")
    reply(7)
    after = client.get("/policies/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200


def test_an_item_page_changes_with_its_companion(client):
    document, reading = policy_with_interpretation(1, deliver_reading=False)
    before = client.get("/policies/1/")
    assert client.get("/policies/1/", headers={"if-none-match": before["ETag"]}).status_code == 304
    policy(2, "另一件通知")  # another item: this page is unchanged
    assert client.get("/policies/1/", headers={"if-none-match": before["ETag"]}).status_code == 304
    deliver(event_of(reading))  # the interpretation arrives: the page now shows it
    after = client.get("/policies/1/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and after["ETag"] != before["ETag"]
    assert 'href="/policies/1/interpretation/"' in after.content.decode()


def test_a_late_delivery_of_an_older_version_changes_the_etag(client):
    early = policy(1, "先写入的通知", deliver_it=False)
    policy(2, "后写入的通知")
    before = client.get("/policies/")
    deliver(event_of(early))
    after = client.get("/policies/", headers={"if-none-match": before["ETag"]})
    assert after.status_code == 200 and "先写入的通知" in after.content.decode()


def test_the_page_language_is_part_of_the_etag(client):
    policy(1, "关于发放临时救助金的通知")
    chinese = client.get("/policies/")
    english = client.get(
        "/policies/",
        headers={"accept-language": "en", "if-none-match": chinese["ETag"]},
    )
    assert english.status_code == 200


def test_pages_are_the_same_for_every_reader(client):
    """No CSRF token or other personal part: a shared cache may keep one copy for all."""
    policy(1, "关于发放临时救助金的通知")
    response = client.get("/policies/")
    assert "csrfmiddlewaretoken" not in response.content.decode()
    assert "csrftoken" not in response.cookies
    assert "Cookie" not in response.get("Vary", "")


def test_a_unit_name_is_shown_with_its_items(client):
    publish(
        Kind.REPLY,
        7,
        UnitFactory(name="湛江市教育局"),
        title="关于第7号建议的答复",
        fields={"proposal_kind": "建议"},
    )
    assert "湛江市教育局" in page(client, "/replies/")
