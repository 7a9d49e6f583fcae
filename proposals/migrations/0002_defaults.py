"""Result classes and handling deadlines with the national defaults (domain.md); cities
change them in the admin."""

from django.db import migrations

RESULT_CLASSES = [
    ("A", "已解决或采纳", True),
    ("B", "正在解决或列入计划", True),
    ("C", "留作参考", True),
    ("D", "因条件限制或其他原因无法解决", False),  # national NPC practice; off by default
]


def add_defaults(apps, schema_editor):
    ResultClass = apps.get_model("proposals", "ResultClass")
    HandlingDeadline = apps.get_model("proposals", "HandlingDeadline")
    for rank, (code, label, active) in enumerate(RESULT_CLASSES):
        ResultClass.objects.get_or_create(
            code=code, defaults={"label": label, "is_active": active, "rank": rank}
        )
    for kind in ("npc", "cppcc"):
        HandlingDeadline.objects.get_or_create(kind=kind, defaults={"months": 3, "max_months": 6})


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]
    operations = [migrations.RunPython(add_defaults, migrations.RunPython.noop)]
