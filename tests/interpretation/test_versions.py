"""What a reviewer is shown of a resubmitted package: each changed field under its name, old
and new side by side with the deleted and inserted characters marked, lists item by item,
the unchanged fields only named."""

import re

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from base.organisation.demo import load_units_and_people
from base.textdiff import DELETED, INSERTED, LABEL, SAME, char_diff, text_rows
from interpretation import versions
from tests.factories import AttachmentFactory, InterpretationFactory, PersonFactory
from tests.workflows.conftest import Desk

BEFORE = {
    "document.title": "湛江市2026年政务公开工作要点",
    "document.doc_type": "other",
    "document.livelihood": False,
    "document.effective_from": None,
    "document.disclosure_reason": "",
    "interpretation.forms": ["text", "qa"],
    "interpretation.standards": (
        "重大突发事件，主管责任单位24小时内举行新闻发布会；其他政务舆情48小时内回应。"
    ),
    "interpretation.qa": [
        {"question": "何时施行？", "answer": "自印发之日起施行。"},
        {"question": "回应时限是多少？", "answer": "应在48小时内予以回应。"},
        {"question": "由谁解读？", "answer": "起草部门负责解读。"},
    ],
    "interpretation.key_figures": [
        {"value": "24", "unit": "小时", "label": "新闻发布时限"},
        {"value": "1", "unit": "个工作日", "label": "办事条件变化后公开时限"},
    ],
    "interpretation.chart": {"items": [{"label": "法治政府", "value": 3.0}]},
    "attachments": [],
}


# deletions and insertions say what they are to a screen reader too (changes.css)
DEL, INS = '<del data-mark="删除：">', '<ins data-mark="新增：">'


def after(**changed):
    return {**BEFORE, **{key.replace("__", "."): value for key, value in changed.items()}}


def marked(pieces):
    """Pieces as text: [-deleted-], {+inserted+}, <label>."""
    form = {SAME: "{}", DELETED: "[-{}-]", INSERTED: "{{+{}+}}", LABEL: "<{}>"}
    return "".join(form[piece.kind].format(piece.text) for piece in pieces)


def side_by_side(change):
    return [(marked(row.before), marked(row.after), row.status) for row in change.rows]


def by_label(comparison):
    return {str(change.label): change for change in comparison}


# characters of Chinese text


def test_a_changed_number_is_marked_as_a_whole_not_digit_by_digit():
    before, after = char_diff(
        "主管责任单位24小时内举行新闻发布会", "主管责任单位14小时内举行新闻发布会"
    )
    assert marked(before) == "主管责任单位[-24-]小时内举行新闻发布会"
    assert marked(after) == "主管责任单位{+14+}小时内举行新闻发布会"


def test_a_rewritten_sentence_is_one_deletion_and_one_insertion_not_confetti():
    old = "较2017年，新增建议提案办理复文全文公开和政务热线整合的要求。"
    new = "与上一年度相比，本年度的要点强调了政务服务的实效和网站的整合建设。"
    before, after = char_diff(old, new)
    # the two sentences share 年, 的, 和, 政务, 整合 …: none of them is left as an island
    assert [piece.kind for piece in before] == [DELETED, SAME]
    assert [piece.kind for piece in after] == [INSERTED, SAME]
    assert marked(after) == "{+" + new[:-1] + "+}。"


def test_words_added_in_a_sentence_are_marked_where_they_are():
    before, after = char_diff(
        "围绕法治政府建设推进决策、监管和建议提案办理结果公开。",
        "围绕法治政府建设，推进决策、执行、管理、服务和结果公开。",
    )
    assert marked(before) == "围绕法治政府建设推进决策、[-监管和建议提案办理-]结果公开。"
    assert marked(after) == "围绕法治政府建设{+，+}推进决策、{+执行、管理、服务和+}结果公开。"


def test_a_long_text_shows_only_its_changed_paragraphs():
    old = "\n".join(["第一段。", "第二段。", "第三段。", "第四段。"])
    new = "\n".join(["第一段。", "第二段。", "第三段已改。", "第四段。", "第五段。"])
    rows = text_rows(old, new)
    assert [(marked(r.before), marked(r.after), r.status, r.unchanged) for r in rows] == [
        ("", "", "unchanged", 2),
        ("第三段。", "第三段{+已改+}。", "changed", 0),
        ("", "", "unchanged", 1),
        ("", "{+第五段。+}", "added", 0),
    ]


# the comparison of two versions


def test_only_changed_fields_are_compared_under_their_names_and_the_rest_are_named():
    comparison = versions.compare(
        BEFORE, after(interpretation__standards=BEFORE["interpretation.standards"][:-1] + "；")
    )
    assert list(by_label(comparison)) == ["执行标准"]
    assert "标题" in [str(label) for label in comparison.unchanged]
    assert "问答" in [str(label) for label in comparison.unchanged]
    # empty before and after: neither a change nor worth naming
    assert "不公开或依申请公开的理由" not in [str(label) for label in comparison.unchanged]
    (row,) = by_label(comparison)["执行标准"].rows
    assert marked(row.after).endswith("48小时内回应{+；+}")


def test_line_breaks_sent_by_a_browser_are_no_change():
    before = after(interpretation__key_terms="两微一端：政务微信、政务微博。\n谁起草、谁解读。")
    resent = after(interpretation__key_terms="两微一端：政务微信、政务微博。\r\n谁起草、谁解读。")
    comparison = versions.compare(before, resent)
    assert not comparison and "关键词注释" in [str(label) for label in comparison.unchanged]


def test_choices_dates_and_yes_no_are_shown_as_the_reader_knows_them():
    comparison = by_label(
        versions.compare(
            BEFORE,
            after(
                document__doc_type="normative",
                document__livelihood=True,
                document__effective_from="2026-11-29",
                interpretation__forms=["text", "graphic"],
            ),
        )
    )
    assert side_by_side(comparison["文件类型"]) == [
        ("[-其他政策文件-]", "{+行政规范性文件+}", "changed")
    ]
    assert side_by_side(comparison["涉及群众切身利益"]) == [("[-否-]", "{+是+}", "changed")]
    assert side_by_side(comparison["施行日期"]) == [("", "{+2026年11月29日+}", "changed")]
    assert side_by_side(comparison["解读形式"]) == [
        ("文字解读、[-问答-]", "文字解读、{+图文/图解+}", "changed")
    ]


def test_lists_are_compared_item_by_item():
    qa = [
        {"question": "何时施行？", "answer": "自印发之日起施行。"},  # unchanged
        {"question": "回应时限是多少？", "answer": "应在24小时内予以回应。"},  # answer changed
        # 由谁解读？ removed
        {"question": "在哪里查阅？", "answer": "湛江市人民政府网站。"},  # added
    ]
    change = by_label(versions.compare(BEFORE, after(interpretation__qa=qa)))["问答"]
    assert change.items
    assert [(row.status, row.unchanged) for row in change.rows] == [
        ("unchanged", 1),
        ("changed", 0),
        ("removed", 0),
        ("added", 0),
    ]
    _, edited, removed, added = side_by_side(change)
    assert edited[:2] == (
        "<问>回应时限是多少？<答>应在[-48-]小时内予以回应。",
        "<问>回应时限是多少？<答>应在{+24+}小时内予以回应。",
    )
    assert removed[:2] == ("<问>[-由谁解读？-]<答>[-起草部门负责解读。-]", "")
    assert added[:2] == ("", "<问>{+在哪里查阅？+}<答>{+湛江市人民政府网站。+}")


def test_a_key_figure_with_a_new_value_is_the_same_figure_changed():
    figures = [
        {"value": "12", "unit": "小时", "label": "新闻发布时限"},
        BEFORE["interpretation.key_figures"][1],
    ]
    change = by_label(versions.compare(BEFORE, after(interpretation__key_figures=figures)))
    assert side_by_side(change["关键数据"]) == [
        (
            "<数值>[-24-]<单位>小时<说明>新闻发布时限",
            "<数值>{+12+}<单位>小时<说明>新闻发布时限",
            "changed",
        ),
        ("", "", "unchanged"),
    ]


def test_a_figure_keeps_its_name_when_value_and_unit_change():
    figure = {"value": "24", "unit": "小时", "label": "发布时限"}
    changed = {"value": "3", "unit": "个工作日", "label": "发布时限"}  # little text in common
    comparison = versions.compare(
        after(interpretation__key_figures=[figure]), after(interpretation__key_figures=[changed])
    )
    assert side_by_side(by_label(comparison)["关键数据"]) == [
        (
            "<数值>[-24-]<单位>[-小时-]<说明>发布时限",
            "<数值>{+3+}<单位>{+个工作日+}<说明>发布时限",
            "changed",
        )
    ]


def test_a_field_the_model_no_longer_has_is_still_compared_as_text():
    comparison = versions.compare(
        {"interpretation.old_field": "旧的说法"}, {"interpretation.old_field": "新的说法"}
    )
    (change,) = comparison
    assert side_by_side(change) == [("[-旧-]的说法", "{+新+}的说法", "changed")]


def test_chart_values_read_as_numbers():
    chart = {"items": [{"label": "法治政府", "value": 4.0}]}
    change = by_label(versions.compare(BEFORE, after(interpretation__chart=chart)))["图表数据"]
    assert side_by_side(change) == [
        ("<类别>法治政府<数值>[-3-]", "<类别>法治政府<数值>{+4+}", "changed")
    ]


def test_attachments_are_named_and_a_removed_one_is_still_shown():
    comparison = versions.compare(
        after(attachments=["a" * 64]), after(attachments=["b" * 64]), {"b" * 64: "补充说明.pdf"}
    )
    assert side_by_side(by_label(comparison)["附件"]) == [
        ("[-已移除的附件（aaaaaaaa）-]", "{+补充说明.pdf+}", "changed")
    ]


# the page


def comparison_html(comparison):
    return render_to_string(
        "workflows/interpretation/_changes.html",
        {"changes": comparison, "seen": {"number": 1}, "version": {"number": 2}},
    )


def test_text_a_drafter_typed_never_becomes_markup():
    comparison = versions.compare(
        BEFORE,
        after(
            interpretation__standards="<script>alert(1)</script>",
            interpretation__qa=[{"question": '<img src=x onerror="alert(2)">', "answer": "&"}],
        ),
    )
    html = comparison_html(comparison)
    assert "<script>alert" not in html and "<img" not in html
    assert f"{INS}&lt;script&gt;alert(1)&lt;/script&gt;</ins>" in html
    assert f"{INS}&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</ins>" in html


def test_the_comparison_marks_deletions_and_insertions_and_folds_the_rest():
    html = comparison_html(
        versions.compare(BEFORE, after(document__title="湛江市2027年政务公开工作要点"))
    )
    cells = re.findall(r"<td>(.*?)</td>", html, re.S)
    assert cells == [
        f"湛江市{DEL}2026</del>年政务公开工作要点",
        f"湛江市{INS}2027</ins>年政务公开工作要点",
    ]
    assert "修改前（第1版）" in html and "修改后（第2版）" in html
    unchanged = html[html.index("<details") :]
    assert "未修改的" in unchanged and "执行标准" in unchanged and "标题" not in unchanged


def resubmitted(client):
    """A package the leader returned and the drafter resubmitted with a new answer."""
    load_units_and_people()
    desk = Desk(client)
    process = desk.start()
    desk.submit(process)
    desk.login("leader")
    desk.review(process, "sign_off", "return", "请写明新闻发布时限。")
    desk.login("drafter")
    desk.submit(process, material={"qa": "重大突发事件多久召开新闻发布会？ | 最迟在12小时内。"})
    desk.login("leader")
    return desk, process


@pytest.mark.django_db
def test_a_reviewer_sees_what_changed_since_they_last_looked(client):
    desk, process = resubmitted(client)
    html = desk.review(process, "sign_off").content.decode()
    assert "自您上次查看的第1版以来的修改（现为第2版）" in html
    assert f"最迟在{DEL}24</del>小时内。" in html and f"最迟在{INS}12</ins>小时内。" in html
    changes = html[html.index("version-changes") : html.index("package-sides")]
    assert "<h4>问答</h4>" in changes and "<h4>标题</h4>" not in changes
    assert "<li>标题</li>" in changes  # named among the unchanged


@pytest.mark.django_db
def test_an_english_reviewer_reads_the_field_names_in_english(client):
    desk, process = resubmitted(client)
    client.cookies["django_language"] = "en"
    with translation.override("en"):  # the request switches this thread's language: restore it
        html = desk.review(process, "sign_off").content.decode()
    changes = html[html.index("version-changes") : html.index("package-sides")]
    assert "<h4>Q&amp;A</h4>" in changes and '<span class="change-part">Q</span>' in changes
    assert "<li>Title</li>" in changes


@pytest.mark.django_db
def test_nothing_is_compared_for_a_first_look_or_the_same_version():
    interpretation = InterpretationFactory()
    document = interpretation.document
    reviewer = PersonFactory()
    AttachmentFactory(document=document, name="方案.pdf")
    first = versions.submit(document, document.drafter)
    assert not versions.changes_since_seen(reviewer, document)[2]  # never looked
    versions.mark_seen(reviewer, first)
    assert not versions.changes_since_seen(reviewer, document)[2]  # nothing new
