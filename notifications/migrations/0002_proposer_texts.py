from django.db import migrations


def store(apps, schema_editor):
    from notifications.texts import DEFAULTS

    ProposerText = apps.get_model("notifications", "ProposerText")
    for kind, words in DEFAULTS.items():
        ProposerText.objects.get_or_create(kind=kind, defaults=words)


class Migration(migrations.Migration):
    dependencies = [("notifications", "0001_outbox")]

    operations = [migrations.RunPython(store, migrations.RunPython.noop)]
