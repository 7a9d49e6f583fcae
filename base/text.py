"""Text as people read it: lists as a sentence names them, in the reader's language, and
typed text without what nobody can see."""

import unicodedata

from django.utils.translation import gettext as _


def enumerate_items(items):
    """国庆节、中秋节 in Chinese, "National Day, Mid-Autumn Festival" in English: the 顿号
    is Chinese punctuation and reads as a stray mark in an English sentence."""
    return _("、").join(str(item) for item in items)


def visible(text):
    """The text without invisible characters: format characters (a zero-width space, a BOM,
    a direction mark) and control characters other than line breaks and tabs, which a
    pasted text brings and nobody can see to remove."""
    return "".join(
        char for char in text if char in "\n\r\t" or unicodedata.category(char) not in ("Cf", "Cc")
    )
