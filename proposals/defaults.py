"""Result classes and handling deadlines with the national defaults (domain.md); cities
change them in the admin.

Ensured after every migrate (and after a test database is flushed): missing rows are
created, rows someone has edited are left alone.
"""

from django.utils.translation import gettext_noop

# the names are stored in Chinese and shown translated (ResultClass.__str__)
RESULT_CLASSES = [
    ("A", gettext_noop("已解决或采纳"), True),
    ("B", gettext_noop("正在解决或列入计划"), True),
    ("C", gettext_noop("留作参考"), True),
    # national NPC practice; off by default
    ("D", gettext_noop("因条件限制或其他原因无法解决"), False),
]


def ensure_defaults(sender=None, **kwargs):
    from proposals.models import HandlingDeadline, Kind, ResultClass

    for rank, (code, label, active) in enumerate(RESULT_CLASSES):
        ResultClass.objects.get_or_create(
            code=code, defaults={"label": label, "is_active": active, "rank": rank}
        )
    for kind in Kind.values:
        HandlingDeadline.objects.get_or_create(kind=kind, defaults={"months": 3, "max_months": 6})
