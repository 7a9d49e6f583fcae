"""Roles are Django groups, defined here once; each app says which of its permissions they get.

The group's name is the role's Chinese title, which is what an administrator sees and
assigns. Which permissions a role grants is declared by the app the permissions belong to,
as `role_permissions` on its AppConfig (`apps.py`), for example

    role_permissions = {Role.ADMINISTRATOR: ["view_auditrecord"]}  # base/audit/apps.py

A name there is a codename of that app. "app_label.codename" names a permission of an app
that cannot declare its own (Django's, a third party's: `auth.view_group`); an app with a
declaration of its own is refused there. `sync_role_groups` runs after every migrate,
collects the declarations of every installed app, creates missing groups and sets each
group's permissions to exactly those, so the code is the one source of truth. A name that
matches no permission stops the migrate.

The AppConfigs import `Role` while the app registry is still loading: this module imports no
models at its top.
"""

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DRAFTER = "drafter", _("起草人")
    UNIT_LEADER = "unit_leader", _("单位负责人")
    OPENNESS_REVIEWER = "openness_reviewer", _("公开审查员")
    LEGAL_REVIEWER = "legal_reviewer", _("合法性审查员")
    ISSUING_LEADER = "issuing_leader", _("签发领导")
    PROPOSAL_CLERK = "proposal_clerk", _("建议提案办理员")
    HANDLING_CLERK = "handling_clerk", _("承办单位经办人")
    REPLY_CHECKER = "reply_checker", _("承办单位核稿人")
    RESPONSIBLE_LEADER = "responsible_leader", _("分管领导")
    ADMINISTRATOR = "administrator", _("系统管理员")


def declared_permissions():
    """{role: ["app_label.codename", …]}: the `role_permissions` of every installed app."""
    configs = apps.get_app_configs()
    declaring = {config.label for config in configs if hasattr(config, "role_permissions")}
    declared = {role: [] for role in Role}
    for config in configs:
        for role, names in getattr(config, "role_permissions", {}).items():
            for name in names:
                app_label, dot, _codename = name.rpartition(".")
                if not dot:
                    name = f"{config.label}.{name}"
                elif app_label in declaring:
                    raise ImproperlyConfigured(
                        f"{config.label} gives {Role(role).value} {name}: "
                        f"the {app_label} app declares its own role_permissions"
                    )
                declared[Role(role)].append(name)
    return declared


def permissions_for(role):
    from django.contrib.auth.models import Permission

    wanted = set(declared_permissions()[role])
    pairs = [name.split(".", 1) for name in wanted]
    found = Permission.objects.filter(
        content_type__app_label__in={app for app, _ in pairs},
        codename__in={code for _, code in pairs},
    ).select_related("content_type")
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in found}
    missing = wanted - set(by_name)
    if missing:
        raise LookupError(f"Role {role.value} names unknown permissions: {sorted(missing)}")
    return [by_name[name] for name in sorted(wanted)]


def group_name(role):
    """The Chinese title, whatever language the request speaks: groups are named by it."""
    with translation.override(None):
        return str(role.label)


def group_for(role):
    from django.contrib.auth.models import Group

    group, _ = Group.objects.get_or_create(name=group_name(role))
    return group


def sync_role_groups(app_config=None, **kwargs):
    """post_migrate receiver: acts once, for the last app, when every permission exists."""
    with_models = [config.label for config in apps.get_app_configs() if config.models_module]
    if app_config is not None and app_config.label != with_models[-1]:
        return
    for role in Role:
        group_for(role).permissions.set(permissions_for(role))
