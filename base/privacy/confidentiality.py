"""保密审查: the four questions asked before anything is disclosed, and what the answers allow.

    涉密 (state secrets)   yes → only "none" (不公开)
    商业秘密, 个人隐私,
    过程性信息              yes → not "full" unless a written basis says why all of it may
                                  go out (the third party agreed, the public interest, …);
                                  "partial" releases only the parts that may

Both domains call `checklist_problems` with their own outcome: a reply's disclosure decision
(full / partial / none), a policy package's disclosure attribute and redaction.
"""

from dataclasses import asdict, dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.privacy.models import Outcome
from base.text import enumerate_items

QUESTIONS = (
    ("state_secret", gettext_lazy("涉及国家秘密（涉密）")),
    ("trade_secret", gettext_lazy("涉及商业秘密")),
    ("personal_privacy", gettext_lazy("涉及个人隐私")),
    ("process_info", gettext_lazy("属于过程性信息")),
)
FIELDS = tuple(name for name, _label in QUESTIONS)


@dataclass(frozen=True)
class Checklist:
    """The answers: True (是), False (否) or None (not answered)."""

    state_secret: bool | None = None
    trade_secret: bool | None = None
    personal_privacy: bool | None = None
    process_info: bool | None = None

    @classmethod
    def from_data(cls, data):
        return cls(**{name: data.get(name) for name in FIELDS})

    def as_fields(self):
        return asdict(self)

    @property
    def unanswered(self):
        return [label for name, label in QUESTIONS if getattr(self, name) is None]

    @property
    def sensitive(self):
        """The answers other than 涉密 that were yes."""
        return [label for name, label in QUESTIONS[1:] if getattr(self, name)]


def checklist_problems(checklist, outcome, note=""):
    """What keeps `outcome` (Outcome.FULL / PARTIAL / NONE) from being decided with these
    answers, in words the reviewer can act on."""
    if checklist is None:
        checklist = Checklist()
    unanswered = checklist.unanswered
    if unanswered:
        return [
            _("请逐项回答保密审查（是/否）：%(items)s。") % {"items": enumerate_items(unanswered)}
        ]
    if checklist.state_secret and outcome != Outcome.NONE:
        return [_("涉及国家秘密的，一律不予公开。")]
    sensitive = checklist.sensitive
    if sensitive and outcome == Outcome.FULL and not (note or "").strip():
        return [
            _(
                "已答“%(items)s”为“是”：请改为部分公开（只公开可以公开的部分），"
                "或在“保密审查说明”中写明全文公开的依据（如权利人同意公开、涉及公共利益）。"
            )
            % {"items": enumerate_items(sensitive)}
        ]
    return []


def record_check(obj, person, checklist, outcome, note=""):
    """Keeps the answers with `obj`, the record of the decision they were given with."""
    from django.contrib.contenttypes.models import ContentType

    from base.privacy.models import ConfidentialityCheck

    return ConfidentialityCheck.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=str(obj.pk),
        outcome=outcome,
        note=(note or "").strip(),
        checked_by=person,
        **checklist.as_fields(),
    )
