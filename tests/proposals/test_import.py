"""Importing a batch: all or nothing, every bad row reported by its line, no duplicates."""

import io
import subprocess
import sys

import openpyxl
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

from base.organisation.demo import load_units_and_people
from proposals.importing import ImportFailed, import_file
from proposals.models import ImportBatch, Proposal

pytestmark = pytest.mark.django_db

HEADER = ["类别", "届", "次", "编号", "标题", "内容", "领衔人", "附议人", "联系电话", "通讯地址",
          "邮政编码", "分类", "重点", "同意公开", "提出日期", "建议主办单位", "建议会办单位",
          "办理方式"]  # fmt: skip


def row(number=101, **changes):
    values = {
        "类别": "人大建议", "届": "15", "次": "5", "编号": str(number),
        "标题": f"关于加快硇洲岛旅游发展的建议{number}", "内容": "一是完善交通；二是保护生态。",
        "领衔人": "陈海", "附议人": "林涛、黄敏", "联系电话": "13800138000",
        "通讯地址": "湛江市赤坎区人民大道1号", "邮政编码": "524000", "分类": "发展改革",
        "重点": "否", "同意公开": "是", "提出日期": "2026-01-12",
        "建议主办单位": "湛江市发展和改革局", "建议会办单位": "市财政局、市住房城乡建设局",
        "办理方式": "主办",
    }  # fmt: skip
    values.update(changes)
    return [values[name] for name in HEADER]


def xlsx(*rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for values in rows:
        sheet.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def csv_bytes(*rows, encoding="utf-8-sig"):
    lines = [",".join(HEADER)] + [",".join(values) for values in rows]
    return ("\n".join(lines) + "\n").encode(encoding)


@pytest.fixture(autouse=True)
def units(db):
    load_units_and_people()


def problems(name, data):
    with pytest.raises(ImportFailed) as failure:
        import_file(name, data)
    assert not Proposal.objects.exists(), "a failed import must change nothing"
    return [str(problem) for problem in failure.value.problems]


def test_a_spreadsheet_imports_proposers_contacts_and_suggested_units():
    result = import_file("第一批.xlsx", xlsx(row(101), row(102, 类别="政协提案", 届="13")))
    assert (result.created, result.skipped) == (2, 0)
    proposal = Proposal.objects.get(kind="npc", number=101)
    assert proposal.label == "人大建议第0101号"
    assert [p.name for p in proposal.proposers.all()] == ["陈海", "林涛", "黄敏"]
    assert proposal.lead_proposer.phone == "13800138000"
    assert proposal.suggested_lead_unit.name == "湛江市发展和改革局"
    assert {u.name for u in proposal.suggested_co_units.all()} == {
        "湛江市财政局",
        "湛江市住房和城乡建设局",
    }


def test_csv_in_utf8_or_gb18030_imports_the_same():
    assert import_file("a.csv", csv_bytes(row(101))).created == 1
    assert import_file("b.csv", csv_bytes(row(102), encoding="gb18030")).created == 1
    assert Proposal.objects.get(number=102).title.startswith("关于加快硇洲岛")


def test_the_same_file_again_adds_nothing():
    data = xlsx(row(101), row(102))
    import_file("批次.xlsx", data)
    again = import_file("批次.xlsx", data)
    assert again.already_imported and Proposal.objects.count() == 2
    overlapping = import_file("更正.xlsx", xlsx(row(101), row(102), row(103)))
    assert (overlapping.created, overlapping.skipped) == (1, 2)
    assert Proposal.objects.count() == 3 and ImportBatch.objects.count() == 2


def test_every_bad_row_is_reported_and_nothing_is_imported():
    report = problems(
        "坏.xlsx",
        xlsx(
            row(101),
            row(102, 标题=""),
            row(103, 建议主办单位="市不存在局"),
            row(104, 提出日期="2026-02-30"),
            row(101),
            row(105, 类别="人大提案"),
            row(106, 编号="一百零六"),
            row(107, 内容="<script>alert(1)</script>"),
        ),
    )
    assert report == [
        "第3行：“标题”不能为空。",
        "第4行：单位“市不存在局”不存在，请使用系统中的单位全称。",
        "第5行：提出日期“2026-02-30”不是有效日期（例如 2026-01-15）。",
        "第6行：编号与第2行重复。",
        "第7行：类别应为“人大建议”或“政协提案”，而不是“人大提案”。",
        "第8行：“编号”应为正整数，而不是“一百零六”。",
        "第9行：“内容”：不允许包含 HTML 标记或脚本，请输入纯文本。",
    ]


def test_a_number_already_stored_with_other_content_is_refused():
    import_file("一.xlsx", xlsx(row(101)))
    report = problems_after_first("二.xlsx", xlsx(row(101, 标题="关于另一件事的建议"), row(102)))
    assert report == ["第2行：人大建议第0101号已导入，但标题或内容与本行不同。"]


def problems_after_first(name, data):
    before = Proposal.objects.count()
    with pytest.raises(ImportFailed) as failure:
        import_file(name, data)
    assert Proposal.objects.count() == before
    return [str(problem) for problem in failure.value.problems]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("空.xlsx", b"", "文件是空的"),
        ("坏.xlsx", b"PK\x03\x04 not really a zip", "无法读取该 .xlsx 文件"),
        ("加密.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "已加密"),
        ("旧格式.xls", b"\xd0\xcf\x11\xe0", "另存为 .xlsx"),
        ("只有表头.xlsx", xlsx(), "没有数据行"),
        (
            "错表头.xlsx",
            xlsx(["1"], header=["序号"]),
            "缺少必填列：类别、届、次、编号、标题、内容、领衔人",
        ),
        ("二进制.csv", b"\x00\x01\x02\xff\xfe", "CSV"),
    ],
)
def test_unreadable_files_get_a_clear_message(name, data, message):
    assert message in " ".join(problems(name, data))


def test_the_command_reports_rows_and_exits_non_zero(tmp_path):
    bad = tmp_path / "坏.xlsx"
    bad.write_bytes(xlsx(row(101, 领衔人="")))
    with pytest.raises(CommandError, match="第2行：“领衔人”不能为空"):
        call_command("import_proposals", str(bad))
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "true", "GONGKAI_VAR_DIR": str(tmp_path)}

    def manage(*args):
        command = [sys.executable, "manage.py", *args]
        return subprocess.run(
            command, capture_output=True, text=True, cwd=settings.BASE_DIR, env=env
        )

    assert manage("migrate").returncode == 0
    result = manage("import_proposals", str(bad))
    assert result.returncode != 0
    assert "第2行：“领衔人”不能为空" in result.stderr


def test_the_proposal_office_uploads_a_batch_and_sees_every_problem(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.login(username="clerk", password="gongkai-demo")
    url = "/staff/proposals/import/"
    bad = SimpleUploadedFile("坏.xlsx", xlsx(row(101), row(102, 领衔人="")))
    response = client.post(url, {"file": bad})
    assert response.status_code == 422
    assert "第3行：“领衔人”不能为空。" in response.content.decode()
    assert not Proposal.objects.exists()
    good = SimpleUploadedFile("好.xlsx", xlsx(row(101), row(102)))
    assert client.post(url, {"file": good}).status_code == 302
    assert Proposal.objects.count() == 2


def test_other_roles_cannot_reach_the_upload_page(client):
    client.login(username="handler", password="gongkai-demo")
    assert client.get("/staff/proposals/import/").status_code == 403


def test_an_english_speaking_uploader_imports_the_same_chinese_file():
    from django.utils import translation

    with translation.override("en"):
        result = import_file("en.csv", csv_bytes(row(131), row(132, 办理方式="")))
    assert result.created == 2


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"届": "100"}, "第2行：“届”：确保该值小于或等于99。"),
        ({"次": "0"}, "第2行：“次”：确保该值大于或等于1。"),
        ({"编号": "4294967296"}, "第2行：“编号”：确保该值小于或等于9999。"),
        ({"标题": "标" * 201}, "第2行：“标题”：确保该变量包含不超过 200 字符 (目前字符数 201)。"),
        ({"领衔人": "<img src=x onerror=alert(1)>"}, "第2行：“领衔人”：不允许包含 HTML 标记或脚本"),
        ({"附议人": "林涛、<svg/onload=alert(1)"}, "第2行：“附议人”：不允许包含 HTML 标记或脚本"),
        ({"联系电话": "9" * 60}, "第2行：“联系电话”：确保该变量包含不超过 40 字符"),
        ({"联系电话": "请打电话"}, "第2行：“联系电话”：联系电话只能包含数字和分隔符。"),
    ],
)
def test_values_the_models_refuse_are_refused_at_import_with_their_line(changes, message):
    found = problems("batch.csv", csv_bytes(row(**changes)))
    assert any(str(problem).startswith(message) for problem in found), found
    assert not Proposal.objects.exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.UPLOAD_MAX_BYTES = 1000
    found = problems("batch.csv", csv_bytes(*[row(n) for n in range(1, 30)]))
    assert len(found) == 1 and str(found[0]).startswith("文件为") and "超过上限" in str(found[0])
    assert not Proposal.objects.exists()


def test_a_file_over_the_row_limit_is_refused(settings):
    settings.IMPORT_MAX_ROWS = 3
    found = problems("batch.csv", csv_bytes(*[row(n) for n in range(1, 5)]))
    assert [str(p) for p in found] == ["文件超过3行，请分成几个文件导入。"]
    assert not Proposal.objects.exists()
