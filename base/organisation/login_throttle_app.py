"""django-axes (base/organisation/throttle.py) as an installed app named in our languages:
axes ships no Chinese (its model and field names are translated in locale/zh_Hans).

A module of its own: a second AppConfig in apps.py would stop Django from choosing
OrganisationConfig for base.organisation.
"""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from base.organisation.roles import Role


class LoginThrottleConfig(AppConfig):
    verbose_name = _("登录限制")
    # Which of this app's permissions each role gets; base.organisation.roles assigns them.
    role_permissions = {
        # lifting a login lockout before it runs out (base/organisation/throttle.py)
        Role.ADMINISTRATOR: ["view_accessattempt", "delete_accessattempt"],
    }
