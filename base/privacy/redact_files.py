"""The public copy of a file whose personal data a reviewer masked: never the original.

- A PDF becomes pictures of its pages with the masked characters under black boxes,
  assembled into a new PDF: no text layer, no metadata, no form fields or annotations, so
  nothing under a box can be selected, copied or extracted.
- A .docx or .xlsx is copied with every masked span replaced by its public form, as the
  texts are (138****8000, ×××; MASK for each character when none is given), in whichever
  runs or cells it was stored; a masked number in a cell becomes text, its formula is
  dropped. The copy carries no author: the properties' creator, last editor and manager,
  and the authors of comments and tracked changes are emptied; nor the thumbnail, a
  picture of the original's first page; its pictures are drawn again without their
  metadata (EXIF, XMP, text chunks). Any masked value still standing anywhere in the
  package afterwards (a chart's or pivot table's cached copy) is replaced there too, and
  the copy is refused if one remains.

`redact_bytes(kind, data, spec)` runs in the limited child process of
`base.privacy.attachments`; `spec` is {"spans": {segment key: [[start, end, shown], …]},
"digests": {segment key: sha256 of the text reviewed}}: a segment that no longer reads as
it did when it was reviewed is refused rather than masked at the wrong place.
"""

import hashlib
import io
import re
import zipfile

from base.privacy.attachments import (
    CP,
    DC,
    EP,
    PDF,
    S,
    UnreadableFile,
    package_parts,
    pdf_pages,
    pdf_segments,
    read_member,
    without_dtd,
    xml_parser,
)

MASK = "■"
DPI = 150
MAX_PIXELS = 40_000_000  # one page's picture
PAD = 1.5  # points around a masked character's box


def digest(text):
    return hashlib.sha256(text.encode()).hexdigest()


def _check(segments, spec):
    texts = {segment.key: segment.text for segment in segments}
    for key, expected in spec.get("digests", {}).items():
        if key in spec.get("spans", {}) and digest(texts.get(key, "")) != expected:
            raise UnreadableFile("failed", f"{key} reads differently from the reviewed text")


def _positions(spans, length):
    masked = set()
    for start, end, *_shown in spans:
        masked.update(range(max(0, start), min(end, length)))
    return masked


def redact_bytes(kind, data, spec):
    if kind == PDF:
        return redact_pdf(data, spec)
    return redact_package(kind, data, spec)


# --------------------------------------------------------------------------------------------
# PDF


def _device_box(page, box, scale, size):
    """A box in page space (left, bottom, right, top) as pixels (x0, y0, x1, y1)."""
    import ctypes

    import pypdfium2.raw as raw

    width, height = size
    corners = []
    for x, y in ((box[0], box[1]), (box[2], box[3])):
        dx, dy = ctypes.c_int(), ctypes.c_int()
        raw.FPDF_PageToDevice(page.raw, 0, 0, width, height, 0, x, y, dx, dy)
        corners.append((dx.value, dy.value))
    (x0, y0), (x1, y1) = corners
    return min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _boxes(textpage, text, spans):
    """Page-space boxes covering the masked characters, one per run on a line."""
    import pypdfium2.raw as raw

    boxes = []
    for index in sorted(_positions(spans, len(text))):
        if text[index].isspace() or raw.FPDFText_IsGenerated(textpage.raw, index) == 1:
            continue  # nothing is drawn for it
        left, bottom, right, top = textpage.get_charbox(index, loose=True)
        if right <= left or top <= bottom:  # a font without ascent or descent
            left, bottom, right, top = textpage.get_charbox(index)
        if right <= left or top <= bottom:
            # a masked character we cannot place would be left visible in the picture
            raise UnreadableFile("failed", f"no box for masked character {index}")
        box = [left - PAD, bottom - PAD, right + PAD, top + PAD]
        last = boxes[-1] if boxes else None
        overlap = last and min(last[3], box[3]) - max(last[1], box[1])
        same_line = last and overlap > 0.5 * min(last[3] - last[1], box[3] - box[1])
        if same_line and box[0] - last[2] < 3 * PAD + (top - bottom):
            last[:] = [min(last[0], box[0]), min(last[1], box[1]),
                       max(last[2], box[2]), max(last[3], box[3])]  # fmt: skip
        else:
            boxes.append(box)
    return boxes


def redact_pdf(data, spec):
    from PIL import ImageDraw

    document, pages = pdf_pages(data)
    _check(pdf_segments(document, pages).segments, spec)
    spans = spec.get("spans", {})
    largest = max((page.get_width() * page.get_height() for page, _t, _x in pages), default=1)
    scale = min(DPI / 72, (MAX_PIXELS / max(largest, 1)) ** 0.5)
    import pypdfium2 as pdfium

    copy = pdfium.PdfDocument.new()
    for number, (page, textpage, text) in enumerate(pages, start=1):
        # forms and annotations are not page text the reviewer read: they are left out
        bitmap = page.render(scale=scale, may_draw_forms=False, draw_annots=False)
        picture = bitmap.to_pil().convert("RGB")
        draw = ImageDraw.Draw(picture)
        for box in _boxes(textpage, text, spans.get(f"page.{number}", [])):
            draw.rectangle(_device_box(page, box, scale, picture.size), fill=(0, 0, 0))
        # one page at a time: a long document never holds all its pictures at once
        single = io.BytesIO()
        picture.save(single, "PDF", resolution=72 * scale, quality=85)
        copy.import_pages(pdfium.PdfDocument(single.getvalue()))
    if not len(copy):
        raise UnreadableFile("malformed", "no pages")
    out = io.BytesIO()
    copy.save(out)
    return out.getvalue()


# --------------------------------------------------------------------------------------------
# .docx and .xlsx


def _replacements(spans, length):
    """{offset: what stands there in the copy}: a span's public form (138****8000, ×××) at
    its first character, nothing at the others. A span without one is all MASK."""
    replaced = {}
    for span in sorted(spans, key=lambda span: (span[0], span[1])):
        start, end = max(0, span[0]), min(span[1], length)
        if start >= end or start in replaced:
            continue
        shown = span[2] if len(span) > 2 and span[2] else MASK * (end - start)
        replaced[start] = shown
        replaced.update({offset: "" for offset in range(start + 1, end)})
    return replaced


def _replaced(value, replaced, base=0):
    return "".join(replaced.get(base + i, char) for i, char in enumerate(value))


def _mask_nodes(nodes, replaced):
    """Applies `replaced` (offsets into the joined texts of `nodes`) to each node's text."""
    offset = 0
    for node in nodes:
        value = node.text or ""
        node.text = _replaced(value, replaced, offset)
        offset += len(value)


def _inline(cell, text):
    """A cell turned into an inline string holding `text` (its formula and value gone)."""
    from lxml import etree

    for child in list(cell):
        cell.remove(child)
    cell.set("t", "inlineStr")
    holder = etree.SubElement(cell, f"{S}is")
    etree.SubElement(holder, f"{S}t").text = text


def _apply(segment, units, spans, masked_shared):
    replaced = _replacements(spans, len(segment.text))
    values = {segment.text[span[0] : span[1]].strip() for span in spans} - {""}
    for unit in units:
        local = {p - unit.start: v for p, v in replaced.items() if unit.start <= p < unit.end}
        if not local:
            continue
        node = unit.node
        if unit.attribute.startswith("s:"):  # a shared string: masked wherever it is used
            index = int(unit.attribute[2:])
            masked_shared.setdefault(index, {}).update(local)
        elif unit.attribute == "inline":
            _mask_nodes(list(node.iter(f"{S}t")), local)
        elif unit.attribute == "value":
            value = node.find(f"{S}v").text or ""
            _inline(node, _replaced(value, local))
        elif unit.attribute == "name" and node.tag == f"{S}sheet":
            # a sheet's name: MASK for each masked character, as everywhere else the name
            # stands (formulas, the list of parts) is masked, so that references still hold;
            # and a public form's * is not allowed in a sheet's name
            masked = _positions(spans, len(segment.text))
            name = node.get("name", "")
            node.set("name", "".join(
                MASK if unit.start + i in masked else char for i, char in enumerate(name)
            ))  # fmt: skip
        elif unit.attribute:
            node.set(unit.attribute, _replaced(node.get(unit.attribute, ""), local))
        else:
            node.text = _replaced(node.text or "", local)
    return {value for value in values if scrubbable(value)}


ANONYMOUS_PROPERTIES = (f"{DC}creator", f"{CP}lastModifiedBy", f"{EP}Manager")
AUTHOR_ATTRIBUTES = re.compile(r"\}(author|initials|userId|providerId)$")


def _anonymise(tree):
    """No person's name left in the copy's properties, comments or tracked changes."""
    for tag in ANONYMOUS_PROPERTIES:
        for node in tree.iter(tag):
            node.text = ""
    for node in tree.iter():
        if not isinstance(node.tag, str):
            continue
        person = node.tag.endswith("}person")  # an .xlsx's people of threaded comments
        for attribute in list(node.attrib):
            if AUTHOR_ATTRIBUTES.search(attribute) or (person and attribute == "displayName"):
                node.set(attribute, "")
        if node.tag == f"{S}author":
            node.text = ""


def scrubbable(value):
    """Whether a masked value is looked for everywhere in the package: a short run of ASCII
    digits would also be found in cell references and sizes, and is left where it stands
    outside the masked cell."""
    return len(value) >= 6 or not value.isascii()


def _scrub(tree, values):
    """Replaces each masked value wherever it still stands in `tree`'s texts and attributes;
    whether anything changed."""
    changed = False

    def scrubbed(text):
        nonlocal changed
        for value in values:
            if value in text:
                text = text.replace(value, MASK * len(value))
                changed = True
        return text

    for node in tree.iter():
        if node.text:
            node.text = scrubbed(node.text)
        if node.tail:
            node.tail = scrubbed(node.tail)
        if isinstance(node.tag, str):
            for attribute, value in node.attrib.items():
                node.set(attribute, scrubbed(value))
    return changed


def _serialise(tree):
    from lxml import etree

    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=True)


def redact_package(kind, data, spec):
    from lxml import etree

    package, parts, shared_tree, _names = package_parts(kind, data)
    _check([segment for segment, *_rest in parts], spec)
    spans = spec.get("spans", {})
    trees, values, masked_shared = {}, set(), {}
    for segment, units, tree, member in parts:
        if member is None:  # the properties: several parts
            trees.update({name: part for part, name in tree})
        else:
            trees[member] = tree
        if spans.get(segment.key):
            values |= _apply(segment, units, spans[segment.key], masked_shared)
    if masked_shared:
        strings = [
            [t for t in item.iter(f"{S}t") if t.getparent().tag != f"{S}rPh"]
            for item in shared_tree.iter(f"{S}si")
        ]
        for index, local in masked_shared.items():
            _mask_nodes(strings[index], local)
        trees["xl/sharedStrings.xml"] = shared_tree
    for member in ("docProps/core.xml", "docProps/app.xml"):
        if member not in trees and member in package.namelist():
            trees[member] = without_dtd(
                etree.fromstring(read_member(package, member), xml_parser()), member
            )
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as copy:
        for info in package.infolist():
            name = info.filename
            if name.endswith("/") or THUMBNAIL.fullmatch(name):
                continue
            raw = read_member(package, name)
            if name.endswith((".xml", ".rels")):
                tree = trees.get(name)
                if tree is None:
                    tree = without_dtd(etree.fromstring(raw, xml_parser()), name)
                _anonymise(tree)
                _drop_thumbnail(tree)
                _scrub(tree, values)
                raw = _serialise(tree)
            elif MEDIA.match(name):
                raw = _without_metadata(raw)
            _refuse_leftovers(name, raw, values)
            copy.writestr(_info(info), raw)
    return out.getvalue()


# a picture of the original's first page that Word and WPS save in the file: it would show
# what the copy masks
THUMBNAIL = re.compile(r"docProps/thumbnail\.\w+", re.IGNORECASE)


def _drop_thumbnail(tree):
    """The package's relationship to its thumbnail, which the copy leaves out."""
    for relation in list(
        tree.iter("{http://schemas.openxmlformats.org/package/2006/relationships}Relationship")
    ):
        if relation.get("Type", "").endswith("/metadata/thumbnail"):
            relation.getparent().remove(relation)


MEDIA = re.compile(r"(?:word|xl)/media/[^/]+")
ORIENTATION = 0x0112  # the EXIF tag a picture is shown turned by


def _without_metadata(raw):
    """A JPEG or PNG picture of the package drawn again without what it says about itself
    (EXIF: the camera's owner, a GPS position; text chunks; XMP): the same pixels, with
    only their orientation and colour profile kept, so that it shows as before. Any other
    file, or one Pillow cannot read, is left as it is (the masked values are still looked
    for in it)."""
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(raw))
        kind = image.format
        if kind not in ("JPEG", "PNG") or image.width * image.height > MAX_PIXELS:
            return raw
        kept = Image.Exif()
        orientation = image.getexif().get(ORIENTATION)
        if orientation:
            kept[ORIENTATION] = orientation
        options = {"icc_profile": image.info.get("icc_profile"), "exif": kept.tobytes()}
        out = io.BytesIO()
        if kind == "JPEG":
            image.save(out, "JPEG", quality=95, **options)
        else:
            image.save(out, "PNG", **options)
        return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        return raw


def _info(info):
    fresh = zipfile.ZipInfo(info.filename, date_time=info.date_time)
    fresh.compress_type = zipfile.ZIP_DEFLATED
    return fresh


def _refuse_leftovers(name, raw, values, depth=0):
    """A masked value must stand nowhere in the copy, in any encoding a reader would find,
    nor in a package inside it (a chart's workbook, an embedded document: compressed, its
    bytes never show the value)."""
    for value in values:
        if value.encode() in raw or value.encode("utf-16-le") in raw:
            raise UnreadableFile("failed", f"a masked value remains in {name}")
    if not values or depth >= 2 or not raw.startswith(b"PK"):
        return
    try:
        inner = zipfile.ZipFile(io.BytesIO(raw))
        members = [info.filename for info in inner.infolist() if not info.is_dir()]
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a package: its bytes were looked at above
    for member in members:
        _refuse_leftovers(f"{name}/{member}", read_member(inner, member), values, depth + 1)
