"""The rendering toolkit: WeasyPrint fetches only our own static files and inline data, embeds
no attachments, and writes Chinese with embedded subset fonts; rendered files are cached by
content."""

import io
import subprocess

import pytest
from pypdf import PdfReader

from base.rendering import cache
from base.rendering.fetcher import static_url
from base.rendering.pdf import render_pdf


def test_nothing_but_our_static_files_is_fetched(listener, tmp_path):
    url, hits = listener
    html = f"""<html><head>
      <link rel="stylesheet" href="{url}/style.css">
      <link rel="stylesheet" href="{static_url("workflows/package.css")}">
      <link rel="attachment" href="file:///etc/passwd">
      <style>body {{ background: url({url}/bg.png) }}
             p {{ background: url(file:///etc/hosts) }}</style>
    </head><body>
      <p>湛江 遂溪 廉江 徐闻 硇洲</p>
      <img src="file:///etc/passwd"><img src="{url}/x.png">
      <a rel="attachment" href="{url}/secret.txt">附件</a>
      <iframe src="{url}/frame"></iframe>
      <img src="{static_url("../../../etc/passwd")}">
    </body></html>"""
    pdf = render_pdf(html)
    assert hits == []
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.attachments == {}
    assert "湛江 遂溪 廉江 徐闻 硇洲" in reader.pages[0].extract_text()
    (tmp_path / "out.pdf").write_bytes(pdf)
    fonts = subprocess.run(
        ["pdffonts", str(tmp_path / "out.pdf")], capture_output=True, text=True, check=True
    ).stdout.splitlines()[2:]
    assert fonts and all(" yes yes " in line and line[6] == "+" for line in fonts), fonts


def test_a_static_stylesheet_is_applied():
    from base.rendering.fetcher import OwnFilesOnly

    response = OwnFilesOnly().fetch(static_url("workflows/package.css"))
    assert b".package-heading" in response.read()
    assert response.content_type == "text/css"
    for refused in ("static:../web/settings.py", "file:///etc/passwd", "http://127.0.0.1/"):
        with pytest.raises(ValueError):
            OwnFilesOnly().fetch(refused)


def test_the_same_content_is_rendered_once(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    calls = []

    def produce():
        calls.append(1)
        return b"%PDF-1.7 made"

    first = cache.rendered("test", "<p>甲</p>", ".pdf", produce)
    again = cache.rendered("test", "<p>甲</p>", ".pdf", produce)
    other = cache.rendered("test", "<p>乙</p>", ".pdf", produce)
    assert first == again != other and len(calls) == 2
    assert first.read_bytes() == b"%PDF-1.7 made"
