"""建议提案办理统计: the replies column's yearly figures, at /replies/statistics/.

Aggregates only, from `reports.public.yearly_summary`: how many suggestions and proposals
were received each year, how many replies were given and on time, how the proposers judged
them and how many replies were published. No item, name, unit or personal datum is shown.

The figures come from the working records, not from publications, so the validators are
made from the figures themselves (and the day: the current year's row is "as of today").

Computing them reads every share of every year (about half a second at 15,000 items a year),
too much to do for every anonymous visitor. They are kept in the cache for the state of the
records (how many of each and their newest time stamps: a few index-sized reads) and five
minutes at most, which bounds what an edit that leaves those alone (an item's kind, an
extended deadline) could leave stale.
"""

import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.core.cache import cache
from django.db.models import Count, Max
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from proposals.models import Assignment, Disclosure, Feedback, Proposal
from reports.figures import figure_text, on_time_rate, pleased_rate
from reports.public import PUBLIC_KEYS, yearly_summary
from web.portal.conditional import State, conditional

KEPT_SECONDS = 300


def digest(value):
    return hashlib.sha256(json.dumps(value, default=str).encode()).hexdigest()


def records():
    """How many records of each kind the figures are made of, and when each last changed."""
    return [
        Proposal.objects.aggregate(n=Count("pk"), at=Max("created_at")),
        Assignment.objects.aggregate(n=Count("pk"), at=Max("assigned_at"), r=Max("replied_at")),
        Feedback.objects.aggregate(n=Count("pk"), at=Max("at")),
        Disclosure.objects.aggregate(n=Count("pk"), at=Max("decided_at")),
    ]


def figures(request):
    """The state of the figures: their digest, and the last moment a record behind them
    changed. The figures are kept on the request for the view."""
    today, state = timezone.localdate(), records()
    summary = cache.get_or_set(
        # the keys are part of the name: a summary kept by a version with other figures is
        # never read by this one
        f"public-statistics:{digest([today, state, PUBLIC_KEYS])}",
        lambda: yearly_summary(today),
        KEPT_SECONDS,
    )
    request.statistics = (today, summary)
    moments = [moment for kind in state for name, moment in kind.items() if name != "n"]
    return State(digest(request.statistics), max(filter(None, moments), default=None))


@login_not_required
@require_safe
@conditional(figures)
def statistics(request):
    today, summary = request.statistics
    years = []
    for year, counts in summary:
        years.append(
            {
                "year": year,
                "counts": {key.replace(".", "_"): value for key, value in counts.items()},
                "pleased": figure_text(pleased_rate(counts), "percent"),
                "on_time": figure_text(on_time_rate(counts), "percent"),
                "current": year == today.year,
            }
        )
    return render(request, "portal/statistics.html", {"years": years, "today": today})
