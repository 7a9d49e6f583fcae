"""Pictures of PDF pages (pypdfium2), for previews beside a form and for image outputs."""

import pypdfium2


def page_images(pdf, width=1240):
    """One PIL image per page, `width` pixels wide."""
    document = pypdfium2.PdfDocument(pdf)
    try:
        images = []
        for page in document:
            scale = width / page.get_width()
            images.append(page.render(scale=scale).to_pil().convert("RGB"))
            page.close()
        return images
    finally:
        document.close()
