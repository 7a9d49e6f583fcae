"""The faces a document is set in: the official ones an office installs in FONT_DIR, else the
free ones, and `manage.py check` saying which each part gets."""

import subprocess
import sys

import pytest
from django.conf import settings
from fontTools import subset
from fontTools.ttLib import TTFont

from base.rendering import fonts

NOTO_SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
TEXT = "关于湛江市教育局答复函正文仿宋一二三"


def run(code_or_args, font_dir, tmp_path):
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "true",
        "GONGKAI_VAR_DIR": str(tmp_path),
        "FONT_DIR": str(font_dir),
        "HOME": str(tmp_path),
    }
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=env,
        timeout=120,
    )


@pytest.fixture
def licensed_fangsong(tmp_path):
    """A font file whose family is 仿宋_GB2312, as an office's licensed copy would be: a
    small subset of a free face, renamed."""
    index = next(
        i for i in range(5) if "SC" in TTFont(NOTO_SERIF, fontNumber=i)["name"].getDebugName(1)
    )
    font = TTFont(NOTO_SERIF, fontNumber=index)
    options = subset.Options()
    options.name_IDs = ["*"]
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=TEXT + "—0123456789 ")
    subsetter.subset(font)
    names = font["name"]
    for record in list(names.names):
        if record.nameID in (1, 4, 16):
            names.setName(
                "仿宋_GB2312", record.nameID, record.platformID, record.platEncID, record.langID
            )
        if record.nameID == 6:
            names.setName("FangSong_GB2312", 6, record.platformID, record.platEncID, record.langID)
    folder = tmp_path / "fonts"
    folder.mkdir()
    font.save(folder / "fangsong.otf")
    return folder


def test_every_part_of_a_document_gets_a_face_and_the_check_says_which():
    [message] = fonts.check_document_faces()
    for role in fonts.ROLES:
        assert role.label in message.msg
    chosen = {face.role.key: face for face in fonts.faces()}
    if not chosen["body"].official:
        assert "替代字体" in message.msg
        assert "FONT_DIR" in message.hint
    # 楷体 parts get Debian's free Kai face rather than the text's Song-like face
    assert chosen["subheading"].family in (*fonts.ROLES[3].official, fonts.KAI)


def test_a_font_dropped_into_the_font_folder_sets_the_text(licensed_fangsong, tmp_path):
    checked = run(
        ["manage.py", "check", "--deploy", "--fail-level", "CRITICAL"], licensed_fangsong, tmp_path
    )
    assert checked.returncode == 0, checked.stderr
    assert "正文（仿宋_GB2312） → 仿宋_GB2312;" in checked.stderr

    rendered = tmp_path / "letter.pdf"
    code = f"""
import django, os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
django.setup()
from base.rendering.pdf import render_pdf
html = '<p style="font-family: var(--font-body)">{TEXT}</p>'
open({str(rendered)!r}, "wb").write(render_pdf(html))
"""
    result = run(code, licensed_fangsong, tmp_path)
    assert result.returncode == 0, result.stderr
    embedded = subprocess.run(["pdffonts", rendered], capture_output=True, text=True).stdout
    assert "+仿宋_GB2312" in embedded, embedded
    text = subprocess.run(["pdftotext", rendered, "-"], capture_output=True, text=True).stdout
    assert TEXT in text.replace("\n", "")


def test_without_the_folder_the_free_faces_are_used(tmp_path):
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "CRITICAL"], tmp_path / "none", tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "正文（仿宋_GB2312） → Noto Serif CJK SC（替代字体）" in result.stderr
