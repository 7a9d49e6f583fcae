"""Lists of things as a sentence names them, in the reader's language."""

from django.utils.translation import gettext as _


def enumerate_items(items):
    """国庆节、中秋节 in Chinese, "National Day, Mid-Autumn Festival" in English: the 顿号
    is Chinese punctuation and reads as a stray mark in an English sentence."""
    return _("、").join(str(item) for item in items)
