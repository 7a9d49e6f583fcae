"""并案 (Proposal.merged_into), one feedback per item a letter answers (Feedback.proposal,
filled in 0011) and the units' reply templates."""

import django.db.models.deletion
from django.db import migrations, models

import base.validation


class Migration(migrations.Migration):
    dependencies = [
        ("organisation", "0001_initial"),
        ("proposals", "0009_alter_letterreview_options_and_more"),
    ]

    operations = [
        migrations.AddField(
            model_name="proposal",
            name="merged_into",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="joined",
                to="proposals.proposal",
                verbose_name="并入",
            ),
        ),
        migrations.AlterField(
            model_name="feedback",
            name="letter",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="feedbacks",
                related_query_name="feedback",
                to="proposals.replyletter",
            ),
        ),
        migrations.AddField(
            model_name="feedback",
            name="proposal",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="proposals.proposal",
                verbose_name="建议提案",
            ),
        ),
        migrations.CreateModel(
            name="ReplyTemplate",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "name",
                    models.CharField(
                        max_length=60,
                        validators=[base.validation.no_markup],
                        verbose_name="模板名称",
                    ),
                ),
                (
                    "text",
                    models.TextField(
                        validators=[base.validation.no_markup], verbose_name="模板正文"
                    ),
                ),
                ("updated_at", models.DateTimeField(auto_now=True, verbose_name="修改时间")),
                (
                    "unit",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="reply_templates",
                        to="organisation.unit",
                        verbose_name="单位",
                    ),
                ),
            ],
            options={
                "verbose_name": "答复模板",
                "verbose_name_plural": "答复模板",
                "ordering": ["unit", "name"],
                "constraints": [
                    models.UniqueConstraint(
                        fields=("unit", "name"),
                        name="reply_template_name_unique_per_unit",
                        violation_error_message="本单位已有同名的答复模板。",
                    )
                ],
            },
        ),
    ]
