from django.db import migrations

from base.audit.immutable import install, remove


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_initial")]

    operations = [migrations.RunPython(install, remove)]
