"""Uploaded images: refused unless Pillow reads them as PNG or JPEG within the limits;
accepted ones come back upright and without metadata."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from base.rendering.images import clean_image


def encoded(image, kind, **options):
    out = io.BytesIO()
    image.save(out, kind, **options)
    return out.getvalue()


def test_exif_is_removed_and_the_photo_turned_upright():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to view
    exif[0x010F] = "PhoneMaker"
    photo = encoded(Image.new("RGB", (40, 20), "red"), "JPEG", exif=exif.tobytes())
    cleaned = clean_image(photo)
    result = Image.open(io.BytesIO(cleaned.data))
    assert (cleaned.width, cleaned.height) == (20, 40) == result.size
    assert not result.getexif()
    assert cleaned.content_type == "image/jpeg"


def test_a_decompression_bomb_is_refused_before_decoding():
    # a PNG header announcing 50,000 × 50,000 pixels: tiny file, 2.5 gigapixels
    bomb = encoded(Image.new("1", (50_000, 50_000)), "PNG")
    assert len(bomb) < 1_000_000
    with pytest.raises(ValidationError) as refused:
        clean_image(bomb)
    assert "超过上限" in refused.value.messages[0]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "无法识别"),
        (encoded(Image.new("RGB", (8, 8)), "GIF"), "只接受 PNG 或 JPEG"),
        (encoded(Image.new("RGB", (64, 64)), "PNG")[:60], "无法识别"),
        (b"", "无法识别"),
    ],
)
def test_other_content_is_refused_with_a_reason(data, message):
    with pytest.raises(ValidationError) as refused:
        clean_image(data)
    assert message in refused.value.messages[0]


def test_png_keeps_its_transparency():
    cleaned = clean_image(encoded(Image.new("RGBA", (10, 10), (0, 0, 0, 0)), "PNG"))
    assert Image.open(io.BytesIO(cleaned.data)).mode == "RGBA"


def test_a_merely_huge_image_is_refused_with_its_size():
    huge = encoded(Image.new("1", (13_000, 10)), "PNG")
    with pytest.raises(ValidationError) as refused:
        clean_image(huge)
    assert "13000×10" in refused.value.messages[0]
