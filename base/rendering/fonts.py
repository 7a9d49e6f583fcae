"""The fonts PDFs and images are drawn with.

GB/T 9704-2012 names the faces of an official document: 小标宋 for the organ's mark and the
title, 仿宋_GB2312 for the text, 黑体 for first-level headings, 楷体_GB2312 for second-level
ones, 宋体 for page numbers. Those faces are licensed (方正, 中易), so an office installs its own
copies, in `FONT_DIR` or the system's font folders; until it does, each role falls back to a
free face (Noto CJK, and Debian's AR PL UKai for 楷体). Each role is a stack: the first face
installed wins, and the free face always follows it, for the characters a GB2312 font lacks
(many personal and place names do).

Chinese text without a CJK font comes out as boxes (豆腐块). We would rather refuse to start
than publish that, so `manage.py check` fails loudly when fontconfig finds no Chinese font;
`manage.py check --deploy` says which face each role of a document actually gets.
"""

import hashlib
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core import checks

FONT_PACKAGE = "fonts-noto-cjk"
KAI_PACKAGE = "fonts-arphic-ukai"
# by family name: Noto CJK's .ttc files begin with the Japanese face
SANS = "Noto Sans CJK SC"
SERIF = "Noto Serif CJK SC"
KAI = "AR PL UKai CN"
INSTALL_HINT = f"apt-get install {FONT_PACKAGE}"


@dataclass(frozen=True)
class Role:
    """What a part of a document is set in: the official faces, best first, then the free
    ones, and the weight that makes a free face look like the official one (小标宋 is a
    single heavy weight; Noto Serif needs its bold for it)."""

    key: str
    label: str
    official: tuple
    free: tuple
    free_weight: int = 400


ROLES = (
    Role(
        "title",
        "标题、发文机关标志（小标宋）",
        ("方正小标宋简体", "方正小标宋_GBK", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong"),
        (SERIF,),
        700,
    ),
    Role(
        "body",
        "正文（仿宋_GB2312）",
        ("仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "华文仿宋", "STFangsong"),
        (SERIF,),
    ),
    Role("heading", "一级标题（黑体）", ("黑体", "SimHei", "方正黑体简体", "STHeiti"), (SANS,)),
    Role(
        "subheading",
        "二级标题（楷体_GB2312）",
        ("楷体_GB2312", "KaiTi_GB2312", "楷体", "KaiTi", "华文楷体", "STKaiti"),
        (KAI, SERIF),
    ),
    Role("page_number", "页码（宋体）", ("宋体", "SimSun", "华文宋体", "STSong"), (SERIF,)),
)


@dataclass(frozen=True)
class Face:
    role: Role
    family: str
    weight: int

    @property
    def official(self):
        return self.family in self.role.official

    @property
    def css_family(self):
        """The chosen face, then the free ones for the characters it lacks."""
        families = dict.fromkeys((self.family, *self.role.free, SERIF))
        return ", ".join(f'"{name}"' for name in families)


def font_folder():
    return Path(settings.FONT_DIR) if settings.FONT_DIR else None


def use_font_folder():
    """Let fontconfig, in this process and in the fc-* commands it starts, see the fonts an
    office dropped into FONT_DIR: a config that includes the system's and adds the folder.
    Called at start-up, before WeasyPrint builds its font configuration."""
    folder = font_folder()
    if folder is None or not folder.is_dir() or os.environ.get("FONTCONFIG_FILE"):
        return
    text = (
        '<?xml version="1.0"?>\n<!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">\n'
        '<fontconfig>\n  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>\n'
        f"  <dir>{folder.resolve()}</dir>\n</fontconfig>\n"
    )
    # one file per folder, written whole: processes with other folders may start at once
    name = hashlib.sha256(text.encode()).hexdigest()[:16]
    config = Path(tempfile.gettempdir()) / f"gongkai-fonts-{os.getuid()}-{name}.conf"
    if not config.exists():
        with tempfile.NamedTemporaryFile("w", dir=config.parent, delete=False) as file:
            file.write(text)
        os.replace(file.name, config)
    os.environ["FONTCONFIG_FILE"] = str(config)


def families(pattern=":"):
    """Family names fontconfig offers for a pattern (a font has several: 仿宋_GB2312,
    FangSong_GB2312)."""
    if shutil.which("fc-list") is None:
        return frozenset()
    listing = subprocess.run(
        ["fc-list", pattern, "family"], capture_output=True, text=True, check=False
    ).stdout
    return frozenset(name.strip() for line in listing.splitlines() for name in line.split(","))


@cache
def installed_families():
    return families()


def face(role):
    installed = installed_families()
    for family in role.official:
        if family in installed:
            return Face(role, family, 400)
    free = next((family for family in role.free if family in installed), role.free[-1])
    return Face(role, free, role.free_weight)


def faces():
    return [face(role) for role in ROLES]


@cache
def stylesheet():
    """CSS custom properties the documents' stylesheets set their type with
    (`font-family: var(--font-body)`), given to every PDF render."""
    lines = []
    for chosen in faces():
        name = chosen.role.key.replace("_", "-")
        lines.append(f"--font-{name}: {chosen.css_family};")
        lines.append(f"--font-{name}-weight: {chosen.weight};")
    declarations = "\n  ".join(lines)
    # pages do not inherit from the root element: their margin boxes (page numbers) need
    # the properties too
    return f":root {{\n  {declarations}\n}}\n@page {{\n  {declarations}\n}}\n"


def chinese_font_families():
    """Family names fontconfig offers for Simplified Chinese."""
    return sorted(families(":lang=zh-cn"))


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


def check_document_faces(app_configs=None, **kwargs):
    """Which face each role of a document gets. Information, not a warning: the free faces
    are a legitimate choice, and a deployment check must not fail over a licence."""
    chosen = faces()
    report = "; ".join(
        f"{c.role.label} → {c.family}" + ("" if c.official else "（替代字体）") for c in chosen
    )
    hint = None
    if not all(c.official for c in chosen):
        folder = font_folder()
        where = f"FONT_DIR（{folder}）" if folder else "FONT_DIR"
        hint = (
            "GB/T 9704 规定的方正小标宋简体、仿宋_GB2312、黑体、楷体_GB2312、宋体由单位取得授权后"
            f"安装：把字体文件放入 {where} 或系统字体目录，然后重启服务。"
        )
    return [checks.Info(f"公文字体：{report}", hint=hint, id="rendering.I001")]
