"""Roles are Django groups, defined here once.

The group's name is the role's Chinese title, which is what an administrator sees and
assigns. Each role lists the permissions it grants as "app_label.codename"; later features
add theirs here. `sync_role_groups` runs after every migrate, creates missing groups and sets
each group's permissions to exactly this list, so the code is the one source of truth.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
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


ROLE_PERMISSIONS = {
    Role.DRAFTER: ["organisation.view_unit", "workflows.draft_package"],
    Role.UNIT_LEADER: [
        "organisation.view_unit",
        "organisation.view_person",
        "workflows.sign_off_package",
        "workflows.sign_reply",
        "publications.view_publications",  # its own unit's (publications.rules)
        "reports.view_statistics",  # the government office's: all units; else its own
        "supervision.view_board",  # the government office's: all units; else its own
    ],
    Role.OPENNESS_REVIEWER: [
        "organisation.view_unit",
        "workflows.review_openness",
        "reports.view_statistics",  # in the government office (reports.access)
        "supervision.view_board",  # in the government office (supervision.access)
        # every unit's publications (publications.rules)
        "publications.view_publications",
        "publications.withdraw_publication",
        "publications.resync_publication",
    ],
    Role.LEGAL_REVIEWER: ["organisation.view_unit", "workflows.review_legality"],
    Role.ISSUING_LEADER: ["organisation.view_unit", "workflows.issue_package"],
    Role.PROPOSAL_CLERK: [
        "organisation.view_unit",
        "organisation.view_person",
        "proposals.add_proposal",
        "proposals.view_proposal",
        "proposals.view_importbatch",
        "workflows.assign_proposal",
        "workflows.follow_up_proposal",
        "reports.view_statistics",  # in the proposal office (reports.access)
        "supervision.view_board",  # in the proposal office (supervision.access)
        # the published replies only (publications.rules)
        "publications.view_publications",
        "publications.withdraw_publication",
        "publications.resync_publication",
    ],
    Role.HANDLING_CLERK: ["organisation.view_unit", "workflows.handle_proposal"],
    Role.REPLY_CHECKER: ["organisation.view_unit", "workflows.check_reply"],
    Role.RESPONSIBLE_LEADER: ["organisation.view_unit", "workflows.approve_reply"],
    Role.ADMINISTRATOR: [
        "organisation.add_unit",
        "organisation.change_unit",
        "organisation.view_unit",
        "organisation.add_person",
        "organisation.change_person",
        "organisation.view_person",
        "auth.view_group",
        "workdays.add_calendaryear",
        "workdays.change_calendaryear",
        "workdays.view_calendaryear",
        "workdays.add_calendarday",
        "workdays.change_calendarday",
        "workdays.delete_calendarday",
        "workdays.view_calendarday",
        "audit.view_auditrecord",
        "proposals.view_resultclass",
        "proposals.change_resultclass",
        "proposals.add_resultclass",
        "proposals.view_handlingdeadline",
        "proposals.change_handlingdeadline",
        "reports.view_statistics",
        # lifting a login lockout before it runs out (base/organisation/throttle.py)
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
    ],
}


def permissions_for(role):
    wanted = [name.split(".", 1) for name in ROLE_PERMISSIONS[role]]
    found = list(
        Permission.objects.filter(
            content_type__app_label__in={app for app, _ in wanted},
            codename__in={code for _, code in wanted},
        ).select_related("content_type")
    )
    by_name = {f"{p.content_type.app_label}.{p.codename}": p for p in found}
    missing = set(ROLE_PERMISSIONS[role]) - set(by_name)
    if missing:
        raise LookupError(f"Role {role.value} names unknown permissions: {sorted(missing)}")
    return list(by_name.values())


def group_name(role):
    """The Chinese title, whatever language the request speaks: groups are named by it."""
    with translation.override(None):
        return str(role.label)


def group_for(role):
    group, _ = Group.objects.get_or_create(name=group_name(role))
    return group


def sync_role_groups(app_config=None, **kwargs):
    """post_migrate receiver: acts once, for the last app, when every permission exists."""
    with_models = [config.label for config in apps.get_app_configs() if config.models_module]
    if app_config is not None and app_config.label != with_models[-1]:
        return
    for role in Role:
        group_for(role).permissions.set(permissions_for(role))
