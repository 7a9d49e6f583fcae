"""The portal's column of yearly figures (/replies/statistics/): aggregates only, no item,
unit or person, for every year some suggestion or proposal was received in."""

from django.utils import timezone

from proposals.models import Proposal
from reports.figures import count_figures, figures
from reports.inputs import FIRST_YEAR
from reports.sources import Scope

PUBLIC_KEYS = [
    "proposals.received",
    "proposals.npc",
    "proposals.cppcc",
    "shares.all",
    "shares.due",
    "shares.replied",
    "shares.on_time",
    "shares.overdue",
    "shares.satisfied",
    "shares.basically",
    "shares.dissatisfied",
    "shares.disclosed_full",
    "shares.disclosed_partial",
]


def years_with_proposals(today=None):
    """The years some item was received in, newest first."""
    from django.db.models.functions import ExtractYear

    last = (today or timezone.localdate()).year
    submitted = Proposal.objects.filter(submitted_on__isnull=False).annotate(
        year=ExtractYear("submitted_on")
    )
    registered = Proposal.objects.filter(submitted_on__isnull=True).annotate(
        year=ExtractYear("created_at")
    )
    years = set(submitted.values_list("year", flat=True).distinct()) | set(
        registered.values_list("year", flat=True).distinct()
    )
    return sorted((y for y in years if FIRST_YEAR <= y <= last), reverse=True)


def yearly_summary(today=None):
    """[(year, {key: count})] of aggregate figures only: what the public column may show."""
    today = today or timezone.localdate()
    result = []
    for year in years_with_proposals(today):
        scope = Scope(year, today=today)
        found = figures(scope)
        result.append((year, count_figures(scope, [found[key] for key in PUBLIC_KEYS])))
    return result
