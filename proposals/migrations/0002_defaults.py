"""Formerly seeded the result classes and deadlines; proposals.defaults now ensures them
after every migrate, so that a flushed database gets them back too."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("proposals", "0001_initial")]
    operations = []
