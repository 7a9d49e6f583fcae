from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class OrganisationConfig(AppConfig):
    name = "base.organisation"
    label = "organisation"
    verbose_name = _("组织机构")

    def ready(self):
        from base.organisation.roles import sync_role_groups

        # After every migrate, so that a permission added by a later migration reaches its role.
        post_migrate.connect(sync_role_groups, dispatch_uid="organisation.sync_role_groups")
