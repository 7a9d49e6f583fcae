"""The text of an uploaded file (PDF, .docx, .xlsx), so that the personal-data review reads
attachments as it reads texts.

A file is cut into segments, each one text the reviewer decides on: a PDF page, a PDF's
notes, a Word part (body, a header, a footer, the comments, the notes; a table a line per row,
cells separated by tabs), a worksheet (one line per row, cells separated by tabs, an empty
cell kept as its tab so that every cell stands under its header), a workbook's comments
and its sheets' names, the document's properties (author, company), the text of any other
part of a package (a text box, a chart's labels, custom properties and data), pictures' alt
text and the addresses it links to. A PDF page is its text in reading order: which words
were a table's cells is not known there, so names under a 姓名 column are not found by it.
A segment's offsets are what `redact_files` masks later, so the same bytes always give the
same segments.

Uploaded files are hostile until read: a file is opened only in a child process
(`base.privacy.file_child`) with a memory and CPU limit and a wall-clock timeout,
zip members are read with a cap on their unpacked size, XML is parsed without entities, DTDs
or network. Whatever goes wrong comes back as `UnreadableFile` with a reason code the
caller turns into a message; nothing here raises anything else at a caller.

This module imports no Django, so that the child starts quickly.
"""

import hashlib
import io
import posixpath
import re
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

# Raised when a changed extractor would cut a file differently: cached texts are re-read.
VERSION = 12

# bounds on what one file may make us do
MAX_PAGES = 500
MAX_MEMBER_BYTES = 64 * 1024 * 1024  # one zip member, unpacked
MAX_CHARS = 2_000_000  # text of one file
MAX_CELLS = 200_000
# empty columns kept as tabs between two cells of a row, so that a cell stays under its header
MAX_GAP = 64
MEMORY_BYTES = 1536 * 1024 * 1024
CPU_SECONDS = 60
WALL_SECONDS = 90

PDF = "pdf"
WORD = "docx"
SHEET = "xlsx"
KINDS = {
    ".pdf": PDF,
    ".docx": WORD,
    ".xlsx": SHEET,
    "application/pdf": PDF,
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": WORD,
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": SHEET,
}


class UnreadableFile(Exception):
    """The file cannot be read safely. `reason` is one of REASONS."""

    REASONS = ("malformed", "encrypted", "too_large", "timeout", "unsupported", "failed")

    def __init__(self, reason, detail=""):
        super().__init__(reason, detail)
        self.reason = reason if reason in self.REASONS else "failed"
        self.detail = detail


@dataclass
class Segment:
    """One text of a file. `kind` is page / body / header / footer / notes / comments /
    sheet / properties; `number` a page or part number, `name` a sheet's name. `cells`
    lists (start, end, reference) of each cell's value in a sheet's or comments' text."""

    key: str
    kind: str
    text: str
    number: int = 0
    name: str = ""
    cells: list = field(default_factory=list)

    def where(self, start):
        """The cell a character of the text stands in ("B4"), or ""."""
        for cell_start, cell_end, reference in self.cells:
            if cell_start <= start < cell_end:
                return reference
        return ""


@dataclass
class Extracted:
    segments: list
    # pages of a PDF without any text (scanned), images in a package: what the detector
    # could not read, for the reviewer to look at themselves
    pages_without_text: list = field(default_factory=list)
    images: int = 0
    names: list = field(default_factory=list)  # people named in the properties

    def as_json(self):
        return asdict(self)

    @classmethod
    def from_json(cls, data):
        segments = [Segment(**s) for s in data.get("segments", [])]
        return cls(
            segments,
            data.get("pages_without_text", []),
            data.get("images", 0),
            data.get("names", []),
        )


def kind_of(name, content_type=""):
    """PDF, WORD, SHEET or None for a file this module does not read."""
    return KINDS.get(Path(name).suffix.lower()) or KINDS.get(content_type)


def clean(text):
    """Control characters become spaces, one for one (offsets stay those of the file)."""
    return "".join(
        " " if (ord(char) < 32 and char not in "\n\t") or 0xD800 <= ord(char) < 0xE000 else char
        for char in text
    )


# --------------------------------------------------------------------------------------------
# PDF


def pdf_pages(data):
    """(document, [(page, textpage, text)]) of a PDF; text indices are pdfium's char indices."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        reason = "encrypted" if "password" in str(error).lower() else "malformed"
        raise UnreadableFile(reason, str(error)) from None
    if len(document) > MAX_PAGES:
        raise UnreadableFile("too_large", f"{len(document)} pages")
    pages = []
    for index in range(len(document)):
        page = document[index]
        textpage = page.get_textpage()
        count = textpage.count_chars()
        chars = [chr(raw.FPDFText_GetUnicode(textpage.raw, i)) for i in range(max(count, 0))]
        pages.append((page, textpage, clean("".join(chars))))
    return document, pages


def extract_pdf(data):
    return pdf_segments(*pdf_pages(data))


def pdf_segments(document, pages):
    segments, empty, total = [], [], 0
    for number, (_page, _textpage, text) in enumerate(pages, start=1):
        total += len(text)
        if total > MAX_CHARS:
            raise UnreadableFile("too_large", "text")
        if text.strip():
            segments.append(Segment(f"page.{number}", "page", text, number))
        else:
            empty.append(number)
    notes, authors = pdf_notes(pages)
    if notes.strip():
        if total + len(notes) > MAX_CHARS:
            raise UnreadableFile("too_large", "text")
        segments.append(Segment("annotations", "comments", notes))
    metadata = {key: str(value) for key, value in document.get_metadata_dict().items() if value}
    names = people([metadata.get("Author", ""), *authors])
    properties = clean("\n".join(f"{key}: {metadata[key]}" for key in PDF_META if key in metadata))
    if properties.strip():
        segments.append(Segment("properties", "properties", properties))
    # a page without text is pointed out as such: its pictures are not counted again
    pictures = sum(pdf_pictures(page) for page, _textpage, text in pages if text.strip())
    unread = pdf_attached_files(document) + pictures
    return Extracted(segments, empty, unread, names)


PDF_META = ("Title", "Author", "Subject", "Keywords", "Creator")
# what a viewer shows of an annotation: a note's text, its author, a form field's value
NOTE_KEYS = ("T", "Contents", "V")


def _annotation_string(annotation, key):
    import ctypes

    import pypdfium2.raw as raw

    size = raw.FPDFAnnot_GetStringValue(annotation, key.encode(), None, 0)
    if size <= 2:
        return ""
    buffer = ctypes.create_string_buffer(size)
    pointer = ctypes.cast(buffer, ctypes.POINTER(raw.FPDF_WCHAR))
    raw.FPDFAnnot_GetStringValue(annotation, key.encode(), pointer, size)
    return buffer.raw[: size - 2].decode("utf-16-le", errors="replace")


def pdf_notes(pages):
    """The text of the pages' annotations (notes, form fields' values), one line each with
    its page, and their authors: any PDF viewer shows them to the public, and the masked
    copy leaves them out."""
    import pypdfium2.raw as raw

    lines, authors = [], []
    for number, (page, _textpage, _text) in enumerate(pages, start=1):
        for index in range(max(raw.FPDFPage_GetAnnotCount(page.raw), 0)):
            annotation = raw.FPDFPage_GetAnnot(page.raw, index)
            if not annotation:
                continue
            try:
                author, *texts = (_annotation_string(annotation, key) for key in NOTE_KEYS)
            finally:
                raw.FPDFPage_CloseAnnot(annotation)
            texts = [clean(text) for text in (author, *texts) if text.strip()]
            if texts:
                lines.append(f"{number}: " + " ".join(texts))
            if author.strip():
                authors.append(author.strip())
    return "\n".join(lines), authors


# a picture this large or larger may hold what a person can read (a scan, a photo, a
# signature, a seal); a smaller one is an icon or a rule
PICTURE_POINTS = 36


def pdf_pictures(page):
    """The pictures of a page (in its forms too): the detector reads only text, so a scan
    pasted onto a page that has some text must still be pointed out."""
    import pypdfium2.raw as raw

    count = 0
    for picture in page.get_objects(filter=[raw.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = picture.get_bounds()
        count += right - left >= PICTURE_POINTS and top - bottom >= PICTURE_POINTS
    return count


def pdf_attached_files(document):
    """Files attached to the PDF itself: nobody reads them, the reviewer is told."""
    import pypdfium2.raw as raw

    return max(raw.FPDFDoc_GetAttachmentCount(document.raw), 0)


# --------------------------------------------------------------------------------------------
# Office Open XML packages (.docx, .xlsx)

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
S = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PR = "{http://schemas.openxmlformats.org/package/2006/relationships}"
DC = "{http://purl.org/dc/elements/1.1/}"
CP = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
EP = "{http://schemas.openxmlformats.org/officeDocument/2006/extended-properties}"


def xml_parser():
    from lxml import etree

    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, recover=False
    )


def open_package(data):
    try:
        package = zipfile.ZipFile(io.BytesIO(data))
        members = package.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as error:
        raise UnreadableFile("malformed", str(error)) from None
    if sum(member.file_size for member in members) > 4 * MAX_MEMBER_BYTES:
        raise UnreadableFile("too_large", "package")
    # two members of one name: we read the last, a reader may show the first
    names = [member.filename for member in members]
    if len(set(names)) != len(names):
        raise UnreadableFile("malformed", "a member stored twice")
    return package


def read_member(package, name):
    """A member's bytes, read no further than MAX_MEMBER_BYTES whatever its header claims."""
    try:
        with package.open(name) as member:
            data = member.read(MAX_MEMBER_BYTES + 1)
    except KeyError:
        return None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as error:
        raise UnreadableFile("malformed", f"{name}: {error}") from None
    if len(data) > MAX_MEMBER_BYTES:
        raise UnreadableFile("too_large", name)
    return data


def parse(package, name):
    from lxml import etree

    data = read_member(package, name)
    if data is None:
        return None
    try:
        return without_dtd(etree.fromstring(data, xml_parser()), name)
    except etree.XMLSyntaxError as error:
        raise UnreadableFile("malformed", f"{name}: {error}") from None


def without_dtd(tree, name):
    """`tree`, if its part declares no DTD. Office files never do (Word refuses them); a
    part that does may hide text in entities that some readers expand and we do not read."""
    info = tree.getroottree().docinfo
    if info.doctype or info.internalDTD is not None:
        raise UnreadableFile("malformed", f"{name}: DTD")
    return tree


@dataclass
class Unit:
    """Where a run of a segment's text is stored: an element's text, or one of its
    attributes."""

    start: int
    end: int
    node: object
    attribute: str = ""


class Builder:
    """Builds a segment's text from XML text nodes, remembering which node holds which
    characters."""

    def __init__(self):
        self.parts, self.units, self.cells, self.length = [], [], [], 0

    def separate(self, char="\n"):
        if self.length and not "".join(self.parts[-1:]).endswith(("\n", "\t")):
            self.add(char)

    def add(self, text, node=None, attribute=""):
        text = clean(text or "")
        if not text:
            return
        if node is not None:
            self.units.append(Unit(self.length, self.length + len(text), node, attribute))
        self.parts.append(text)
        self.length += len(text)
        if self.length > MAX_CHARS:
            raise UnreadableFile("too_large", "text")

    @property
    def text(self):
        return "".join(self.parts)


WORD_TEXT = (f"{W}t", f"{W}delText", f"{W}instrText")
WORD_PARTS = [
    (re.compile(r"word/document\.xml"), "body"),
    (re.compile(r"word/header(\d+)\.xml"), "header"),
    (re.compile(r"word/footer(\d+)\.xml"), "footer"),
    (re.compile(r"word/(?:footnotes|endnotes)\.xml"), "notes"),
    (re.compile(r"word/comments\.xml"), "comments"),
]


def _number(name):
    digits = re.findall(r"\d+", name)
    return int(digits[-1]) if digits else 0


def _new_line(built):
    """Ends the line, even after a row's empty last cell (a tab)."""
    if built.length and not built.text.endswith("\n"):
        built.add("\n")


def _grid_span(cell):
    """How many grid columns a table cell spans (its merged width)."""
    span = cell.find(f"{W}tcPr/{W}gridSpan")
    try:
        return max(1, min(int(span.get(f"{W}val")), MAX_GAP)) if span is not None else 1
    except (TypeError, ValueError):
        return 1


def word_segments(package):
    """[(Segment, units, tree, member name)] of a Word package. A table is a line per row
    with its cells after tabs (a merged cell followed by as many tabs as columns it spans),
    so that the detector reads a cell under its column's header as in a worksheet."""
    found = []
    names = sorted(package.namelist(), key=lambda n: (_number(n), n))
    for pattern, kind in WORD_PARTS:
        for name in names:
            if not pattern.fullmatch(name):
                continue
            tree = parse(package, name)
            if tree is None:
                continue
            built = Builder()
            fresh_cell, previous_span = False, 1
            tags = (f"{W}p", *WORD_TEXT, f"{W}tab", f"{W}br", f"{W}comment", f"{W}tr", f"{W}tc")
            for node in tree.iter(*tags):
                if node.tag == f"{W}tr":
                    _new_line(built)
                    fresh_cell, previous_span = False, 0
                elif node.tag == f"{W}tc":
                    built.add("\t" * previous_span)
                    fresh_cell, previous_span = True, _grid_span(node)
                elif node.tag == f"{W}p" and fresh_cell:
                    fresh_cell = False
                elif node.tag in (f"{W}p", f"{W}br") and node.getparent().tag == f"{W}tc":
                    built.separate(" ")  # a cell's lines stay in its row
                elif node.tag in (f"{W}p", f"{W}br"):
                    built.separate()
                elif node.tag == f"{W}tab":
                    built.separate("\t")
                elif node.tag == f"{W}comment":
                    built.separate()
                    built.add(node.get(f"{W}author"), node, f"{W}author")
                    built.add("：")
                else:
                    built.add(node.text, node)
            number = _number(name) if kind in ("header", "footer") else 0
            key = f"{kind}.{number}" if number else kind
            if kind == "notes":
                key = posixpath.basename(name).split(".")[0]
            found.append((Segment(key, kind, built.text, number), built.units, tree, name))
    return found


PROPERTY_TAGS = [
    (f"{DC}title", "title"),
    (f"{DC}subject", "subject"),
    (f"{DC}creator", "creator"),
    (f"{CP}keywords", "keywords"),
    (f"{DC}description", "description"),
    (f"{CP}lastModifiedBy", "lastModifiedBy"),
    (f"{CP}category", "category"),
    (f"{EP}Manager", "Manager"),
    (f"{EP}Company", "Company"),
]
PEOPLE = ("creator", "lastModifiedBy", "Manager")


PROPERTY_PARTS = ("docProps/core.xml", "docProps/app.xml")

# Authors that programs and fresh installations write in place of a person: nobody's name, so
# not looked for throughout the file (the value is still shown in the properties).
PLACEHOLDER_AUTHORS = re.compile(
    r"(?:python-docx|openpyxl|xlsxwriter|apache poi|administrator|admin|user|owner|author"
    r"|unknown|guest|microsoft office (?:user|用户)|microsoft (?:user|用户)|windows (?:user|用户)"
    r"|wps(?: office)?|(?:微软|windows|office|wps)?用户|作者|未知|管理员|匿名)\d{0,4}",
    re.IGNORECASE,
)


def is_placeholder_author(value):
    """Whether an author or editor in a file's properties is a program's or installation's
    default rather than a person ("python-docx", "Administrator", "Microsoft Office 用户")."""
    plain = " ".join((value or "").replace("\u3000", " ").split())
    return not plain or PLACEHOLDER_AUTHORS.fullmatch(plain) is not None


def people(names):
    """The persons among the authors named in a file, each once."""
    found = []
    for name in names:
        name = (name or "").strip()
        if name and not is_placeholder_author(name) and name not in found:
            found.append(name)
    return found


def property_segments(package):
    """The document's properties as one segment ("creator: 王丽娟" per line), and the
    people named there."""
    built, trees, names = Builder(), [], []
    for member in PROPERTY_PARTS:
        tree = parse(package, member)
        if tree is None:
            continue
        trees.append((tree, member))
        for tag, label in PROPERTY_TAGS:
            for node in tree.iter(tag):
                if (node.text or "").strip():
                    built.separate()
                    built.add(f"{label}: ")
                    built.add(node.text, node)
                    if label in PEOPLE:
                        names.append(node.text.strip())
    if not built.text.strip():
        return [], people(names)
    segment = Segment("properties", "properties", built.text)
    return [(segment, built.units, trees, None)], people(names)


def column_name(number):
    letters = ""
    while number:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _shared_strings(package):
    tree = parse(package, "xl/sharedStrings.xml")
    if tree is None:
        return None, []
    strings = []
    for item in tree.iter(f"{S}si"):
        # phonetic runs (rPh) are readings, not the cell's text
        nodes = [t for t in item.iter(f"{S}t") if t.getparent().tag != f"{S}rPh"]
        strings.append(nodes)
    return tree, strings


def _sheets(package):
    """[(sheet name, member name)] in the workbook's order."""
    workbook = parse(package, "xl/workbook.xml")
    rels = parse(package, "xl/_rels/workbook.xml.rels")
    if workbook is None or rels is None:
        raise UnreadableFile("malformed", "workbook")
    targets = {rel.get("Id"): rel.get("Target", "") for rel in rels.iter(f"{PR}Relationship")}
    sheets = []
    for sheet in workbook.iter(f"{S}sheet"):
        target = targets.get(sheet.get(f"{R}id"), "")
        member = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
        sheets.append((sheet.get("name", ""), posixpath.normpath(member)))
    return sheets


HEADERS_FOOTERS = (
    "oddHeader", "oddFooter", "evenHeader", "evenFooter", "firstHeader", "firstFooter",
)  # fmt: skip


def sheet_segments(package):
    """[(Segment, units, tree, member)] of a workbook: each sheet, then the comments. A
    unit's node is a cell (`c`) element; for a shared string, the attribute is "s:<index>"."""
    shared_tree, shared = _shared_strings(package)
    found, cells_seen = [], 0
    for number, (name, member) in enumerate(_sheets(package), start=1):
        tree = parse(package, member)
        if tree is None:
            continue
        built = Builder()
        for row in tree.iter(f"{S}row"):
            _new_line(built)
            at = 0  # the column of the row's last cell read; a cell in column A has no tab
            for cell in row.iter(f"{S}c"):
                cells_seen += 1
                if cells_seen > MAX_CELLS:
                    raise UnreadableFile("too_large", "cells")
                value, attribute = _cell_text(cell, shared)
                column = _column_number(cell.get("r", ""), at + 1)
                if not value:
                    continue
                gap = column - 1 if not at else max(1, column - at)
                built.add("\t" * min(gap, MAX_GAP))
                at = max(column, at + 1)
                start = built.length
                built.add(value, cell, attribute)
                built.cells.append((start, built.length, cell.get("r", "")))
        for footer in tree.iter(*(f"{S}{which}" for which in HEADERS_FOOTERS)):
            built.separate()
            start = built.length
            built.add(footer.text, footer)
            built.cells.append((start, built.length, "header/footer"))
        segment = Segment(f"sheet.{number}", "sheet", built.text, number, name, built.cells)
        found.append((segment, built.units, tree, member))
    comment_members = sorted(
        (n for n in package.namelist() if re.fullmatch(r"xl/(?:comments/)?comments?\d+\.xml", n)),
        key=_number,
    )
    for member in comment_members:
        tree = parse(package, member)
        built = Builder()
        for comment in tree.iter(f"{S}comment"):
            built.separate()
            start = built.length
            for t in comment.iter(f"{S}t"):
                built.add(t.text, t)
            built.cells.append((start, built.length, comment.get("ref", "")))
        for author in tree.iter(f"{S}author"):
            built.separate()
            built.add(author.text, author)
        number = _number(member)
        segment = Segment(f"comments.{number}", "comments", built.text, number, "", built.cells)
        found.append((segment, built.units, tree, member))
    return found + sheet_name_segments(package), shared_tree


def sheet_name_segments(package):
    """The sheets' names, one a line (a sheet per household is often named by its head): the
    public reads them on the tabs. A unit's node is the workbook's `sheet`, attribute
    "name"."""
    tree = parse(package, "xl/workbook.xml")
    built = Builder()
    for sheet in tree.iter(f"{S}sheet") if tree is not None else ():
        built.separate()
        built.add(sheet.get("name"), sheet, "name")
    if not built.text.strip():
        return []
    segment = Segment("sheetnames", "sheetnames", built.text)
    return [(segment, built.units, tree, "xl/workbook.xml")]


def _column_number(reference, default):
    """The column of a cell reference ("C4" -> 3); `default` without one."""
    letters = re.match(r"[A-Z]{1,3}", reference or "")
    if not letters:
        return default
    number = 0
    for letter in letters[0]:
        number = number * 26 + ord(letter) - 64
    return number


def _cell_text(cell, shared):
    kind = cell.get("t", "n")
    if kind == "s":
        value = cell.find(f"{S}v")
        try:
            index = int(value.text)
            return "".join(t.text or "" for t in shared[index]), f"s:{index}"
        except (AttributeError, TypeError, ValueError, IndexError):
            return "", ""
    if kind == "inlineStr":
        return "".join(t.text or "" for t in cell.iter(f"{S}t")), "inline"
    if kind in ("b", "e"):
        return "", ""
    value = cell.find(f"{S}v")
    return (value.text or "") if value is not None else "", "value"


def link_segments(package, name):
    """The addresses a part links to outside the file (a link shown as 联系我们 to a
    person's e-mail address), one a line."""
    tree = parse(package, name)
    built = Builder()
    for relation in tree.iter(f"{PR}Relationship") if tree is not None else ():
        if relation.get("TargetMode") == "External":
            built.separate()
            built.add(relation.get("Target"), relation, "Target")
    if not built.text.strip():
        return []
    segment = Segment(part_key("links", name), "part", built.text, 0, name)
    return [(segment, built.units, tree, name)]


def part_key(kind, name):
    """A segment's key for a part named `name`: short whatever the name (decisions are stored
    under it, in a field of 100 characters), the same for the same part."""
    return f"{kind}.{hashlib.sha256(name.encode()).hexdigest()[:16]}"


# a drawing's description and title (its alt text): screen readers read them out
ALT_HOLDERS = {"docPr", "cNvPr"}
ALT_ATTRIBUTES = ("descr", "title")


def alt_text_segments(package, parts):
    """[(Segment, units, tree, member)] of the pictures' and shapes' alt text of every XML
    part: on the tree already read for a part read above (its masks go into the same copy of
    the part), else on its own."""
    trees = {member: tree for _segment, _units, tree, member in parts}
    for name in package.namelist():
        if name.endswith(".xml") and name not in trees and name not in PROPERTY_PARTS:
            trees[name] = parse(package, name)
    found = []
    for member, tree in trees.items():
        if tree is None:
            continue
        built = Builder()
        for node in tree.iter():
            if isinstance(node.tag, str) and node.tag.rpartition("}")[2] in ALT_HOLDERS:
                for attribute in ALT_ATTRIBUTES:
                    if (node.get(attribute) or "").strip():
                        built.separate()
                        built.add(node.get(attribute), node, attribute)
        if built.text.strip():
            segment = Segment(part_key("alt", member), "part", built.text, 0, member)
            found.append((segment, built.units, tree, member))
    return found


def count_images(package):
    """Members nobody reads: pictures, embedded objects, and any other file that is not XML
    (the public gets them with the package all the same). A comment's VML box is not one."""
    skipped = ("/", ".xml", ".rels", ".vml")
    return sum(1 for name in package.namelist() if not name.endswith(skipped))


# text elements any part may hold: Word's (w:t, deleted text, field codes), DrawingML's (a:t:
# text boxes, shapes, SmartArt), a workbook's rich text, a threaded comment's text
OTHER_TEXT = {"t", "delText", "instrText", "text"}
C = "{http://schemas.openxmlformats.org/drawingml/2006/chart}"  # a chart's cached labels: c:v


def other_segments(package, read):
    """[(Segment, units, tree, member)] of the XML parts not read above: a text box on a
    sheet, a chart's labels, a building block saved in a Word file, a threaded comment. The
    public gets every part with the file, whether Word or Excel shows it or not."""
    found = []
    for name in sorted(package.namelist(), key=lambda n: (_number(n), n)):
        if name.endswith(".rels"):
            found += link_segments(package, name)
            continue
        if name in read or not name.endswith(".xml") or name in PROPERTY_PARTS:
            continue
        tree = parse(package, name)
        if tree is None:
            continue
        built = Builder()
        # data parts hold values in elements of any name (<电话>, <vt:lpwstr>)
        data = name == "docProps/custom.xml" or name.startswith("customXml/")
        for node in tree.iter():
            if not isinstance(node.tag, str):
                continue
            local = node.tag.rpartition("}")[2]
            if data and (node.text or "").strip():
                built.separate()
                built.add(node.text, node)
            elif local == "p":
                built.separate()
            elif local in OTHER_TEXT or node.tag == f"{C}v":
                if node.tag == f"{C}v":
                    built.separate()
                built.add(node.text, node)
        if built.text.strip():
            segment = Segment(part_key("part", name), "part", built.text, 0, name)
            found.append((segment, built.units, tree, name))
    return found


def package_parts(kind, data):
    """(segments with their units, other state, names, images) of a .docx or .xlsx."""
    package = open_package(data)
    shared_tree = None
    if kind == WORD:
        if "word/document.xml" not in package.namelist():
            raise UnreadableFile("malformed", "word/document.xml")
        parts = word_segments(package)
    else:
        parts, shared_tree = sheet_segments(package)
    properties, names = property_segments(package)
    read = {member for *_rest, member in parts} | {"xl/sharedStrings.xml"}
    parts += other_segments(package, read)
    return package, parts + properties + alt_text_segments(package, parts), shared_tree, names


def extract_package(kind, data):
    package, parts, _shared, names = package_parts(kind, data)
    segments = [segment for segment, *_rest in parts if segment.text.strip()]
    return Extracted(segments, [], count_images(package), names)
