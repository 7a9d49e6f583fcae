"""Tables 三 and 四 of the annual report on government information disclosure, counted from
the applications themselves (国办公开办函〔2021〕30号's format), for one organ and year:

- 一、本年新收: received in the year; 二、上年结转: received before it and not answered when
  it began; 三、办理结果: answered in the year, each in its one category; 四、结转下年度:
  received by the year's end and not answered by then. So in every column
  一 + 二 = 三（七）总计 + 四, the table's own check (勾稽关系), holds by construction.
- Table 四: reconsiderations and lawsuits filed in the year, by their result at the year's
  end (one not decided by then is 尚未审结).

The cells come in the shape the office's typed table has (reports/office_parts.py), so the
report prints either the same way.
"""

from collections import Counter
from datetime import date, timedelta

from django.db.models import Count, Q

from applications.categories import APPLICANT_KINDS, result_lines
from applications.models import Application, Remedy

NEW, CARRIED, CARRIED_OVER = "new", "carried", "carried_over"


def requests_table(organ, year):
    """{"cells": {line: [a count per applicant kind]}} for table 三."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    mine = Application.objects.filter(organ=organ, received_on__isnull=False)
    counts = {line: Counter() for line in [NEW, CARRIED, CARRIED_OVER]}
    counts.update({code: Counter() for code, _label in result_lines()})
    # one pass over what the year saw: everything received by its end and open at its start
    seen = mine.filter(received_on__lte=last).filter(open_after(first - timedelta(days=1)))
    rows = (
        seen.values("applicant_kind", "category__code")
        .annotate(
            new=Count("pk", filter=Q(received_on__gte=first)),
            carried=Count("pk", filter=Q(received_on__lt=first)),
            carried_over=Count("pk", filter=open_after(last)),
            answered=Count("pk", filter=Q(answered_on__range=(first, last))),
        )
        .order_by()
    )
    for row in rows:
        kind = row["applicant_kind"]
        for line in (NEW, CARRIED, CARRIED_OVER):
            counts[line][kind] += row[line]
        if row["answered"]:
            counts[row["category__code"]][kind] += row["answered"]
    kinds = [kind for kind, _label in APPLICANT_KINDS]
    return {"cells": {line: [found[k] for k in kinds] for line, found in counts.items()}}


def open_after(day):
    """Not answered by the end of `day`."""
    return Q(answered_on__isnull=True) | Q(answered_on__gt=day)


def appeals_table(organ, year):
    """{"cells": {block: [维持, 纠正, 其他, 尚未审结]}} for table 四."""
    last = date(year, 12, 31)
    order = [Remedy.Result.UPHELD, Remedy.Result.CORRECTED, Remedy.Result.OTHER]
    cells = {kind: [0, 0, 0, 0] for kind in Remedy.Kind.values}
    filed = Remedy.objects.filter(application__organ=organ, filed_on__year=year)
    for kind, result, decided_on in filed.values_list("kind", "result", "decided_on"):
        decided = result != Remedy.Result.PENDING and decided_on and decided_on <= last
        cells[kind][order.index(result) if decided else 3] += 1
    return {"cells": cells}
