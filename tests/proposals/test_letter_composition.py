"""The reply letter's pages (GB/T 9704-2012 §7.3.5.5): a letter whose last lines and signature
would carry over to a page of their own is set tighter, within 25 lines of 29 characters, so
that the page before does not end in a block of empty lines; a heading never ends a page."""

import io
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from pypdf import PdfReader

from base.rendering.pdf import lay_out
from proposals import composition
from proposals import letter as letters
from proposals.composition import STANDARD, TIGHTER, Grid, compose, feet, first_lines
from tests.proposals.test_letter import MM, lines, make_letter

pytestmark = pytest.mark.django_db
HEADINGS = "一二三四五六七八九十"
TEXT = "湛江市教育局会同各县市区推进校园周边交通安全整治工作并建立长效机制"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def paragraph(n_lines, seed):
    """A body paragraph of exactly n lines: 26 characters after the indent, then 28 a line."""
    length = 26 + 28 * (n_lines - 1)
    text = (TEXT[seed % len(TEXT) :] + TEXT * (length // len(TEXT) + 2))[: length - 1]
    return text + "。"


def body_of(n_lines):
    """A letter body of n lines as units write them: an opening, sections under 一、… headings
    of two paragraphs, and the closing sentence."""
    parts, used, section = ["陈志强代表："], 0, 0
    pattern = [("heading", 1), ("text", 3), ("text", 2)]
    parts.append(paragraph(min(2, n_lines), 0))
    used += min(2, n_lines)
    step = 0
    while used < n_lines - 1:
        kind, size = pattern[step % len(pattern)]
        size = min(size, n_lines - 1 - used)
        if kind == "heading":
            parts.append(f"{HEADINGS[section % 10]}、关于第{section + 1}项工作")
            section += 1
        else:
            parts.append(paragraph(size, step))
        used += size
        step += 1
    if used < n_lines:
        parts.append("感谢您对教育工作的关心和支持。")
    return "\n".join(parts)


def html_for(letter):
    return lambda grid: letters.letter_html(letter, grid)


def test_the_grids_and_their_bounds():
    # the standard grid is the stylesheet's: 28.99 pt lines, −0.21 pt tracking, 31.59 pt indent
    assert (STANDARD.line, STANDARD.letter_spacing) == (28.99, -0.21)
    assert round(2 * STANDARD.pitch, 2) == 31.59 and STANDARD.css() == ""
    # each tighter grid: n lines and n characters still inside the 156 × 225 mm type area,
    # never more than 25 lines of 29 characters, each tighter than the one before
    for grid in TIGHTER:
        assert grid.lines * grid.line <= 225 * MM
        assert grid.characters * (16 + grid.letter_spacing) <= 156 * MM
        assert grid.lines <= 25 and grid.characters <= 29
        assert f"line-height:{grid.line:.2f}pt" in grid.css()
    sizes = [(g.lines, g.characters) for g in (STANDARD, *TIGHTER)]
    assert sizes == sorted(sizes) and len(set(sizes)) == len(sizes)


def test_letters_of_every_length_from_one_line_to_four_pages():
    """Page 1 (and any page before the last) never ends with more than two empty lines unless
    not even the tightest grid brings the rest back; no page ends with a heading."""
    seen_pages, tightened = set(), 0
    letter = make_letter()
    for n_lines in range(1, 100):
        letter.body = body_of(n_lines)
        grid, document = compose(html_for(letter), lay_out)
        ends = feet(document, grid)
        if len(ends) > 4:
            break
        seen_pages.add(len(ends))
        assert not any(end.heading for end in ends), (n_lines, grid, ends)
        # the signature (and the 附注 under it) never opens a page: text comes with it
        assert first_lines(document)[-1] not in ("signature", "note"), (n_lines, grid)
        for number, end in enumerate(ends[:-1], start=1):
            if end.empty_lines > 2:
                # only the page before the last, and only when tightening cannot save a page
                assert number == len(ends) - 1, (n_lines, number, ends)
                tightest = lay_out(html_for(letter)(TIGHTER[-1]))
                assert len(tightest.pages) >= len(ends), (n_lines, grid, ends)
        if grid != STANDARD:
            tightened += 1
            # tighter only when it saved a page, and then the mildest grid that does
            assert len(document.pages) < len(lay_out(html_for(letter)(STANDARD)).pages)
            milder = (STANDARD, *TIGHTER)[(STANDARD, *TIGHTER).index(grid) - 1]
            if milder != STANDARD:
                assert len(lay_out(html_for(letter)(milder)).pages) > len(document.pages)
    assert seen_pages == {1, 2, 3, 4}
    assert tightened >= 3  # the page boundaries where only the closing lines would carry over


def test_a_letter_whose_closing_lines_would_carry_over_is_printed_on_one_page():
    letter = make_letter()
    # the longest body the standard grid cannot finish on page 1: tightening saves page 2
    for n_lines in range(6, 20):
        letter.body = body_of(n_lines)
        if len(lay_out(letters.letter_html(letter)).pages) == 2:
            break
    grid, _document = compose(html_for(letter), lay_out)
    assert grid in TIGHTER
    letter.save()
    reader = PdfReader(io.BytesIO(letters.letter_pdf(letter).read_bytes()))
    assert len(reader.pages) == 1
    text = "".join(reader.pages[0].extract_text().split())
    for part in ["陈志强代表：", "感谢您对教育工作的关心和支持。", "2026年6月3日", "抄送："]:
        assert part in text
    # the lines of the body follow the tighter grid's pitch
    pitch = grid.line / MM
    body = set(TEXT + "。")
    baselines = [y for _x, y, t in lines(reader.pages[0]) if len(t) > 8 and set(t) <= body]
    steps = [b - a for a, b in zip(baselines, baselines[1:], strict=False)]
    assert len(steps) >= 4 and min(steps) == pytest.approx(pitch, abs=0.05)
    assert all(step / pitch == pytest.approx(round(step / pitch), abs=0.01) for step in steps), [
        round(s / pitch, 3) for s in steps
    ]


def test_a_heading_is_never_alone_at_a_page_foot():
    """Without `break-after: avoid` the heading below stands on page 1's last line."""
    letter = make_letter()
    for n_lines in range(10, 40):
        letter.body = body_of(n_lines)
        standard = lay_out(letters.letter_html(letter))
        if len(standard.pages) > 1:
            break
    # fill page 1 up to its last line, then a heading and its paragraph
    letter.body = body_of(n_lines - 4) + "\n" + paragraph(1, 3)
    for extra in range(0, 8):
        body = body_of(n_lines - 4) + "\n" + "\n".join([paragraph(1, i) for i in range(extra)])
        letter.body = body + "\n九、关于下一步工作\n" + paragraph(3, 1) + "\n" + paragraph(3, 2)
        document = lay_out(letters.letter_html(letter))
        assert not any(end.heading for end in feet(document, STANDARD)), extra


def test_the_composition_and_the_stylesheet_are_part_of_the_cache_key(monkeypatch):
    letter = make_letter()
    first = letters.letter_pdf(letter)
    assert letters.letter_pdf(letter) == first
    monkeypatch.setattr(composition, "VERSION", "composition changed\n")
    second = letters.letter_pdf(letter)
    assert second != first
    stylesheet = Path(finders.find(letters.STYLESHEET))
    real = Path.read_text
    monkeypatch.setattr(
        Path,
        "read_text",
        lambda path, *a, **k: real(path, *a, **k) + ("x" if path == stylesheet else ""),
    )
    assert letters.letter_pdf(letter) != second


def test_tightening_is_tried_only_for_a_letter_past_one_page():
    calls = []

    def counting(html):
        calls.append(html)
        return lay_out(html)

    letter = make_letter(body=body_of(6))
    grid, _document = compose(html_for(letter), counting)
    assert grid == STANDARD and len(calls) == 1
    assert Grid(22, 28) == STANDARD
