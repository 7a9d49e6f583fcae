"""What a reader and a clerk check on the printed infographic: one name per office, where it
comes from and when it was published, no page left nearly empty, charts that say their unit,
and a share card whose title and QR code survive the square thumbnail WeChat cuts from it."""

import re
import subprocess

import pypdfium2
import pytest
import zxingcpp
from PIL import Image, ImageDraw

from base.organisation.models import Unit
from interpretation import infographic
from interpretation.forms import MaterialForm
from tests.factories import InterpretationFactory, UnitFactory

pytestmark = pytest.mark.django_db

QR_TARGET = "https://gongkai.zhanjiang.gov.cn/policies/7/"
A4_MM = 297
TOP_MM, BOTTOM_MM = 13, 24  # infographic.css @page margins (page 1 starts at the top edge)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def public_address(monkeypatch):
    monkeypatch.setattr(infographic, "public_url", lambda document: QR_TARGET)


def pdf_text(path):
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    return re.sub(r"\s+", "", text)


def education_bureau():
    return UnitFactory(name="湛江市教育局", short_name="市教育局")


# ---------------------------------------------------------------- names, source, date


def test_an_office_is_printed_by_its_full_name_once(settings):
    unit = education_bureau()
    material = InterpretationFactory(
        document__drafting_unit=unit, document__issuing_body="市教育局"
    )
    text = pdf_text(infographic.pdf(material.document))
    assert "来源：湛江市教育局" in text
    assert "起草单位" not in text  # the issuing organ drafted it: no second name
    assert "市教育局" not in text.replace("湛江市教育局", "")
    assert infographic.card_facts(material.document)["source"] == "湛江市教育局"


def test_a_document_another_office_drafted_names_both():
    unit = education_bureau()
    Unit.objects.filter(pk=unit.pk).update(rank=1)
    material = InterpretationFactory(
        document__drafting_unit=unit, document__issuing_body="湛江市人民政府办公室"
    )
    text = pdf_text(infographic.pdf(material.document))
    assert "来源：湛江市人民政府办公室" in text
    assert "起草单位：湛江市教育局" in text


def test_source_and_publication_date_are_printed_as_a_clerk_writes_them():
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from interpretation.rules import approve_for_publication

    material = InterpretationFactory(document__drafting_unit=education_bureau(),
                                     document__issuing_body="湛江市教育局")  # fmt: skip
    # 01:30 on 29 November in Zhanjiang, still the 28th in UTC: the date is Zhanjiang's
    approve_for_publication(
        material.document, when=datetime(2026, 11, 28, 17, 30, tzinfo=ZoneInfo("UTC"))
    )
    text = pdf_text(infographic.pdf(material.document))
    assert "来源：湛江市教育局" in text
    assert "发布日期：2026年11月29日" in text
    facts = infographic.card_facts(material.document)
    assert facts["published_on"] == "2026年11月29日"


def test_a_draft_says_it_is_not_published():
    material = InterpretationFactory()
    text = pdf_text(infographic.pdf(material.document))
    assert "送审稿·尚未发布" in text and "发布日期：" not in text


# ---------------------------------------------------------------- no near-empty page


def fills(path):
    """How full each page is, read from its ink: the lowest non-white row above the footer,
    over the content area's height."""
    document = pypdfium2.PdfDocument(str(path))
    result = []
    for number, page in enumerate(document):
        image = page.render(scale=0.5).to_pil().convert("L")
        width, height = image.size
        top = 0 if number == 0 else round(height * TOP_MM / A4_MM)
        bottom = round(height * (A4_MM - BOTTOM_MM) / A4_MM)
        ink = image.crop((0, top, width, bottom)).point(lambda v: 255 if v < 235 else 0)
        box = ink.getbbox()
        result.append(0.0 if box is None else box[3] / (bottom - top))
    return result


def qa(count, answer="主管责任单位应在24小时内举行新闻发布会，并持续动态发布后续信息。" * 3):
    return [{"question": f"第{n}个常见问题是什么？", "answer": answer} for n in range(1, count + 1)]


@pytest.mark.parametrize("questions", [2, 5, 8, 11, 14, 17])
def test_no_page_after_the_first_is_more_than_half_empty(questions):
    material = InterpretationFactory(
        qa=qa(questions),
        key_figures=[{"value": "24", "unit": "小时", "label": "新闻发布时限"}] * 4,
        timeline=[{"date": f"2026年{n}月", "event": "分阶段推进"} for n in range(1, 5)],
        chart={"unit": "项", "items": [{"label": f"第{n}部分", "value": n} for n in range(1, 6)]},
        benefits="政务热线整合到“12345”；一号对外；一站式服务",
        main_content="；".join(f"第{n}项要点的具体内容" for n in range(1, 7)),
    )
    pages = fills(infographic.pdf(material.document))
    if len(pages) > 1:
        assert min(pages) >= 0.45, pages  # ~50 %, measured in ink


def test_the_composition_keeps_the_rule_it_measures(monkeypatch):
    """compose() measures WeasyPrint's layout; the ink on the pages agrees with it."""
    material = InterpretationFactory(qa=qa(9))
    chosen = []
    write = infographic.write

    def recording(laid):
        chosen.append(infographic.page_fills(laid))
        return write(laid)

    monkeypatch.setattr(infographic, "write", recording)
    inked = fills(infographic.pdf(material.document))
    (measured,) = chosen
    assert len(measured) == len(inked)
    for layout, ink in zip(measured, inked, strict=True):
        assert abs(layout - ink) < 0.06, (measured, inked)


# ---------------------------------------------------------------- the chart's unit


def test_the_chart_says_its_unit():
    material = InterpretationFactory(
        forms=["text", "graphic"],
        chart={
            "unit": "万元",
            "items": [{"label": "城市", "value": 120}, {"label": "农村", "value": 80}],
        },
    )
    assert "数据图示单位：万元" in pdf_text(infographic.pdf(material.document))


def chart_form(lines):
    form = MaterialForm(data={"chart": lines})
    form.is_valid()
    return form


def test_chart_values_are_typed_with_their_unit():
    form = chart_form("法治政府 | 3 项\n重点领域 | ４项\n平台建设 | 1,050 项")
    assert "chart" not in form.errors
    assert form.cleaned_data["chart"] == {
        "unit": "项",
        "items": [
            {"label": "法治政府", "value": 3.0},
            {"label": "重点领域", "value": 4.0},
            {"label": "平台建设", "value": 1050.0},
        ],
    }
    assert chart_form("达标率 | 97.5%").cleaned_data["chart"]["unit"] == "%"


def test_a_chart_without_a_unit_or_with_two_is_refused_by_item():
    assert chart_form("法治政府 | 3 项\n重点领域 | 4").errors["chart"] == [
        "第2项没有写单位：图表须注明单位，例如“法治政府 | 3 项”。"
    ]
    assert chart_form("城市 | 3 万元\n农村 | 4 元").errors["chart"] == [
        "图表各项的单位须相同，现为：万元、元。"
    ]
    assert chart_form("城市 | 三 万元").errors["chart"] == ["第1项的数值“三 万元”不是数字。"]


def test_the_form_shows_a_saved_chart_as_it_was_typed():
    material = InterpretationFactory(
        chart={"unit": "项", "items": [{"label": "法治政府", "value": 3.0}]}
    )
    form = MaterialForm(instance=material)
    assert form["chart"].value() == "法治政府 | 3 项"


# ---------------------------------------------------------------- the share card


def card_of(title):
    material = InterpretationFactory(document__title=title)
    return material.document, Image.open(infographic.share_card(material.document))


@pytest.mark.parametrize(
    "title",
    [
        "湛江市人民政府办公室关于印发湛江市2018年政务公开工作要点的通知",
        "湛江市住房和城乡建设局关于印发湛江市城镇老旧小区改造三年行动方案（2026—2028年）的通知",
        "关于做好2026年义务教育阶段学校招生入学工作的通知",
    ],
)
def test_title_and_qr_code_survive_a_centre_square_crop(title):
    _document, card = card_of(title)
    square = card.crop(infographic.centre_square(card.size))
    assert square.size == (383, 383)
    assert [code.text for code in zxingcpp.read_barcodes(square)] == [QR_TARGET]
    # the whole title, in the lines the card draws, inside the panel inside the square
    draw = ImageDraw.Draw(card)
    face = infographic.font(infographic.TITLE_SIZE, bold=True)
    lines = infographic.title_lines(draw, title)
    assert "".join(lines) == title
    left, top, right, bottom = infographic.centre_square(card.size)
    x0, y0, x1, y1 = infographic.card_panel(card.size)
    assert left <= x0 and right >= x1 and top <= y0 and bottom >= y1
    assert all(
        draw.textlength(line, font=face) <= x1 - x0 - 2 * infographic.PANEL_PAD for line in lines
    )


def test_a_title_too_long_for_the_card_ends_in_an_ellipsis_inside_the_square():
    title = "关于印发湛江市" + "城镇老旧小区改造和完整社区建设" * 6 + "实施方案的通知"
    _document, card = card_of(title)
    lines = infographic.title_lines(ImageDraw.Draw(card), title)
    assert len(lines) == infographic.TITLE_LINES and lines[-1].endswith("…")
    square = card.crop(infographic.centre_square(card.size))
    assert [code.text for code in zxingcpp.read_barcodes(square)] == [QR_TARGET]


def test_a_wrong_guess_is_measured_and_not_printed():
    """A guessed page break that would leave a page nearly empty is not printed: the layout
    as designed is measured and printed instead."""
    material = InterpretationFactory(qa=qa(1))
    source = infographic.html(material.document)
    guessed = infographic.compose(source, first="colophon")  # the colophon alone on page 2
    assert infographic.page_count(guessed) == 1
