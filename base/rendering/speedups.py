"""Three changes to how WeasyPrint 70 embeds fonts in our PDFs, made for the infographic's
render time (bench/infographic.py) and limited to our own renders: they apply only inside
`ours()`, which `render_pdf` and the long image enter. WeasyPrint used anywhere else (the
benchmark's bare run, say) works as it ships, and so does any other WeasyPrint version than
the one these were measured on (`install` leaves it alone).

A render of the demo infographic (two A4 pages of Noto Sans CJK, regular and bold) spent about
a third of its time on the two fonts:

1. Not copying the whole font file. WeasyPrint copies each face's file into a Python bytes
   object when the face is first used (Noto Sans CJK: a 20 MB .ttc, ~10 ms a face), to
   replace it with the subset before anything reads it. We copy it only if something reads
   it before then (a subsetting that failed, say).
2. Subsetting a CFF face (Noto CJK) in one HarfBuzz pass instead of two. WeasyPrint 70
   subsets a font keeping the glyph ids (the PDF's text names glyphs by id), then subsets
   the result a second time to cut it after the last glyph used and to drop the hinting.
   HarfBuzz already ends a glyph-id-keeping subset at the last glyph used, so for a CFF face
   the second pass re-reads the ~63,000 empty glyphs before it only to write the same bytes:
   ~25 ms a face. We make one pass with the second pass's flags and keep its result only
   when it ends where the second pass would have cut it; otherwise, and for TrueType faces
   (small, and there the second pass also drops a FontForge time stamp), WeasyPrint's own
   two passes run. tests/rendering/test_speedups.py checks that the PDFs carry the same
   font programs and page contents either way.
3. Compressing streams at zlib level 6 (zlib's default) instead of pydyf's 9. A kept-id CJK
   subset is ~0.8 MB before compression, mostly offsets of empty glyphs; level 9 takes ~40 %
   longer on it than level 6 (~5 ms a face) for 0.2 % fewer bytes.
"""

import contextlib
import zlib
from contextvars import ContextVar

import pydyf
import weasyprint
from weasyprint.pdf import fonts as pdf_fonts
from weasyprint.text.ffi import ffi, harfbuzz, harfbuzz_subset

# the WeasyPrint these were measured on and checked against (tests/rendering/test_speedups.py)
WEASYPRINT_MAJOR = "70"
ZLIB_LEVEL = 6
# the tables WeasyPrint's subsetting drops (weasyprint/pdf/fonts.py)
DROPPED_TABLES = (
    b"BASE", b"DSIG", b"EBDT", b"EBLC", b"EBSC", b"GPOS", b"GSUB", b"JSTF", b"LTSH", b"PCLT",
    b"SVG ",
)  # fmt: skip

_ours = ContextVar("gongkai_rendering", default=False)
_in_font_init = ContextVar("gongkai_font_init", default=False)
_stock_init = pdf_fonts.Font.__init__
_stock_subset = pdf_fonts.Font._harfbuzz_subset
_stock_object_data = pdf_fonts.get_hb_object_data


@contextlib.contextmanager
def ours():
    """Within: this thread's WeasyPrint renders use the changes above."""
    token = _ours.set(True)
    try:
        yield
    finally:
        _ours.reset(token)


def active():
    return pdf_fonts.Font._harfbuzz_subset is _subset


class _FaceFile:
    """A face's whole file, not copied yet."""

    __slots__ = ("face",)

    def __init__(self, face):
        self.face = face


def _object_data(hb_object, ot_color=None, glyph=None):
    if ot_color is None and _in_font_init.get():
        return _FaceFile(hb_object)  # the face lives as long as the Pango font
    return _stock_object_data(hb_object, ot_color, glyph)


def _font_init(font, *args, **kwargs):
    token = _in_font_init.set(_ours.get())
    try:
        _stock_init(font, *args, **kwargs)
    finally:
        _in_font_init.reset(token)


def _get_file_content(font):
    content = font.__dict__["_file_content"]
    if isinstance(content, _FaceFile):
        content = font.__dict__["_file_content"] = _stock_object_data(content.face)
    return content


def _set_file_content(font, content):
    font.__dict__["_file_content"] = content


def one_pass_subset(font, to_unicode, hinting):
    """The font reduced to the glyphs `to_unicode` names, glyph ids kept, in one pass; None
    when HarfBuzz fails or its result does not end at the last glyph used."""
    subset_input = ffi.gc(
        harfbuzz_subset.hb_subset_input_create_or_fail(), harfbuzz_subset.hb_subset_input_destroy
    )
    if subset_input == ffi.NULL:
        return None
    glyphs = sorted(to_unicode)
    glyph_set = harfbuzz_subset.hb_subset_input_glyph_set(subset_input)
    harfbuzz.hb_set_add_sorted_array(glyph_set, ffi.new("hb_codepoint_t[]", glyphs), len(glyphs))
    flags = (
        harfbuzz_subset.HB_SUBSET_FLAGS_RETAIN_GIDS
        | harfbuzz_subset.HB_SUBSET_FLAGS_PASSTHROUGH_UNRECOGNIZED
        | harfbuzz_subset.HB_SUBSET_FLAGS_DESUBROUTINIZE
    )
    if not hinting:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NO_HINTING
    if font.missing:
        flags |= harfbuzz_subset.HB_SUBSET_FLAGS_NOTDEF_OUTLINE
    harfbuzz_subset.hb_subset_input_set_flags(subset_input, flags)
    dropped = harfbuzz_subset.hb_subset_input_set(
        subset_input, harfbuzz_subset.HB_SUBSET_SETS_DROP_TABLE_TAG
    )
    tags = sorted(harfbuzz.hb_tag_from_string(name, -1) for name in DROPPED_TABLES)
    harfbuzz.hb_set_add_sorted_array(dropped, ffi.new("hb_codepoint_t[]", tags), len(tags))
    face = harfbuzz_subset.hb_subset_or_fail(font.hb_face, subset_input)
    if face == ffi.NULL:
        return None
    face = ffi.gc(face, harfbuzz.hb_face_destroy)
    if harfbuzz.hb_face_get_glyph_count(face) != glyphs[-1] + 1:
        return None
    return _stock_object_data(face) or None


def _subset(font, to_unicode, hinting):
    cff = "CFF " in font.tables
    if _ours.get() and cff and (data := one_pass_subset(font, to_unicode, hinting)):
        font.file_content = data
        return
    _stock_subset(font, to_unicode, hinting)


class _Zlib:
    """zlib as pydyf sees it: its level 9 becomes ZLIB_LEVEL inside `ours()`."""

    def __getattr__(self, name):
        return getattr(zlib, name)

    @staticmethod
    def compressobj(level=-1, *args, **kwargs):
        return zlib.compressobj(ZLIB_LEVEL if _ours.get() else level, *args, **kwargs)

    @staticmethod
    def compress(data, /, level=-1, **kwargs):
        return zlib.compress(data, ZLIB_LEVEL if _ours.get() else level, **kwargs)


def install():
    """Put the changes in place (they act only inside `ours()`); nothing happens on another
    WeasyPrint version than the one they were made for."""
    if active() or weasyprint.__version__.split(".")[0] != WEASYPRINT_MAJOR:
        return
    pdf_fonts.Font.__init__ = _font_init
    pdf_fonts.Font.file_content = property(_get_file_content, _set_file_content)
    pdf_fonts.get_hb_object_data = _object_data
    pdf_fonts.Font._harfbuzz_subset = _subset
    pydyf.zlib = _Zlib()
