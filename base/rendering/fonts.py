"""The fonts PDFs and images are drawn with.

Chinese text without a CJK font comes out as boxes (豆腐块). We would rather refuse to start
than publish that, so `manage.py check` fails loudly when fontconfig finds no Chinese font.
"""

import shutil
import subprocess

from django.core import checks

FONT_PACKAGE = "fonts-noto-cjk"
# by family name: Noto CJK's .ttc files begin with the Japanese face
SANS = "Noto Sans CJK SC"
SERIF = "Noto Serif CJK SC"
INSTALL_HINT = f"apt-get install {FONT_PACKAGE}"


def chinese_font_families():
    """Family names fontconfig offers for Simplified Chinese."""
    if shutil.which("fc-list") is None:
        return []
    listing = subprocess.run(
        ["fc-list", ":lang=zh-cn", "family"], capture_output=True, text=True, check=False
    ).stdout
    return sorted({name.strip() for line in listing.splitlines() for name in line.split(",")})


def check_cjk_fonts(app_configs=None, **kwargs):
    if shutil.which("fc-list") is None:
        return [
            checks.Error(
                "fontconfig (fc-list) is not installed; PDFs cannot find fonts.",
                hint="apt-get install fontconfig " + FONT_PACKAGE,
                id="rendering.E001",
            )
        ]
    if not chinese_font_families():
        return [
            checks.Error(
                "No Chinese (CJK) font is installed: PDFs would print boxes instead of text.",
                hint=f"Install the package {FONT_PACKAGE}: {INSTALL_HINT}",
                id="rendering.E002",
            )
        ]
    return []
