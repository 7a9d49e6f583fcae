"""`python manage.py export_site [--root DIR]`: rebuilds the whole static export of the portal
by hand, as the nightly `rebuild-export` pipeline does (web/portal/export.py). Deliveries go
on updating the live tree while it crawls; what they changed meanwhile is taken in before the
new tree is switched in."""

from django.core.management.base import BaseCommand, CommandError

from publications import targets
from web.portal.export import ExportError, StaticExport


def configured_export():
    """The static export target of settings.PUBLICATION_TARGETS, if there is one."""
    return next((t for t in targets.configured().values() if isinstance(t, StaticExport)), None)


class Command(BaseCommand):
    help = (
        "Rebuilds the static export of the public portal: a new tree under ROOT/releases/, "
        "then ROOT/current is switched to it in one step."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--root",
            help="the export's directory (default: ROOT of the export in PUBLICATION_TARGETS)",
        )
        parser.add_argument("--max-pages", type=int, help="stop with an error past this many")

    def handle(self, root=None, max_pages=None, verbosity=1, **options):
        target = configured_export()
        if root is None and target is None:
            raise CommandError(
                "No static export is configured (STATIC_EXPORT_ROOT): name a directory "
                "with --root DIR."
            )
        config = {**(target.options if target else {})}
        if target:
            config.update(
                ROOT=target.root,
                MAX_PAGES=target.max_pages,
                KEEP=target.keep,
                BASE_URL=target.base_url,
                LOCK_TIMEOUT=target.lock_timeout,
            )
        if root is not None:
            config["ROOT"] = root
        if max_pages is not None:
            config["MAX_PAGES"] = max_pages
        export = StaticExport(target.name if target else "export", **config)
        try:
            result = export.rebuild()
        except ExportError as error:
            message = f"The static export failed, the previous tree stays: {error}"
            raise CommandError(message) from error
        self.stdout.write(self.style.SUCCESS(f"Static export: {result}"))
        self.stdout.write(f"Readers see {export.root / 'current'} → {result.release.name}")
        for url, status, referrer in result.broken:
            self.stderr.write(f"  {url} answered {status} (linked from {referrer})")
        if verbosity > 1:
            for url, name in sorted(result.files.items()):
                self.stdout.write(f"  {url} → {name}")
