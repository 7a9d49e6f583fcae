"""Each feedback given so far is for its letter's own item (a migration of its own: on
PostgreSQL, changed rows and a changed table do not mix in one transaction)."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def own_item(apps, schema_editor):
    Feedback = apps.get_model("proposals", "Feedback")
    ReplyLetter = apps.get_model("proposals", "ReplyLetter")
    item = ReplyLetter.objects.filter(pk=OuterRef("letter_id")).values("assignment__proposal_id")
    Feedback.objects.filter(proposal__isnull=True).update(proposal_id=Subquery(item[:1]))


class Migration(migrations.Migration):
    dependencies = [("proposals", "0010_merging_and_reply_templates")]

    operations = [migrations.RunPython(own_item, migrations.RunPython.noop)]
