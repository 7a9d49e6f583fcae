"""Redaction (去标识化): what the public reads in place of personal data.

`published_text` is the one door between an internal text and anything public: every
publication builder passes each text through it. Until a reviewer has decided, every
confident finding is masked: the default is to hide, never to leak.
"""

from base.privacy.detector import find_personal_data

# a finding at least this confident is masked unless a reviewer keeps it
CONFIDENT = 0.5


def mask(kind, text):
    """138****8000 for numbers (the first three and last four stay), ××× for words."""
    if kind in ("name", "address"):
        return "×××"
    digits = sum(char.isdigit() or char in "Xx" for char in text)
    if digits >= 8:
        kept_head, kept_tail, seen, out = 3, 4, 0, []
        for char in text:
            if char.isdigit() or char in "Xx":
                seen += 1
                hidden = kept_head < seen <= digits - kept_tail
                out.append("*" if hidden else char)
            else:
                out.append(char)
        return "".join(out)
    return "*" * len(text)


def redact(text, findings):
    out, cursor = [], 0
    for finding in findings:
        out.append(text[cursor : finding.start])
        out.append(mask(finding.kind, finding.text))
        cursor = finding.end
    out.append(text[cursor:])
    return "".join(out)


def published_text(obj, field, text, names=()):
    """`text` (the value of `obj.field`) as it may be published."""
    if not text:
        return text
    findings = [f for f in find_personal_data(text, names=names) if f.confidence >= CONFIDENT]
    return redact(text, findings)
