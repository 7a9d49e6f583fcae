"""The reply letter (答复函) as a PDF in GB/T 9704-2012's letter format: what it says, where it
says it, that user text stays text, the golden picture of page 1, the render_reply command and
the staff download."""

import io
import os
import re
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connections
from django.urls import reverse
from PIL import Image, ImageChops
from pypdf import PdfReader

from base.organisation.models import Unit
from base.rendering.fetcher import OwnFilesOnly
from base.rendering.previews import page_images
from proposals import letter as letters
from proposals.letter import copy_to_line, letter_pdf, written_date, written_on
from proposals.management.commands.render_reply import Command as RenderReply
from proposals.models import (
    Assignment,
    LetterReview,
    LetterVersion,
    Proposal,
    Proposer,
    ReplyLetter,
    ResultClass,
)
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db
SHANGHAI = ZoneInfo("Asia/Shanghai")
GOLDEN = Path(__file__).parent / "golden" / "reply_letter_page1.png"
MM = 72 / 25.4  # points per millimetre
A4 = (595.28, 841.89)

NUMBER = "湛教函〔2026〕18号"
TITLE = "关于市十五届人大五次会议第0007号建议的答复"
PARAGRAPHS = [
    "您在市十五届人大五次会议上提出的《关于加强校园周边交通安全的建议》（第0007号）收悉。"
    "经认真研究，现答复如下：",
    "一、校园周边交通秩序整治",
    "我局会同市公安局交警支队，在湛江市区和遂溪、廉江、徐闻等县（市）中小学校门口设置护学岗，"
    "硇洲岛两所学校由镇政府组织家长志愿者值守；上下学时段限速30公里/小时。",
    "二、下一步工作",
    "2026年秋季学期前完成全市198所中小学校周边交通设施排查，逐校建立问题清单。",
    "感谢您对教育工作的关心和支持。",
]
BODY = "陈志强代表：\n" + "\n".join(PARAGRAPHS)
# a paragraph long enough to fill two pages, in characters of one width: lines of 28
LONG = "湛江遂溪廉江徐闻硇洲中小学校护学岗建设统筹推进" * 48
# with it, a letter whose last page is well filled: a tighter grid would save no page, so it
# keeps the standard one (proposals/composition.py)
LONG_LETTER = BODY + "\n" + LONG + "\n" + LONG[:560]
SIGNED = datetime(2026, 6, 3, 16, 30, tzinfo=SHANGHAI)
PHONE, ADDRESS = "13800138001", "赤坎区中山一路23号"


def make_letter(body=BODY, title=TITLE, unit="湛江市教育局", number=7, kind="npc", **fields):
    proposal = Proposal.objects.create(
        kind=kind,
        term=15,
        session=5,
        number=number,
        title="关于加强校园周边交通安全的建议",
        body="建议在中小学校门口设置护学岗。",
    )
    Proposer.objects.create(
        proposal=proposal, name="陈志强", is_lead=True, phone=PHONE, address=ADDRESS
    )
    share = Assignment.objects.create(
        proposal=proposal,
        unit=UnitFactory(name=unit),
        role="lead",
        state="replied",
        assigned_at=datetime(2026, 3, 2, 9, tzinfo=SHANGHAI),
        due_on=date(2026, 6, 2),
    )
    values = {
        "number": NUMBER,
        "title": title,
        "result_class": ResultClass.objects.get(code="A"),
        "body": body,
        "signer": "何平",
        "contact_person": "吴磊",
        "contact_phone": "0759-3333333",
        "copy_to": "市人大常委会代表工作委员会、市政府办公室",
        "sent_at": SIGNED,
    }
    return ReplyLetter.objects.create(assignment=share, **{**values, **fields})


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def pdf_of(letter):
    return letter_pdf(letter).read_bytes()


def flat(text):
    """Text without whitespace: lines broken by the layout read as one."""
    return "".join(text.split())


def lines(page):
    """The page's text lines: (x from the left edge, baseline from the top, in mm; text)."""
    height = float(page.mediabox.height)
    found = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append((x / MM, (height - y) / MM, text.strip()))

    page.extract_text(visitor_text=visit)
    return sorted(found, key=lambda line: (round(line[1], 1), line[0]))


def pdffonts(pdf, tmp_path):
    path = tmp_path / "letter.pdf"
    path.write_bytes(pdf)
    listing = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    return listing.stdout.splitlines()[2:]


# the small functions


def test_the_date_is_written_as_gb_t_9704_2012_writes_it():
    assert written_date(date(2026, 6, 3)) == "2026年6月3日"
    assert written_date(date(2026, 12, 31)) == "2026年12月31日"
    assert written_date(date(2030, 1, 1)) == "2030年1月1日"


def test_the_letter_is_dated_the_day_it_was_signed_else_sent_else_today():
    letter = make_letter(sent_at=datetime(2026, 6, 5, 9, tzinfo=SHANGHAI))
    assert written_on(letter) == date(2026, 6, 5)
    head = PersonFactory(unit=letter.assignment.unit)
    version = LetterVersion.objects.create(letter=letter, number=1, content={}, saved_by=head)
    review = LetterReview.objects.create(
        letter=letter, version=version, step="sign", approved=True, reviewer=head
    )
    # 23:30 UTC on 2 June is 3 June in Zhanjiang
    LetterReview.objects.filter(pk=review.pk).update(at=datetime(2026, 6, 2, 23, 30, tzinfo=UTC))
    assert written_on(letter) == date(2026, 6, 3)
    draft = make_letter(number=8, sent_at=None)
    with time_machine.travel(datetime(2026, 5, 20, 10, tzinfo=SHANGHAI), tick=False):
        assert written_on(draft) == date(2026, 5, 20)


def test_addressee_and_copy_to_line():
    letter = make_letter(body="您提出的建议收悉。")
    assert letters.letter_context(letter)["addressee"] == "陈志强代表："
    member = make_letter(number=9, kind="cppcc", body="李明委员：\n您提出的提案收悉。")
    context = letters.letter_context(member)
    assert context["addressee"] == "李明委员："  # the unit's own salutation, printed once
    assert [p.text for p in context["paragraphs"]] == ["您提出的提案收悉。"]
    assert copy_to_line("市政协提案委员会、市政府办公室。") == "市政协提案委员会、市政府办公室。"
    assert copy_to_line(" 甲，乙;丙\n") == "甲、乙、丙。"
    assert copy_to_line("") == ""


def test_a_long_title_breaks_where_the_meaning_allows():
    assert letters.title_lines(TITLE) == ["关于市十五届人大五次会议", "第0007号建议的答复"]
    assert letters.title_lines("关于校园安全的答复") == ["关于校园安全的答复"]
    odd = "关于加快解决赤坎区中心城区中小学学位紧张问题的建议的答复"
    assert letters.title_lines(odd) == [odd]  # no safe place: the renderer wraps it


# what the PDF says


def test_the_pdf_says_everything_exactly_and_nothing_of_the_proposers_contact(tmp_path):
    pdf = pdf_of(make_letter())
    reader = PdfReader(io.BytesIO(pdf))
    text = flat("".join(page.extract_text() for page in reader.pages))
    expected = [
        "A类",
        "湛江市教育局",
        NUMBER,
        TITLE,
        "陈志强代表：",
        *PARAGRAPHS,
        "市教育局2026年6月3日",  # 署名 above 成文日期
        "（联系人：吴磊，联系电话：0759-3333333）",
        "抄送：市人大常委会代表工作委员会、市政府办公室。",
    ]
    for part in expected:
        assert flat(part) in text, part
    assert text.count("陈志强代表：") == 1
    for rare in ["湛", "遂溪", "廉江", "徐闻", "硇洲"]:
        assert rare in text
    assert PHONE not in text and ADDRESS not in text and "印发" not in text
    fonts = pdffonts(pdf, tmp_path)
    assert fonts and all(" yes yes " in line and line[6] == "+" for line in fonts), fonts
    assert {line.split()[0].split("+")[1] for line in fonts} == {
        "Noto-Serif-CJK-SC",
        "Noto-Serif-CJK-SC-Bold",
        "Noto-Sans-CJK-SC",
    }


def test_without_a_contact_line_the_copy_to_line_is_still_printed():
    pdf = pdf_of(make_letter(contact_person="", contact_phone=""))
    text = flat("".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    assert "抄送：市人大常委会代表工作委员会、市政府办公室。" in text and "联系人" not in text


def test_a4_type_area_and_the_grid_of_22_lines_of_28_characters():
    pdf = pdf_of(make_letter(body=LONG_LETTER))
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) >= 3
    for page in reader.pages:
        size = (float(page.mediabox.width), float(page.mediabox.height))
        assert size == pytest.approx(A4, abs=1)

    # page 1: the type area's left edge at 28 mm (订口), a paragraph's first line two characters in
    first = lines(reader.pages[0])
    ((address_x, _y, _text),) = [line for line in first if line[2] == "陈志强代表："]
    assert address_x == pytest.approx(28, abs=0.2)
    long_lines = [line for line in first if set(line[2]) <= set(LONG)]
    assert long_lines[0][0] == pytest.approx(28 + 2 * 156 / 28, abs=0.2)
    assert all(x == pytest.approx(28, abs=0.2) for x, _y, _text in long_lines[1:])
    # every line of it but the first (26 characters after the indent) holds 28
    assert long_lines[0][2] == LONG[:26]
    assert all(len(text) == 28 for _x, _y, text in long_lines[1:])

    # page 2 (an even page, its binding edge on the right) is all text of the long paragraph:
    # 22 lines, one every 225 / 22 mm, 28 characters each, from its left edge at 26 mm
    second = [line for line in lines(reader.pages[1]) if not line[2].startswith("—")]
    assert len(second) == 22
    assert all(len(text) == 28 for _x, _y, text in second), [t for _x, _y, t in second]
    assert all(abs(x - 26) < 0.2 for x, _y, _text in second)
    baselines = [y for _x, y, _text in second]
    assert baselines[-1] - baselines[0] == pytest.approx(21 * 225 / 22, abs=0.1)
    # the ink of the text fills the 156 mm width from 28 mm on page 1: measured on a picture
    image = page_images(pdf, width=2480)[0].convert("L")  # 300 dpi
    per_mm = image.width / 210
    body_band = image.crop((0, int(130 * per_mm), image.width, int(262 * per_mm)))
    left, _top, right, _bottom = ImageChops.invert(body_band).point(lambda v: v > 128).getbbox()
    assert left / per_mm == pytest.approx(28, abs=0.5)
    assert (right - left) / per_mm == pytest.approx(156, abs=1)


def test_a_long_letter_flows_onto_pages_numbered_at_the_outside_edge():
    reader = PdfReader(io.BytesIO(pdf_of(make_letter(body=LONG_LETTER))))
    numbers = []
    for page in reader.pages:
        numbers.append([(x, y, t) for x, y, t in lines(page) if re.fullmatch(r"— \d+ —", t)])
    assert numbers[0] == []  # the letter format numbers pages from the second
    (x2, y2, text2), (x3, _y3, text3) = numbers[1][0], numbers[2][0]
    assert (text2, text3) == ("— 2 —", "— 3 —")
    assert x2 < 40 and x3 > 150  # even pages on the left, odd pages on the right
    assert y2 > 297 - 35 + 7  # below the type area, 7 mm and more
    last = flat(reader.pages[-1].extract_text())
    assert "抄送：" in last and "2026年6月3日" in last
    assert "抄送：" not in flat(reader.pages[0].extract_text())


def test_markup_in_the_letter_is_printed_as_text_and_fetches_nothing(listener, monkeypatch):
    url, hits = listener
    asked = []
    fetch = OwnFilesOnly.fetch

    def spy(self, target, headers=None):
        asked.append(target)
        return fetch(self, target, headers)

    monkeypatch.setattr(OwnFilesOnly, "fetch", spy)
    hostile = [
        '<img src="file:///etc/passwd">',
        f"<link rel=attachment href={url}/secret.txt>",
        f"<style>p {{ background: url({url}/bg.png) }}</style>",
        "url(http://127.0.0.1:9/)",
    ]
    letter = make_letter(
        title='答复<img src="file:///etc/passwd">',
        body="\n".join(hostile),
        copy_to=f'<a rel="attachment" href="{url}/x">市政府办公室</a>',
    )
    pdf = pdf_of(letter)
    assert hits == []
    assert asked and all(target.startswith(("static:", "data:")) for target in asked), asked
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {} and b"/EmbeddedFile" not in pdf
    text = flat("".join(page.extract_text() for page in reader.pages))
    for part in [
        *hostile,
        '答复<img src="file:///etc/passwd">',
        f'href="{url}/x">市政府办公室</a>',
    ]:
        assert flat(part) in text, part


# the picture of page 1


def differing_share(image, golden):
    """The share of pixels whose colour differs by more than a quarter of the scale in any
    channel."""
    difference = ImageChops.difference(image, golden).split()
    largest = difference[0]
    for band in difference[1:]:
        largest = ImageChops.lighter(largest, band)
    return largest.point(lambda v: 255 if v > 64 else 0).histogram()[255] / (
        image.width * image.height
    )


def test_page_one_looks_like_the_golden_image():
    # a letter that fits on one page: letterhead, text, signature, contact and copy-to line
    short = "\n".join(["陈志强代表：", PARAGRAPHS[0], PARAGRAPHS[2], PARAGRAPHS[-1]])
    image = page_images(pdf_of(make_letter(body=short)), width=620)[0]
    if os.environ.get("GOLDEN_UPDATE") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        image.save(GOLDEN, optimize=True)
    golden = Image.open(GOLDEN).convert("RGB")
    assert image.size == golden.size
    # the same render differs in no pixel; anti-aliasing elsewhere may move a few edge pixels
    # (a difference under a quarter of the scale is ignored). Moving the text block or a margin
    # by a millimetre changes 3–5 % of the pixels, the signature block 0.2 %, the A类 box
    # 0.06–0.09 %: each fails
    share = differing_share(image, golden)
    assert share < 0.0005, f"{share:.2%} of page 1 differs; GOLDEN_UPDATE=1 rewrites the image"


# the command


def test_render_reply_writes_the_pdf(tmp_path, capsys):
    letter = make_letter()
    out = tmp_path / "out" / "letter.pdf"
    call_command("render_reply", str(letter.assignment.proposal_id), "--out", str(out))
    assert out.read_bytes().startswith(b"%PDF-")
    assert NUMBER in PdfReader(out).pages[0].extract_text()
    assert "已写入" in capsys.readouterr().out


def test_render_reply_chooses_the_unit_of_a_split_item_and_the_latest_round(tmp_path):
    letter = make_letter()
    proposal = letter.assignment.proposal
    Assignment.objects.filter(pk=letter.assignment_id).update(role="split")
    other = Assignment.objects.create(
        proposal=proposal,
        unit=UnitFactory(name="湛江市民政局", short_name="民政局"),
        role="split",
        assigned_at=letter.assignment.assigned_at,
        due_on=letter.assignment.due_on,
    )
    ReplyLetter.objects.create(assignment=other, round=1, number="湛民函〔2026〕21号", body="甲")
    ReplyLetter.objects.create(assignment=other, round=2, number="湛民函〔2026〕40号", body="乙")
    out = tmp_path / "civil.pdf"
    call_command("render_reply", str(proposal.pk), "--out", str(out), "--unit", "民政局")
    text = PdfReader(out).pages[0].extract_text()
    assert "湛民函〔2026〕40号" in text and "湛江市民政局" in text
    with pytest.raises(CommandError, match="没有答复单位“湛江市财政局”"):
        call_command("render_reply", str(proposal.pk), "--out", str(out), "--unit", "湛江市财政局")


def test_an_item_without_a_letter_exits_non_zero_with_a_message(tmp_path, capsys, monkeypatch):
    letter = make_letter()
    letter.delete()
    pk = letter.assignment.proposal_id
    out = tmp_path / "none.pdf"
    with pytest.raises(CommandError, match="没有 ID 为 999999 的建议提案"):
        call_command("render_reply", "999999", "--out", str(out))
    # as from the shell, but keeping the test's database connection open
    monkeypatch.setattr(connections, "close_all", lambda: None)
    with pytest.raises(SystemExit) as exit_:
        RenderReply().run_from_argv(["manage.py", "render_reply", str(pk), "--out", str(out)])
    assert exit_.value.code != 0
    assert "人大建议第0007号尚无答复函。" in capsys.readouterr().err
    assert not out.exists()


# the staff pages


@pytest.fixture
def drafted(client):
    """An item led by 市教育局 with 市民政局 as co-unit, whose clerk has saved a draft of
    the letter."""
    from base.organisation.demo import load_units_and_people
    from tests.workflows.proposal_desk import LETTER, ProposalDesk

    load_units_and_people()
    with time_machine.travel(datetime(2026, 3, 2, 9, 0, tzinfo=SHANGHAI), tick=True):
        desk = ProposalDesk(client)
        desk.import_items({"编号": "7"})
        process = desk.process(7)
        edu, civil = Unit.objects.get(name="湛江市教育局"), Unit.objects.get(name="湛江市民政局")
        desk.act(process, "assign", {"handling": "lead", "lead": edu.pk, "co_units": [civil.pk]})
        desk.act(process, "sign_for", {"decision": "sign"}, edu.name)
        desk.act(process, "sign_for", {"decision": "sign"}, civil.name)
        desk.act(
            process, "opinion", {"text": "同意。", "contact": "方嘉怡 0759-3210937"}, civil.name
        )
        desk.act(process, "contact", {"method": "meeting", "contacted_on": "2026-03-02",
                                      "summary": "与代表当面沟通。"}, edu.name)  # fmt: skip
        data = {**LETTER, "result_class": ResultClass.objects.get(code="A").pk, "save": "1"}
        page = desk.act(process, "draft_reply", data, edu.name, expect=302)
        yield desk, process, edu, page


def test_the_office_and_the_letters_unit_download_it_others_may_not(drafted):
    desk, process, edu, _saved = drafted
    share = Assignment.objects.get(proposal=process.artifact, unit=edu)
    letter = share.letters.get()
    url = reverse("staff:proposals:proposal:attachment", args=[letter.pk])

    desk.login(desk.staff(edu.name, "clerk"))
    draft_page = desk.client.get(
        desk.url(desk.task_of(process, "draft_reply", edu.name), "execute")
    )
    assert url in draft_page.content.decode()
    for who in [desk.staff(edu.name, "clerk"), "clerk"]:
        desk.login(who)
        response = desk.client.get(url)
        assert response.status_code == 200
        assert response["Content-Type"] == "application/pdf"
        pdf = b"".join(response.streaming_content)
        assert "湛教函〔2026〕18号" in PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    # the co-unit sees the item but not the lead unit's letter; another unit sees neither
    for outsider in [desk.staff("湛江市民政局", "clerk"), desk.staff("湛江市财政局", "head")]:
        desk.login(outsider)
        assert desk.client.get(url).status_code == 403
    desk.login("clerk")
    assert (
        desk.client.get(reverse("staff:proposals:proposal:attachment", args=[0])).status_code == 404
    )


def test_the_review_page_links_the_pdf(drafted):
    desk, process, edu, _saved = drafted
    from tests.workflows.proposal_desk import LETTER

    data = {**LETTER, "result_class": ResultClass.objects.get(code="A").pk, "submit": "1"}
    desk.act(process, "draft_reply", data, edu.name)
    letter = Assignment.objects.get(proposal=process.artifact, unit=edu).letters.get()
    task = desk.take(process, "check", edu.name, "checker")
    page = desk.client.get(desk.url(task, "execute")).content.decode()
    assert reverse("staff:proposals:proposal:attachment", args=[letter.pk]) in page
