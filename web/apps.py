from django.apps import AppConfig
from django.core.management import call_command
from django.db.models.signals import post_migrate


def create_cache_table(using="default", **kwargs):
    """The database cache's table (settings.CACHES["shared"] without CACHE_URL) comes with
    every `migrate`, wherever it runs: `make run`, the deployment's migrate job, tests."""
    call_command("createcachetable", database=using, verbosity=0)


class WebConfig(AppConfig):
    name = "web"
    verbose_name = "Gongkai web"

    def ready(self):
        from web import checks  # noqa: F401 - registers the deployment checks

        post_migrate.connect(create_cache_table, sender=self, dispatch_uid="web.cache_table")
