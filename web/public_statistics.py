"""建议提案办理统计: the public column's yearly figures (the lead wires it at /replies/statistics/).

Aggregates only, from `reports.statistics.yearly_summary`: how many suggestions and proposals
were received each year, how many replies were given and on time, how the proposers judged
them and how many replies were published. No item, name, unit or personal datum is shown.
"""

from django.contrib.auth.decorators import login_not_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from reports.statistics import ratio, yearly_summary


@login_not_required
@require_safe
def public_statistics(request):
    today = timezone.localdate()
    years = []
    for year, counts in yearly_summary(today):
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
