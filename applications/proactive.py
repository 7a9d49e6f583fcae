"""Into 主动公开: information applied for three times or more is listed for the government
office to decide whether to publish it actively (条例第四十四条: 多个申请人就相同政府信息向同
一行政机关提出公开申请，且该政府信息属于可以公开的，行政机关可以纳入主动公开的范围).

What is "the same information" is the `subject` the handling clerk gives an application
(Application.subject), compared after normalising the way people type: full-width and
half-width forms alike, spaces and a closing full stop ignored, Latin letters in any case.
The office decides once per subject and organ (`ProactiveDecision`); a new decision replaces
the last and both are in the audit trail.
"""

import re
import unicodedata
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from applications.models import Application, ProactiveDecision
from base import audit
from base.organisation.models import UnitKind
from base.organisation.roles import Role

THRESHOLD = 3  # applications for the same information (the issue: "three times or more")
RECEIPTS_SHOWN = 12  # a subject asked for 500 times lists its first twelve and counts the rest
AUDIT_ACTION = "applications.proactive_decided"
SPACES = re.compile(r"\s+")


def normalised(subject):
    """The subject as compared: "２０２６年 低保资金。" and "2026年低保资金" are one."""
    text = unicodedata.normalize("NFKC", subject or "")
    return SPACES.sub("", text).rstrip("。.；;，,").casefold()


@dataclass
class Candidate:
    subject: str  # as first typed, to show
    key: str  # normalised, what a decision is kept under
    receipts: list = field(default_factory=list)
    proposed: bool = False  # an answer proposed it for active publication
    decision: ProactiveDecision | None = None

    @property
    def count(self):
        return len(self.receipts)

    @property
    def first_receipts(self):
        """The receipt numbers a page lists: the first few, the rest counted."""
        return self.receipts[:RECEIPTS_SHOWN]

    @property
    def more(self):
        return max(0, self.count - RECEIPTS_SHOWN)


@dataclass
class Typed:
    """The applications of one subject however typed: how many, how many proposed."""

    count: int = 0
    proposed: int = 0
    typings: list = field(default_factory=list)


def candidates(organ, since=None):
    """[Candidate] of the subjects applied for THRESHOLD times or more to `organ` (received
    on or after `since`), most applied for first, each with its receipt numbers, whether an
    answer proposed active publication, and the office's decision if it made one.

    Counted per subject as typed in the database, then the typings of one subject added up
    here: a year of 20,000 applications is a few thousand subjects, not 20,000 rows."""
    rows = Application.objects.filter(organ=organ, received_on__isnull=False).exclude(subject="")
    if since:
        rows = rows.filter(received_on__gte=since)
    typed = rows.values("subject").annotate(
        n=Count("pk"), proposed=Count("pk", filter=Q(propose_active=True))
    )
    groups = {}  # normalised subject: Typed
    for row in typed.order_by():
        group = groups.setdefault(normalised(row["subject"]), Typed())
        group.count += row["n"]
        group.proposed += row["proposed"]
        group.typings.append(row["subject"])
    chosen = [t for group in groups.values() if group.count >= THRESHOLD for t in group.typings]
    found = {}
    receipts = rows.filter(subject__in=chosen).order_by("received_on", "pk")
    for subject, receipt in receipts.values_list("subject", "receipt_number"):
        key = normalised(subject)
        proposed = groups[key].proposed > 0
        one = found.setdefault(key, Candidate(subject.strip(), key, proposed=proposed))
        one.receipts.append(receipt)
    listed = list(found.values())
    decisions = ProactiveDecision.objects.filter(
        organ=organ, subject__in=[one.key for one in listed]
    ).select_related("decided_by")
    by_key = {decision.subject: decision for decision in decisions}
    for one in listed:
        one.decision = by_key.get(one.key)
    return sorted(listed, key=lambda one: (-one.count, one.key))


def decide(person, organ, subject, publish, reason):
    """Records the office's decision on a subject (normalised here) and audits it."""
    key = normalised(subject)
    with transaction.atomic():
        before = (
            ProactiveDecision.objects.select_for_update()
            .filter(organ=organ, subject=key)
            .values("publish", "reason", "decided_by__username")
            .first()
        )
        decision, _created = ProactiveDecision.objects.update_or_create(
            organ=organ,
            subject=key,
            defaults={
                "publish": publish,
                "reason": reason,
                "decided_by": person,
                "decided_at": timezone.now(),
            },
        )
        audit.record(
            person,
            AUDIT_ACTION,
            decision,
            organ=organ.name,
            subject=key,
            before=before or {},
            after={"publish": publish, "reason": reason},
        )
    return decision


def may_decide(person):
    """The government office's openness reviewers (公开审查员) put the candidates to the
    office and record its decision: they review what every unit publishes."""
    return bool(
        person.is_authenticated
        and person.is_active
        and person.unit_id is not None
        and person.unit.kind == UnitKind.GOVERNMENT_OFFICE
        and person.has_role(Role.OPENNESS_REVIEWER)
    )
