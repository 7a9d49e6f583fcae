"""Writes a package's infographic (图文解读) to a folder: the A4 PDF, a PNG of each page, the
long image and the share card.

    python manage.py render_infographic "湛府办〔2018〕22号" --out /tmp/infographic
    python manage.py render_infographic 12 --out /tmp/infographic     # by the document's id
"""

import logging
import shutil
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interpretation import infographic
from interpretation.models import PolicyDocument


class Command(BaseCommand):
    help = "Writes a policy document's infographic: PDF, page PNGs, long image, share card."

    def add_arguments(self, parser):
        parser.add_argument("document", help="发文字号 (document number) or the document's id")
        parser.add_argument("--out", required=True, type=Path, help="folder to write into")

    def handle(self, *args, document, out, **options):
        found = find(document)
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # "Step 1 - …"
        out.mkdir(parents=True, exist_ok=True)
        outputs = infographic.all_outputs(found)
        stem = f"infographic-{found.pk}"
        written = [copy(outputs["pdf"], out / f"{stem}.pdf")]
        for number, page in enumerate(outputs["pages"], start=1):
            written.append(copy(page, out / f"{stem}-page-{number}.png"))
        written.append(copy(outputs["long"], out / f"{stem}-long.png"))
        written.append(copy(outputs["card"], out / f"{stem}-card.png"))
        self.stdout.write(f"《{found.title}》（{found.number}）的图文解读：")
        for path in written:
            self.stdout.write(f"  {path}")


def find(key):
    """The document by its number, or by its id when the key is digits and no number matches."""
    key = key.strip()
    matches = list(PolicyDocument.objects.filter(number=key).select_related("interpretation"))
    if not matches and key.isdigit():
        matches = list(PolicyDocument.objects.filter(pk=int(key)))
    if not matches:
        raise CommandError(f"找不到发文字号或编号为“{key}”的政策文件。")
    if len(matches) > 1:
        ids = "、".join(str(document.pk) for document in matches)
        raise CommandError(f"发文字号“{key}”对应多个政策文件（编号 {ids}），请改用编号。")
    document = matches[0]
    if not hasattr(document, "interpretation"):
        raise CommandError(f"政策文件“{key}”还没有解读材料，无法生成图文解读。")
    return document


def copy(source, target):
    shutil.copyfile(source, target)
    return target
