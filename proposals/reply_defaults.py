"""What a new reply letter starts with, from the city's defaults (ReplyDefault, edited in the
admin) and the item: the copy-to line, and the 公开属性 line from the disclosure decision.

抄送 goes to the body that followed the item up for its proposers (for a deputy's suggestion
the standing committee's 代表工作委员会, for a member's proposal the CPPCC 提案委员会), to the
government office that assigned it (市政府办公室), and to the co-units that took part
(GB/T 9704 §7.4.2: the organs that should know the letter's content).
"""

import re

from proposals.models import AssignmentRole, DisclosureDecision, ReplyDefault

# 公开属性 as the decision on the reply's disclosure says it: released in full is published
# of the office's own motion (主动公开), released in part is published cut (删减后公开)
DISCLOSURE_ATTRIBUTE = {
    DisclosureDecision.FULL: "主动公开",
    DisclosureDecision.PARTIAL: "删减后公开",
    DisclosureDecision.NONE: "不予公开",
}


def names(text):
    """The names of a copy-to text, in order, each once (、，,;； or new lines between)."""
    found = [name.strip() for name in re.split(r"[、，,;；\n]+", text.strip("。. \n"))]
    return list(dict.fromkeys(name for name in found if name))


def copy_to(assignment):
    """The kind's offices, then the item's co-units; never the replying unit itself."""
    proposal = assignment.proposal
    default = ReplyDefault.objects.filter(kind=proposal.kind).first()
    offices = names(default.copy_to) if default else []
    co_units = proposal.assignments.live().filter(role=AssignmentRole.CO).select_related("unit")
    own = {assignment.unit.name, assignment.unit.short_name}
    # a co-unit by its 规范化简称 where it has one, as the offices are named
    listed = [*offices, *(share.unit.short_name or share.unit.name for share in co_units)]
    return "、".join(name for name in dict.fromkeys(listed) if name not in own)


def disclosure_attribute(letter):
    """主动公开 / 删减后公开 / 不予公开; empty before the decision is taken."""
    disclosure = getattr(letter, "disclosure", None)
    return DISCLOSURE_ATTRIBUTE.get(disclosure.decision, "") if disclosure else ""
