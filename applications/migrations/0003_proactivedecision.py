import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_answer_files"),
        ("organisation", "0003_unit_official_names"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name="ProactiveDecision",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "subject",
                    models.CharField(max_length=200, verbose_name="所申请信息（归类）"),
                ),
                ("publish", models.BooleanField(verbose_name="转为主动公开")),
                ("reason", models.TextField(verbose_name="理由")),
                ("decided_at", models.DateTimeField(verbose_name="决定时间")),
                (
                    "decided_by",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to=settings.AUTH_USER_MODEL,
                        verbose_name="决定人",
                    ),
                ),
                (
                    "organ",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="organisation.unit",
                        verbose_name="机关",
                    ),
                ),
            ],
            options={
                "verbose_name": "转为主动公开的决定",
                "verbose_name_plural": "转为主动公开的决定",
                "constraints": [
                    models.UniqueConstraint(
                        fields=("organ", "subject"), name="one_proactive_decision_a_subject"
                    )
                ],
            },
        ),
    ]
