"""The review panel's list of texts without findings reads in the page's language: English
separates the names with commas, not 、 and ："""

import re
from types import SimpleNamespace

from django.template.loader import render_to_string
from django.utils import translation


def panel(language, **counts):
    texts = [
        SimpleNamespace(label="Document · Summary"),
        SimpleNamespace(label="Document · Full text"),
    ]
    privacy = SimpleNamespace(without_items=texts, items=[], **counts)
    with translation.override(language):
        return render_to_string("privacy/panel.html", {"privacy": privacy})


def test_english_lists_the_texts_with_commas():
    html = panel("en")
    assert "Document · Summary, Document · Full text" in html
    assert "、" not in html


def test_chinese_keeps_its_own_marks():
    assert "：Document · Summary、Document · Full text" in panel("zh-hans")


def test_the_english_count_of_findings_uses_an_english_comma():
    html = panel("en", item_count=4, open_high_count=4)
    text = " ".join(re.sub(r"<[^>]+>", "", html).split())
    assert "Detected or marked: 4, including 4 high-confidence" in text
    assert "，" not in html
