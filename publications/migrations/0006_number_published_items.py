"""Items published before the catalogue existed get their 索引号 now, in the order they were
first published, by the rule and codes configured when the migration runs (the same rule as
publications.catalogue, written out here so that a later change there cannot change what this
migration did). Their 主题分类 is left to the default rule until someone files them."""

import re

from django.conf import settings
from django.db import migrations
from django.db.models import Min
from django.utils import timezone


def number_published_items(apps, schema_editor):
    Publication = apps.get_model("publications", "Publication")
    CatalogueEntry = apps.get_model("publications", "CatalogueEntry")
    IndexSerial = apps.get_model("publications", "IndexSerial")
    Unit = apps.get_model("organisation", "Unit")
    rule = settings.CATALOGUE_INDEX_RULE
    office = (
        Unit.objects.filter(kind="government_office", parent_unit=None)
        .exclude(code="")
        .order_by("rank", "pk")
        .values_list("code", flat=True)
        .first()
    )
    fallback = settings.CATALOGUE_FALLBACK_CODE or office or "0" * 18
    taken = set(
        CatalogueEntry.objects.exclude(index_number=None).values_list("index_number", flat=True)
    )
    published = (
        Publication.objects.annotate(first=Min("versions__published_at"))
        .exclude(first=None)
        .select_related("unit")
        .order_by("first", "pk")
    )
    for publication in published:
        entry, _created = CatalogueEntry.objects.get_or_create(
            kind=publication.kind, source_id=publication.source_id
        )
        entry.publication = publication
        if not entry.index_number:
            code = (publication.unit.code or "").strip().upper() or fallback
            year = timezone.localtime(publication.first).year
            scope = re.sub(r"\{serial[^}]*\}", "#", rule).format(code=code, year=year)
            counter, _created = IndexSerial.objects.get_or_create(scope=scope)
            while True:
                counter.last += 1
                number = rule.format(code=code, year=year, serial=counter.last)
                if number not in taken:
                    break
            counter.save()
            taken.add(number)
            entry.index_number, entry.numbered_at = number, publication.first
        entry.save()


class Migration(migrations.Migration):
    dependencies = [
        ("publications", "0005_catalogue"),
        ("organisation", "0003_unit_official_names"),
    ]

    operations = [migrations.RunPython(number_published_items, migrations.RunPython.noop)]
