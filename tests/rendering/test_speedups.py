"""base/rendering/speedups.py: our renders embed the same fonts and draw the same pages as
WeasyPrint as it ships, only faster; WeasyPrint outside our renders is left as it ships."""

import io

import pytest
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.pdf import fonts as pdf_fonts

from base.rendering import speedups
from base.rendering.pdf import font_configuration, render_pdf

# regular and bold CJK, Latin, digits and punctuation in Noto Sans CJK SC; a TrueType face
# (DejaVu: glyf outlines, not CFF); a private-use character no font has (WeasyPrint then gives
# the font extra glyph ids, and our one pass stands back for its own two)
PAGE = """<html><body style="font-family: 'Noto Sans CJK SC'">
<h1>湛江市人民政府办公室 2018 年政务公开工作要点</h1>
<p>湛江、遂溪、廉江、徐闻和硇洲：“12345”热线，一号对外 —— Zhanjiang 0759-3333333。</p>
<p style="font-family: 'DejaVu Sans'">Ærøskøbing, naïve café: 1 + 1 = 2 ½ ≠ 3</p>
{extra}
</body></html>"""
MISSING = "<p>\ue000</p>"


def font_programs(pdf):
    """{font name without its subset tag: the embedded font file, uncompressed}."""
    programs = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            for key in ("/FontFile", "/FontFile2", "/FontFile3"):
                if key in descriptor:
                    name = str(font["/BaseFont"]).split("+", 1)[1]
                    programs[name] = descriptor[key].get_object().get_data()
    return programs


def page_contents(pdf):
    return [page.get_contents().get_data() for page in PdfReader(io.BytesIO(pdf)).pages]


def as_shipped(html):
    return HTML(string=html, base_url="static:").write_pdf(font_config=font_configuration())


def test_they_are_in_place_on_this_weasyprint():
    """They stand back on another WeasyPrint version: this says so when it is upgraded."""
    assert speedups.active()


@pytest.mark.parametrize("extra", ["", MISSING], ids=["all-glyphs-found", "a-missing-glyph"])
def test_our_render_embeds_the_same_fonts_and_draws_the_same_pages(extra):
    html = PAGE.format(extra=extra)
    ours, shipped = render_pdf(html), as_shipped(html)
    programs = font_programs(ours)
    assert {"Noto-Sans-CJK-SC", "Noto-Sans-CJK-SC-Bold", "DejaVu-Sans"} <= set(programs)
    assert programs == font_programs(shipped)
    assert page_contents(ours) == page_contents(shipped)


def test_cff_faces_take_one_pass_and_no_font_file_is_copied_whole(monkeypatch):
    subsets, copies = [], []
    one_pass, object_data = speedups.one_pass_subset, speedups._stock_object_data

    def counting_subset(*args):
        subsets.append(result := one_pass(*args))
        return result

    def counting_copy(*args):
        copies.append(len(result := object_data(*args) or b""))
        return result

    monkeypatch.setattr(speedups, "one_pass_subset", counting_subset)
    monkeypatch.setattr(speedups, "_stock_object_data", counting_copy)
    render_pdf(PAGE.format(extra=""))
    assert len(subsets) == 2 and all(subsets)  # Noto regular and bold (CFF); not DejaVu
    assert max(copies) < 2_000_000  # the subsets only, never a 20 MB .ttc

    subsets.clear()
    as_shipped(PAGE.format(extra=""))
    assert subsets == []  # outside our renders: WeasyPrint's own subsetting


def test_outside_our_renders_a_font_file_is_read_whole(monkeypatch):
    """A font WeasyPrint makes outside `ours()` copies its file at once, as shipped."""
    made = []
    init = pdf_fonts.Font.__init__

    def keep(font, *args, **kwargs):
        init(font, *args, **kwargs)
        made.append(font.__dict__["_file_content"])

    monkeypatch.setattr(pdf_fonts.Font, "__init__", keep)
    as_shipped(PAGE.format(extra=""))
    assert made and all(isinstance(content, bytes) for content in made)
