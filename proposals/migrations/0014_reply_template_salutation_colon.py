"""{主送} in a reply template used to end with its colon (陈志强代表：), so a template written
`{主送}：` gave "陈志强代表：：". It is now the names alone, as a letter writes `主送：`; a stored
template whose {主送} is not followed by a colon gets one, so that it fills as it did."""

import re

from django.db import migrations

BARE = re.compile(r"\{主送\}(?![：:])")


def add_colon(apps, schema_editor):
    ReplyTemplate = apps.get_model("proposals", "ReplyTemplate")
    for template in ReplyTemplate.objects.filter(text__contains="{主送}"):
        text = BARE.sub("{主送}：", template.text)
        if text != template.text:
            ReplyTemplate.objects.filter(pk=template.pk).update(text=text)


def drop_colon(apps, schema_editor):
    ReplyTemplate = apps.get_model("proposals", "ReplyTemplate")
    for template in ReplyTemplate.objects.filter(text__contains="{主送}"):
        text = re.sub(r"\{主送\}[：:]", "{主送}", template.text)
        if text != template.text:
            ReplyTemplate.objects.filter(pk=template.pk).update(text=text)


class Migration(migrations.Migration):
    dependencies = [("proposals", "0013_proposer_email")]

    operations = [migrations.RunPython(add_colon, drop_colon)]
