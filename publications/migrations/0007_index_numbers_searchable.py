"""The portal's search finds an item by its 索引号: versions written before the number existed
get it appended to their search text, as publishing now writes it (publications.outbox)."""

from django.db import migrations


def add_index_numbers(apps, schema_editor):
    CatalogueEntry = apps.get_model("publications", "CatalogueEntry")
    Version = apps.get_model("publications", "Version")
    numbered = CatalogueEntry.objects.exclude(index_number=None).exclude(publication=None)
    for publication_id, number in numbered.values_list("publication_id", "index_number"):
        for version in Version.objects.filter(publication_id=publication_id).exclude(
            search_text__contains=number
        ):
            version.search_text = f"{version.search_text}\n{number}"
            version.save(update_fields=["search_text"])


class Migration(migrations.Migration):
    dependencies = [("publications", "0006_number_published_items")]

    operations = [migrations.RunPython(add_index_numbers, migrations.RunPython.noop)]
