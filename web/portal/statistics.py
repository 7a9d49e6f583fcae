"""建议提案办理统计: the replies column's yearly figures, at /replies/statistics/.

Aggregates only, from `reports.statistics.yearly_summary`: how many suggestions and proposals
were received each year, how many replies were given and on time, how the proposers judged
them and how many replies were published. No item, name, unit or personal datum is shown.

The figures come from the working records, not from publications, so the validators are
made from the figures themselves (and the day: the current year's row is "as of today").
"""

import hashlib
import json

from django.contrib.auth.decorators import login_not_required
from django.db.models import Max
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from proposals.models import Assignment, Disclosure, Feedback, Proposal
from reports.statistics import ratio, yearly_summary
from web.portal.conditional import State, conditional


def figures(request):
    """The state of the figures: their digest, and the last moment a record behind them
    changed. The figures are kept on the request for the view."""
    today = timezone.localdate()
    request.statistics = (today, yearly_summary(today))
    digest = hashlib.sha256(json.dumps(request.statistics, default=str).encode()).hexdigest()
    moments = [
        Proposal.objects.aggregate(at=Max("created_at"))["at"],
        Assignment.objects.aggregate(at=Max("assigned_at"))["at"],
        Assignment.objects.aggregate(at=Max("replied_at"))["at"],
        Feedback.objects.aggregate(at=Max("at"))["at"],
        Disclosure.objects.aggregate(at=Max("decided_at"))["at"],
    ]
    return State(digest, max((m for m in moments if m), default=None))


@login_not_required
@require_safe
@conditional(figures)
def statistics(request):
    today, summary = request.statistics
    years = []
    for year, counts in summary:
        feedback = counts["shares.satisfied"] + counts["shares.basically"]
        judged = feedback + counts["shares.dissatisfied"]
        years.append(
            {
                "year": year,
                "counts": {key.replace(".", "_"): value for key, value in counts.items()},
                "pleased": percent(ratio(feedback, judged)),
                "on_time": percent(ratio(counts["shares.on_time"], counts["shares.replied"])),
                "current": year == today.year,
            }
        )
    return render(request, "portal/statistics.html", {"years": years, "today": today})


def percent(value):
    return "—" if value is None else f"{value * 100:.1f}%"
