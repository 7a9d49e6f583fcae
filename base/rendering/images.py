"""Uploaded images, judged and redrawn by Pillow before anything uses them.

A file that says it is a PNG may be a decompression bomb (a few kilobytes that unpack to
gigapixels), carry the photographer's GPS position in EXIF, or be an SVG with script. So an
image is opened by content, its pixels counted before decoding, turned upright, and encoded
afresh without metadata; SVG is refused, as any format other than PNG and JPEG.
"""

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg"}
MAX_PIXELS = 40_000_000  # a 40-megapixel photo; more is refused before decoding
MAX_SIDE = 12_000


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    content_type: str
    width: int
    height: int


def clean_image(data):
    """Returns the image re-encoded without metadata, or raises ValidationError."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            kind = image.format
            width, height = image.size
            if kind not in FORMATS:
                raise ValidationError(_("只接受 PNG 或 JPEG 图片。"), code="image_format")
            if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                raise _too_large(width, height)
            # verify() finds truncation even though WeasyPrint tells Pillow to tolerate it
            image.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise _too_large() from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(_("无法识别的图片，文件可能已损坏。"), code="image_broken") from None
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        upright = upright.convert("RGB")
    out = io.BytesIO()
    if kind == "JPEG":
        upright.convert("RGB").save(out, "JPEG", quality=90, optimize=True)
    else:
        upright.save(out, "PNG", optimize=True)
    return CleanImage(out.getvalue(), FORMATS[kind], *upright.size)


def _too_large(width=None, height=None):
    limits = {"limit": MAX_PIXELS // 10_000, "side": MAX_SIDE}
    if width is None:
        message = _("图片像素超过上限（%(limit)d 万像素，单边 %(side)d 像素）。") % limits
    else:
        message = _(
            "图片为 %(w)d×%(h)d 像素，超过上限（%(limit)d 万像素，单边 %(side)d 像素）。"
        ) % {"w": width, "h": height, **limits}
    return ValidationError(message, code="image_too_large")
