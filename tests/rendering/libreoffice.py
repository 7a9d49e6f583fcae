"""Word files as LibreOffice prints them: the tests of the Word copies convert them to PDF with
LibreOffice (Debian's libreoffice-writer-nogui) and read the pages back.

The official faces are licensed and not installed here, so the conversion runs with a
fontconfig file that maps each official name to the free face the PDFs use for it (as an
office without the faces sees the file in WPS). Each conversion has its own LibreOffice
profile: two test processes converting at once would otherwise share, and lock, one.
"""

import os
import shutil
import subprocess

import pytest
from PIL import Image

from base.rendering import word

MM = 72 / 25.4  # points per millimetre
A4 = (595.28, 841.89)
RED = (0xE6, 0x00, 0x12)


def libreoffice():
    found = shutil.which("libreoffice") or shutil.which("soffice")
    if found is None:
        pytest.fail(
            "LibreOffice is not installed, so the Word copies cannot be checked: run "
            "deploy/system-packages.sh as root (it installs libreoffice-writer-nogui)."
        )
    return found


def substitutes(folder):
    """A fontconfig file: the system's fonts, each official face asked for by name answered
    by its free alternative."""
    base = os.environ.get("FONTCONFIG_FILE", "/etc/fonts/fonts.conf")
    # 小标宋 is one heavy weight: its free stand-in is Noto Serif's bold, as in the PDFs
    bold = '<edit name="weight" mode="assign" binding="strong"><const>bold</const></edit>'
    rules = "".join(
        f'  <match target="pattern"><test name="family"><string>{official}</string></test>'
        f'<edit name="family" mode="prepend" binding="strong"><string>{free}</string></edit>'
        f"{bold if official == word.TITLE_FACE else ''}</match>\n"
        for official, free in word.FREE_FACES.items()
    )
    config = folder / "fonts.conf"
    config.write_text(
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        f'<fontconfig>\n  <include ignore_missing="yes">{base}</include>\n{rules}</fontconfig>\n'
    )
    return config


def to_pdf(data, folder):
    """The PDF LibreOffice makes of the .docx bytes `data`."""
    program = libreoffice()
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "copy.docx"
    source.write_bytes(data)
    profile = folder / "profile"
    env = {**os.environ, "FONTCONFIG_FILE": str(substitutes(folder)), "HOME": str(folder)}
    done = subprocess.run(
        [
            program,
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        env=env,
        check=False,
    )
    result = folder / "copy.pdf"
    assert result.exists(), f"LibreOffice made no PDF: {done.stdout} {done.stderr}"
    return result


def info(pdf):
    """pdfinfo's fields: Pages, Page size …"""
    listing = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return dict(
        (key.strip(), value.strip())
        for key, _, value in (line.partition(":") for line in listing.stdout.splitlines())
    )


def page_size(pdf):
    """(width, height) of the first page in points."""
    size = info(pdf)["Page size"].split()
    return float(size[0]), float(size[2])


def text(pdf, page=1, top=None, bottom=None):
    """pdftotext's text of one page, or of a band of it (`top`/`bottom` in mm from the top
    edge), with white space removed: lines broken by the layout read as one."""
    args = ["pdftotext", "-f", str(page), "-l", str(page)]
    if top is not None or bottom is not None:
        y = (top or 0) * MM
        height = ((bottom or 297) - (top or 0)) * MM
        args += ["-x", "0", "-y", f"{y:.0f}", "-W", "600", "-H", f"{height:.0f}"]
    done = subprocess.run([*args, str(pdf), "-"], capture_output=True, text=True, check=True)
    return "".join(done.stdout.split())


def picture(pdf, folder, page=1, dpi=50):
    """The page as an RGB image (pdftoppm)."""
    stem = folder / f"page{page}"
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png", "-singlefile"]
        + [str(pdf), str(stem)],
        check=True,
    )
    return Image.open(f"{stem}.png").convert("RGB")


def red_rows(image):
    """The rows (in mm from the top edge) holding red pixels, and the red pixels' horizontal
    middle in mm from the left edge."""
    width, height = image.size
    per_mm = height / 297
    pixels = image.load()
    rows, xs = set(), []
    for y in range(height):
        for x in range(width):
            r, g, b = pixels[x, y]
            if r > 180 and g < 90 and b < 90:
                rows.add(y / per_mm)
                xs.append(x / per_mm)
    middle = (min(xs) + max(xs)) / 2 if xs else None
    return sorted(rows), middle
