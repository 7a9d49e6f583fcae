"""Result classes, handling deadlines and a reply letter's default copy-to offices, with the
national defaults (domain.md); cities change them in the admin.

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


# 抄送 of a new reply letter besides the co-units, per kind, in 规范化简称: the standing
# committee's 代表工作委员会 follows deputies' suggestions up (the office the national and
# provincial standing committees set up for deputies' work, replacing the liaison offices of
# the 选举任免联络工作委员会 that many cities still have: a city that has not renamed it edits
# the row), the CPPCC's 提案委员会 follows proposals up, and the government office assigned
# both.
COPY_TO = {
    "npc": "市人大常委会代表工作委员会、市政府办公室",
    "cppcc": "市政协提案委员会、市政府办公室",
}


def ensure_defaults(sender=None, **kwargs):
    from proposals.models import HandlingDeadline, Kind, ReplyDefault, ResultClass

    for rank, (code, label, active) in enumerate(RESULT_CLASSES):
        ResultClass.objects.get_or_create(
            code=code, defaults={"label": label, "is_active": active, "rank": rank}
        )
    for kind in Kind.values:
        HandlingDeadline.objects.get_or_create(kind=kind, defaults={"months": 3, "max_months": 6})
        ReplyDefault.objects.get_or_create(kind=kind, defaults={"copy_to": COPY_TO[kind]})
