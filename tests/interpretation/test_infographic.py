"""The interpretation infographic (图文解读): what it says, how it looks, what it fetches, what
it caches, the command and the staff pages.

The golden-image test compares page 1 of the demo package (湛府办〔2018〕22号, approved at a
fixed moment, QR code to a fixed address) with tests/interpretation/golden/demo-page-1.png.
After an intended change of the design, write a new golden file and look at it before
committing it:

    GOLDEN_UPDATE=1 .venv/bin/pytest tests/interpretation/test_infographic.py -k golden
"""

import io
import os
import re
import socket
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pypdfium2
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from PIL import Image, ImageChops
from pypdf import PdfReader

from base.organisation.demo import load_units_and_people
from base.rendering.fetcher import OwnFilesOnly
from interpretation import infographic
from interpretation.forms import MaterialForm
from interpretation.management.commands.render_infographic import Command
from interpretation.models import PolicyDocument
from interpretation.rules import approve_for_publication
from tests.factories import InterpretationFactory
from tests.workflows.conftest import NS, Desk, package_data
from workflows.interpretation.demo import NUMBER, load_demo_package

pytestmark = pytest.mark.django_db

GOLDEN = Path(__file__).parent / "golden" / "demo-page-1.png"
PUBLISHED = datetime(2018, 6, 29, 10, 0, tzinfo=ZoneInfo("Asia/Shanghai"))
QR_TARGET = "https://www.zhanjiang.gov.cn/policies/2018-22/"
# a pixel "differs" when a channel is off by more than this; the page differs when more than
# MAX_DIFFERING of its pixels do, or when the mean difference per channel exceeds MAX_MEAN
PIXEL_TOLERANCE = 16
MAX_DIFFERING = 0.002
MAX_MEAN = 1.0

EVIL = (
    '<img src="file:///etc/passwd"> <link rel=attachment href="file:///etc/passwd"> '
    "http://127.0.0.1:9/ url(file:///etc/passwd) "
    "</style><style>*{background:url(http://127.0.0.1:9/x)}"
)
RARE = "湛江、遂溪、廉江、徐闻和硇洲"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """A fresh render cache for each test."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def demo(monkeypatch):
    """The demo package, approved at a fixed moment, its QR code pointing to a fixed address."""
    load_units_and_people()
    load_demo_package(until="draft")
    document = PolicyDocument.objects.select_related("interpretation", "drafting_unit").get(
        number=NUMBER
    )
    approve_for_publication(document, when=PUBLISHED)
    monkeypatch.setattr(infographic, "public_url", lambda document: QR_TARGET)
    return document


def pdf_text(path):
    """The PDF's text (poppler's pdftotext) with all white space removed: lines wrap anywhere."""
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return squeeze(text)


def squeeze(text):
    return re.sub(r"\s+", "", text)


def test_the_pdf_says_every_field_in_its_own_words(demo):
    material = demo.interpretation
    material.timeline = [
        *material.timeline,
        {"date": "2019年1月", "event": "遂溪县、廉江市、徐闻县和硇洲镇同步公开落实情况"},
    ]
    material.qa = [
        *material.qa,
        {
            "question": f"{RARE}的群众在哪里查阅？",
            "answer": "在湛江市人民政府网站“政务公开”栏目查阅。",
        },
    ]
    material.save()

    path = infographic.pdf(demo)
    text = pdf_text(path)

    lead, points = infographic.points(material.main_content)
    _, benefits = infographic.points(material.benefits)
    expected = [demo.title, demo.number, demo.issuing_body, demo.drafting_unit.name, demo.summary]
    expected += ["发布日期2018年6月29日", lead, *points, *benefits]
    expected += [part for figure in material.key_figures for part in figure.values()]
    expected += [part for step in material.timeline for part in step.values()]
    expected += [part for item in material.qa for part in item.values()]
    expected += [item["label"] for item in material.chart["items"]]  # real text in the SVG
    expected += [material.interpreter, material.contact, RARE, "遂溪县、廉江市、徐闻县和硇洲镇"]
    missing = [value for value in expected if squeeze(str(value)) not in text]
    assert not missing
    assert "湛" in text and "硇" in text


def test_the_pdf_embeds_only_subsets_of_its_fonts(demo):
    listing = subprocess.run(
        ["pdffonts", str(infographic.pdf(demo))], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert listing, "no fonts at all"
    for line in listing:
        name, *_, emb, sub, uni, _object, _generation = line.split()
        assert (emb, sub) == ("yes", "yes"), line
        assert re.fullmatch(r"[A-Z]{6}\+.+", name), line
        assert "CJK-SC" in name, line  # the Simplified Chinese face, not the .ttc's Japanese one


def differences(image, golden):
    """(share of pixels with a channel off by more than PIXEL_TOLERANCE, mean difference per
    channel)."""
    difference = ImageChops.difference(image.convert("RGB"), golden.convert("RGB"))
    red, green, blue = difference.split()
    largest = ImageChops.lighter(ImageChops.lighter(red, green), blue)
    pixels = difference.width * difference.height
    differing = sum(largest.histogram()[PIXEL_TOLERANCE + 1 :]) / pixels
    histogram = difference.histogram()  # the three channels' histograms one after the other
    mean = sum((index % 256) * count for index, count in enumerate(histogram)) / (3 * pixels)
    return differing, mean


def test_page_one_looks_as_approved_golden(demo):
    """Page 1 of the demo package compared with the committed golden picture.

    GOLDEN_UPDATE=1 writes the golden file instead (then look at it before committing).
    A real change of the layout (a colour, a margin) makes this fail; antialiasing noise
    does not (MAX_DIFFERING, MAX_MEAN)."""
    preview = Image.open(infographic.preview(demo))
    assert preview.width == infographic.PREVIEW_WIDTH
    if os.environ.get("GOLDEN_UPDATE"):
        GOLDEN.parent.mkdir(exist_ok=True)
        preview.save(GOLDEN, optimize=True)
        pytest.skip(f"golden file written: {GOLDEN}")
    golden = Image.open(GOLDEN)
    assert preview.size == golden.size
    differing, mean = differences(preview, golden)
    assert differing <= MAX_DIFFERING and mean <= MAX_MEAN, (
        f"page 1 differs from the golden picture: {differing:.2%} of pixels, "
        f"mean difference {mean:.2f}; if the change is intended, run with GOLDEN_UPDATE=1"
    )


def evil_package():
    material = InterpretationFactory(
        document__title=EVIL,
        document__number=EVIL[:60],
        document__issuing_body=EVIL[:100],
        document__summary=EVIL,
        main_content=EVIL,
        benefits=EVIL,
        interpreter=EVIL[:50],
        contact=EVIL[:100],
        qa=[{"question": EVIL, "answer": EVIL}],
        key_figures=[{"value": EVIL, "unit": EVIL, "label": EVIL}] * 3,
        timeline=[{"date": EVIL, "event": EVIL}],
        chart={"items": [{"label": EVIL, "value": 3}]},
    )
    return material.document


def test_text_that_looks_like_markup_fetches_nothing_and_is_printed_as_typed(monkeypatch):
    document = evil_package()
    requested, connections = [], []
    fetch = OwnFilesOnly.fetch

    def recording_fetch(self, url, headers=None):
        requested.append(url)
        return fetch(self, url, headers)

    def no_network(self, address):
        connections.append(address)
        raise OSError("no network in this test")

    monkeypatch.setattr(OwnFilesOnly, "fetch", recording_fetch)
    monkeypatch.setattr(socket.socket, "connect", no_network)

    outputs = infographic.all_outputs(document)

    assert any(url.startswith("static:interpretation/infographic.css") for url in requested)
    assert all(url.startswith(("static:", "data:")) for url in requested), requested
    assert {url.split("?")[0] for url in requested if url.startswith("static:")} == {
        "static:interpretation/infographic.css",
        "static:interpretation/infographic-long.css",
    }
    assert not connections
    reader = PdfReader(outputs["pdf"])
    assert reader.attachments == {}
    assert "/EmbeddedFiles" not in str(reader.trailer["/Root"].get("/Names", {}))
    text = pdf_text(outputs["pdf"])
    assert "root:" not in text  # nothing of /etc/passwd
    # title, number, issuer (twice), summary, 3 figures × 3 parts, point, benefit, timeline ×2,
    # chart data, question, answer, interpreter, contact: each printed literally
    assert text.count(squeeze(EVIL)) >= 15
    assert squeeze(EVIL[:50]) in text


def test_too_much_text_runs_on_to_more_pages_and_never_out_of_a_box():
    long_answer = "湛江市遂溪县、廉江市和徐闻县按照本通知要求执行，硇洲镇参照执行。" * 120
    material = InterpretationFactory(
        qa=[
            {"question": f"第{n}个问题？", "answer": long_answer if n == 2 else "见通知。"}
            for n in range(1, 6)
        ],
        key_figures=[{"value": "24", "unit": "小时", "label": "时限"}] * 3,
    )
    path = infographic.pdf(material.document)
    document = pypdfium2.PdfDocument(str(path))
    assert len(document) >= 3  # the answer alone is longer than a page
    footer_top = 24 / 25.4 * 72  # the bottom margin (infographic.css) holds the page footer only
    for page in document:
        width, height = page.get_size()
        text = page.get_textpage()
        for index in range(text.count_chars()):
            left, bottom, right, top = text.get_charbox(index)
            assert 0 <= left and right <= width and 0 <= bottom and top <= height
        assert "硇洲镇" not in squeeze(text.get_text_bounded(0, 0, width, footer_top - 4))
    # all of the answer, across the pages: the text without the page footers and the "答" badge
    # (drawn after the first part of its paragraph)
    document = material.document
    footer = squeeze(f"来源：{document.issuing_body} · {document.number} · 送审稿 · 尚未发布")
    body = re.sub(r"第\d+页/共\d+页|扫码阅读|政策原文及解读", "", pdf_text(path))
    assert squeeze(long_answer) in body.replace(footer, "").replace("答", "")


def test_long_image_and_share_card_have_their_sizes(demo):
    long = Image.open(infographic.long_image(demo))
    assert long.width == 1080 and long.height > 2000
    card = Image.open(infographic.share_card(demo))
    assert card.size == (900, 383)


def test_unchanged_content_is_rendered_once(demo, monkeypatch):
    calls = {"pdf": 0, "pages": 0, "long": 0, "card": 0}

    def counting(name, function):
        def counted(*args, **kwargs):
            calls[name] += 1
            return function(*args, **kwargs)

        return counted

    monkeypatch.setattr(infographic, "compose", counting("pdf", infographic.compose))
    monkeypatch.setattr(infographic, "page_images", counting("pages", infographic.page_images))
    monkeypatch.setattr(infographic, "long_pdf", counting("long", infographic.long_pdf))
    monkeypatch.setattr(infographic, "draw_card", counting("card", infographic.draw_card))

    first = infographic.all_outputs(demo)
    # page pictures once for the A4 pages, once for the long image
    assert calls == {"pdf": 1, "pages": 2, "long": 1, "card": 1}
    second = infographic.all_outputs(PolicyDocument.objects.get(pk=demo.pk))
    assert first == second
    assert calls == {"pdf": 1, "pages": 2, "long": 1, "card": 1}

    demo.title = "湛江市2018年政务公开工作要点（修订）"
    demo.save()
    assert infographic.pdf(demo) != first["pdf"]
    assert calls["pdf"] == 2


def test_the_command_writes_every_file(demo, tmp_path, capsys):
    call_command("render_infographic", NUMBER, out=tmp_path / "out")
    stem = f"infographic-{demo.pk}"
    written = sorted(path.name for path in (tmp_path / "out").iterdir())
    pages = len(PdfReader(tmp_path / "out" / f"{stem}.pdf").pages)
    assert written == sorted(
        [f"{stem}.pdf", f"{stem}-long.png", f"{stem}-card.png"]
        + [f"{stem}-page-{n}.png" for n in range(1, pages + 1)]
    )
    assert Image.open(tmp_path / "out" / f"{stem}-card.png").size == (900, 383)
    call_command("render_infographic", str(demo.pk), out=tmp_path / "by-id")
    assert (tmp_path / "by-id" / f"{stem}.pdf").read_bytes()[:5] == b"%PDF-"


def test_the_command_refuses_an_unknown_document(tmp_path, capsys):
    with pytest.raises(CommandError, match="找不到发文字号或编号为“湛府办〔2099〕1号”的政策文件"):
        call_command("render_infographic", "湛府办〔2099〕1号", out=tmp_path)
    with pytest.raises(SystemExit) as exit:
        Command().run_from_argv(
            ["manage.py", "render_infographic", "999999", "--out", str(tmp_path)]
        )
    assert exit.value.code != 0
    assert "找不到发文字号或编号为“999999”的政策文件" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_a_key_figure_that_is_not_a_number_is_refused_by_line():
    form = MaterialForm(
        data={"key_figures": "24 | 小时 | 发布时限\n\n二十四 | 小时 | 回应时限\n２４ | 项 | 任务"}
    )
    assert not form.is_valid()
    assert form.errors["key_figures"] == [
        "第3行的数值“二十四”不是数字（例如 24、3.5、1,000）：二十四 | 小时 | 回应时限"
    ]
    form = MaterialForm(
        data={"key_figures": "24 | 小时 | 发布时限\n1,000 | 元 | 补贴\n２４ | 项 | 任务"}
    )
    form.is_valid()
    assert "key_figures" not in form.errors
    assert [figure["value"] for figure in form.cleaned_data["key_figures"]] == ["24", "1,000", "24"]


@pytest.fixture
def desk(client):
    load_units_and_people()
    return Desk(client)


def infographic_url(document, name):
    return f"{reverse(f'{NS}:infographic', args=[document.pk])}?file={name}"


def test_drafter_sees_page_one_beside_the_form_and_downloads_everything(desk):
    process = desk.start()
    document = process.artifact
    task = desk.take(process, "draft")
    page = desk.client.get(desk.url(task, "execute")).content.decode()
    version = infographic.version(document)
    assert f"{infographic_url(document, 'preview.png')}&amp;v={version}" in page
    for name in ("infographic.pdf", "pages.zip", "long.png", "card.png"):
        assert f"{infographic_url(document, name)}&amp;v={version}" in page

    preview = desk.client.get(infographic_url(document, "preview.png"))
    assert preview.status_code == 200 and preview["Content-Type"] == "image/png"
    assert Image.open(io.BytesIO(b"".join(preview.streaming_content))).width == 600
    pdf = desk.client.get(infographic_url(document, "infographic.pdf"))
    assert pdf["Content-Type"] == "application/pdf"
    assert "attachment" in pdf["Content-Disposition"]
    assert b"".join(pdf.streaming_content)[:5] == b"%PDF-"
    pages = desk.client.get(infographic_url(document, "pages.zip"))
    assert zipfile.ZipFile(io.BytesIO(pages.content)).namelist()[0] == "page-1.png"
    assert desk.client.get(infographic_url(document, "other.png")).status_code == 404

    # saving the draft gives a new picture
    new_title = "湛江市2026年政务公开工作要点（修订稿）"
    response = desk.client.post(
        desk.url(task, "execute"), package_data(document={"title": new_title}, save="1")
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.title == new_title
    page = desk.client.get(desk.url(task, "execute")).content.decode()
    assert infographic.version(document) != version
    assert (
        f"{infographic_url(document, 'preview.png')}&amp;v={infographic.version(document)}" in page
    )


def test_reviewer_sees_the_preview_and_others_get_nothing(desk):
    process = desk.start()
    document = process.artifact
    desk.submit(process)
    desk.login("leader")
    page = desk.review(process, "sign_off").content.decode()  # the unit leader's page
    assert infographic_url(document, "preview.png") in page
    assert infographic_url(document, "card.png") in page

    desk.login("handler")  # 市教育局: another unit, no part in this package
    for name in ("preview.png", "infographic.pdf", "long.png"):
        assert desk.client.get(infographic_url(document, name)).status_code == 403


def test_the_demo_package_is_laid_out_once(demo, monkeypatch):
    """The estimate from the content guesses the composition that keeps every page at least
    half full, so the render lays the pages out once (the render benchmark's package)."""
    layouts = []
    lay_out = infographic.lay_out
    monkeypatch.setattr(infographic, "lay_out", lambda source: layouts.append(1) or lay_out(source))
    path = infographic.pdf(demo)
    assert len(layouts) == 1
    assert len(PdfReader(path).pages) == 2
