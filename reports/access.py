"""Who sees which figures.

Those who oversee every unit (base.organisation.oversight) and the administrators see every
unit; the leader of any other unit sees that unit's figures only; nobody else sees
statistics. The permission `reports.view_statistics` (reports/apps.py) is needed
as well, so that an administrator can take it away from a group.
"""

from django.utils.translation import gettext as _

from base.organisation.oversight import oversees_every_unit
from base.organisation.roles import Role

ALL_UNITS = "all"
PERMISSION = "reports.view_statistics"


def reach(person):
    """ALL_UNITS, the one Unit whose figures the person may see, or None."""
    if not (person.is_authenticated and person.is_active and person.has_perm(PERMISSION)):
        return None
    if person.is_superuser or person.has_role(Role.ADMINISTRATOR):
        return ALL_UNITS
    unit = person.unit
    if unit is None:
        return None
    if oversees_every_unit(person):
        return ALL_UNITS
    if person.has_role(Role.UNIT_LEADER):
        return unit
    return None


def may_view(person):
    return reach(person) is not None


def sees_all(person):
    return reach(person) == ALL_UNITS


class OutOfReach(PermissionError):
    """A unit-bound person asked for another unit's (or every unit's) figures."""

    def __init__(self, unit):
        super().__init__(_("您只能查看本单位（%(unit)s）的统计数据。") % {"unit": unit.name})


def unit_for(person, requested):
    """The unit whose figures to show: `requested` (None: all units) if the person may see
    it; a unit-bound person gets their unit when they ask for nothing, OutOfReach when they
    ask for another."""
    scope = reach(person)
    if scope == ALL_UNITS:
        return requested
    if requested is not None and requested != scope:
        raise OutOfReach(scope)
    return scope
