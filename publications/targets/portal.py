"""The built-in portal: it reads `Publication.live`, so delivering is pointing it at the
version (or at nothing, for a withdrawal)."""

from django.utils import timezone

from publications.models import Action, Publication
from publications.targets import Target


class Portal(Target):
    in_database = True

    def deliver(self, event):
        live = event.version_id if event.action == Action.PUBLISH else None
        Publication.objects.filter(pk=event.publication_id).update(
            live_id=live, changed_at=timezone.now()
        )
