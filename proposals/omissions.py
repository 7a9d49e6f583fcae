"""Where a partly disclosed reply left text out, the public copy says so (此处有删节).

The office writes the released text by deleting from the letter (or rewording a passage).
A reader of the public copy must see that something was removed, and where, rather than
read a cut text as the whole letter: each place where the released text drops a passage of
the letter gets OMITTED. Words replaced by shorter ones (张三 → 张某, a phone number → 电话)
are a rewording, not a removal, and stay unmarked; a passage replaced by much less is marked
after what is left of it. A mark the office typed itself (此处有删节, 略, ……) is not doubled.
"""

import re
from difflib import SequenceMatcher

OMITTED = "（此处有删节）"
# the office's own ways of saying so
MARKED = re.compile(r"删节|删减|从略|（略）|\(略\)|……|\.\.\.")
# fewer characters than this removed is a rewording: a name shortened, a figure rounded
LEAST = 6
PUNCTUATION = re.compile(r"[\s，。、；：！？“”‘’（）《》,.;:!?()\"'—-]")


def _weight(text):
    return len(PUNCTUATION.sub("", text))


def _paragraphs(text):
    return [line.strip() for line in text.replace("\r\n", "\n").split("\n") if line.strip()]


def marked(original, released):
    """`released` with OMITTED wherever it leaves out a passage of `original`: a paragraph of
    its own for dropped paragraphs, inline for a passage dropped within one."""
    if not released.strip():
        return released
    source, kept = _paragraphs(original), _paragraphs(released)
    result = []
    matcher = SequenceMatcher(None, source, kept, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op in ("equal", "insert"):
            result += kept[b0:b1]
        elif op == "delete":
            dropped = "".join(source[a0:a1])
            if _weight(dropped) >= LEAST and not (result and MARKED.search(result[-1])):
                result.append(OMITTED)
        else:  # replace: paragraphs rewritten, cut within, or dropped beside kept ones
            result += _within("\n".join(source[a0:a1]), "\n".join(kept[b0:b1])).split("\n")
    return "\n".join(result)


def _within(original, released):
    """A passage's released text with its removals marked, character by character."""
    out = []
    matcher = SequenceMatcher(None, original, released, autojunk=False)
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        inserted = released[b0:b1]
        removed = _weight(original[a0:a1]) - _weight(inserted)
        out.append(inserted)
        # the office's own mark, in or next to what is left, says it already
        near = released[max(0, b0 - 8) : b1 + 8]
        if op in ("delete", "replace") and removed >= LEAST and not MARKED.search(near):
            out.append(OMITTED)
    return "".join(out)
