import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("proposals", "0011_feedback_item")]

    operations = [
        migrations.AlterField(
            model_name="feedback",
            name="proposal",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="+",
                to="proposals.proposal",
                verbose_name="建议提案",
            ),
        ),
        migrations.AddConstraint(
            model_name="feedback",
            constraint=models.UniqueConstraint(
                fields=("letter", "proposal"), name="one_feedback_per_letter_and_item"
            ),
        ),
    ]
