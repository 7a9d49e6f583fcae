"""The year's figures kept per state of the records they are made of.

Computing a year's statistics reads every share of the year, which grows with the year: at
15,000 items the staff page took over half a second. What they show only changes when a
record behind them changes, so they are kept in the cache every process shares
(settings.CACHES["shared"]) under a key made of everything they depend on:

- the scope (year, unit), the language (labels and titles are translated) and the day
  ("overdue" and "due" move with it);
- `records()`: how many rows each table behind the figures holds and their newest time
  stamps, which moves with every new proposal, share, reply, feedback, decision, extension,
  document, flow task or confirmed count, also when written in bulk or by another process;
- `generation()`: a token renewed after every saved or deleted row of those tables, for the
  edits that move neither a count nor a time stamp (an item's kind, a renamed result class,
  a unit's name, a cancelled task, a changed deadline).

Any change gives a new key, so a figure is never shown stale; an unchanged year is read from
the cache.
"""

import hashlib
import json
import uuid
from functools import cache
from pathlib import Path

from django.apps import apps
from django.core.cache import caches
from django.db import transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.utils.translation import get_language

KEPT_SECONDS = 24 * 3600  # the day is part of the key: nothing is read after it
GENERATION = "statistics:generation"

# (model, time stamps): the tables the figures read, with the moments a row gets or changes
RECORDS = [
    ("proposals.Proposal", ["created_at", "submitted_on"]),
    ("proposals.Assignment", ["assigned_at", "signed_at", "replied_at", "overdue_since"]),
    ("proposals.ReplyLetter", ["sent_at"]),
    ("proposals.Feedback", ["at"]),
    ("proposals.Disclosure", ["decided_at"]),
    ("proposals.Extension", ["approved_at"]),
    ("proposals.ResultClass", []),
    ("proposals.HandlingDeadline", []),
    ("interpretation.PolicyDocument", ["updated_at", "approved_at"]),
    ("interpretation.Interpretation", ["approved_at"]),
    # the flows' tables are the largest (nine tasks an item) and their rows change only by
    # `save()`, which renews the token: the newest id is an index lookup, a scan of their
    # time stamps took as long as the rest together
    ("viewflow.Process", ["id"]),
    ("viewflow.Task", ["id"]),
    ("reports.AnnualReportPart", ["updated_at"]),
    ("organisation.Unit", []),
    # holidays and adjusted working days: the steps' working days and the due dates
    ("workdays.CalendarYear", []),
    ("workdays.CalendarDay", []),
]
# also renewing the generation, though no count reads them alone
WATCHED = [label for label, _ in RECORDS] + ["proposals.Opinion"]


def shared():
    return caches["shared"]


@cache
def release():
    """A digest of the reports' code: a kept figure of another release is never read (its
    objects may not even load)."""
    digest = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def records():
    """[count, newest time stamps…] of each table behind the figures: one aggregate each."""
    found = []
    for label, stamps in RECORDS:
        model = apps.get_model(label)
        found.append(
            model._default_manager.aggregate(
                n=Count("pk"), **{stamp: Max(stamp) for stamp in stamps}
            )
        )
    return found


def generation():
    """The token of the last saved or deleted record (see `renew`); inside a transaction that
    changed some, a token of its own, since the others do not see its rows yet."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and pending(connection):
        return connection.statistics_generation
    token = shared().get(GENERATION)
    if token is None:
        token = uuid.uuid4().hex
        # another process may have set one meanwhile: read back the one that stays
        shared().add(GENERATION, token, None)
        token = shared().get(GENERATION, token)
    return token


def renew():
    shared().set(GENERATION, uuid.uuid4().hex, None)


def pending(connection):
    return any(func is renew for _, func, _ in connection.run_on_commit)


def changed(sender, **kwargs):
    """A record behind the figures was saved or deleted. Outside a transaction the token is
    renewed now; inside one at its commit (renewed earlier, another process could keep
    figures of the old rows under the new token), and until then the transaction's own
    reads use a token nobody else does."""
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        renew()
        return
    connection.statistics_generation = uuid.uuid4().hex
    if not pending(connection):
        transaction.on_commit(renew)


def watch():
    """Connects `changed` to the tables behind the figures (ReportsConfig.ready): in every
    process, the web app's and the pipeline's workers alike."""
    for label in WATCHED:
        model = apps.get_model(label)
        post_save.connect(changed, sender=model, dispatch_uid=f"statistics:{label}:save")
        post_delete.connect(changed, sender=model, dispatch_uid=f"statistics:{label}:delete")


def key(name, scope, *parts):
    state = [
        name,
        scope.year,
        scope.unit.pk if scope.unit else None,
        scope.today,
        get_language() or "",
        release(),
        generation(),
        records(),
        parts,
    ]
    digest = hashlib.sha256(json.dumps(state, default=str).encode()).hexdigest()
    return f"statistics:{name}:{digest}"


def kept(name, scope, make, *parts):
    """`make()`'s value for the scope's current state: from the cache when nothing behind it
    changed, else computed and kept."""
    found_key = key(name, scope, *parts)
    found = shared().get(found_key)
    if found is None:
        found = make()
        shared().set(found_key, found, KEPT_SECONDS)
    return found
