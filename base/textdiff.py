"""Character diffs a person can read, for texts without spaces between words.

Chinese is compared character by character, but a character diff is confetti: a rewritten
sentence shares "的", "和", "。" with the old one, and a plain SequenceMatcher shows a dozen
one-character islands of "unchanged" text between deletions and insertions. Here a short
unchanged run between two edits is folded into them (the "semantic cleanup" of Google's
diff-match-patch: an equality no longer than the edits on both sides of it goes), so a
rewritten sentence reads as one deletion and one insertion and a one-word change stays one
word. A long text is compared paragraph by paragraph first; unchanged paragraphs are counted,
not repeated.
"""

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher

SAME, DELETED, INSERTED = "same", "deleted", "inserted"
LABEL = "label"  # names the part of an item that follows (问, 答)
# Above this many characters on both sides a changed paragraph is shown as replaced whole:
# SequenceMatcher without its junk heuristic is quadratic, and nobody reads such a diff.
LONGEST = 5000


@dataclass(frozen=True)
class Piece:
    text: str
    kind: str = SAME


@dataclass(frozen=True)
class Row:
    """One line of a side-by-side comparison: what it was and what it is.

    `unchanged` > 0 marks a fold: that many unchanged paragraphs (or items) not repeated."""

    before: tuple = ()
    after: tuple = ()
    status: str = "changed"  # changed, added, removed, unchanged
    unchanged: int = 0


@dataclass
class _Hunk:
    old: str
    new: str
    equal: bool = field(default=False)

    @property
    def size(self):
        return max(len(self.old), len(self.new))


def char_diff(old, new):
    """(before pieces, after pieces): the old text with its deletions marked, the new one
    with its insertions."""
    hunks = _whole_words(_cleaned(_hunks(old, new)))
    before = tuple(Piece(hunk.old, SAME if hunk.equal else DELETED) for hunk in hunks if hunk.old)
    after = tuple(Piece(hunk.new, SAME if hunk.equal else INSERTED) for hunk in hunks if hunk.new)
    return before, after


def _hunks(old, new):
    if old == new:
        return [_Hunk(old, new, equal=True)]
    if len(old) > LONGEST and len(new) > LONGEST:
        return [_Hunk(old, new)]
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    return [
        _Hunk(old[i1:i2], new[j1:j2], equal=tag == "equal")
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def _cleaned(hunks):
    """Folds each unchanged run no longer than the edits on both sides into those edits,
    until none is left to fold; neighbouring edits become one."""
    changed = True
    while changed:
        changed = False
        hunks = _joined(hunks)
        for index in range(1, len(hunks) - 1):
            left, middle, right = hunks[index - 1 : index + 2]
            if middle.equal and not left.equal and not right.equal:
                if len(middle.old) <= min(left.size, right.size):
                    hunks[index] = _Hunk(middle.old, middle.new)
                    changed = True
                    break
    return hunks


WORD_END, WORD_START = re.compile(r"[A-Za-z0-9]*$"), re.compile(r"^[A-Za-z0-9]*")


def _whole_words(hunks):
    """Widens each edit to whole Latin words and numbers: "24" → "14" reads as a new number,
    not as a changed digit."""
    for index, hunk in enumerate(hunks):
        if hunk.equal:
            continue
        if index > 0 and any(WORD_START.match(text).group() for text in (hunk.old, hunk.new)):
            left = hunks[index - 1].old
            cut = WORD_END.search(left).start()
            hunks[index - 1] = _Hunk(left[:cut], left[:cut], equal=True)
            hunk = hunks[index] = _Hunk(left[cut:] + hunk.old, left[cut:] + hunk.new)
        if index + 1 < len(hunks) and any(WORD_END.search(t).group() for t in (hunk.old, hunk.new)):
            right = hunks[index + 1].old
            cut = WORD_START.match(right).end()
            hunks[index + 1] = _Hunk(right[cut:], right[cut:], equal=True)
            hunks[index] = _Hunk(hunk.old + right[:cut], hunk.new + right[:cut])
    return _joined(hunks)


def _joined(hunks):
    result = []
    for hunk in hunks:
        if not (hunk.old or hunk.new):
            continue
        if result and result[-1].equal == hunk.equal:
            last = result[-1]
            result[-1] = _Hunk(last.old + hunk.old, last.new + hunk.new, hunk.equal)
        else:
            result.append(hunk)
    return result


def whole(old, new):
    """A value replaced whole (a choice, a date): no character of it is compared."""
    before = (Piece(old, DELETED),) if old else ()
    after = (Piece(new, INSERTED),) if new else ()
    return before, after


def text_rows(old, new):
    """The rows comparing two texts paragraph by paragraph: each changed paragraph (or run of
    paragraphs) with its characters compared, unchanged runs folded into a count."""
    old_lines, new_lines = (old or "").splitlines(), (new or "").splitlines()
    matcher = SequenceMatcher(None, old_lines, new_lines, autojunk=False)
    rows = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        olds, news = old_lines[i1:i2], new_lines[j1:j2]
        if tag == "equal":
            count = sum(1 for line in olds if line.strip())
            if count:
                rows.append(Row(status="unchanged", unchanged=count))
        elif tag == "delete":
            rows.append(Row(before=(Piece("\n".join(olds), DELETED),), status="removed"))
        elif tag == "insert":
            rows.append(Row(after=(Piece("\n".join(news), INSERTED),), status="added"))
        elif len(olds) == len(news):
            rows.extend(Row(*char_diff(a, b)) for a, b in zip(olds, news, strict=True))
        else:
            rows.append(Row(*char_diff("\n".join(olds), "\n".join(news))))
    return rows
