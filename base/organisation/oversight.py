"""Who oversees every unit's work, not only their own unit's: the statistics
(reports.access) and the supervision board (supervision.access) both follow this rule, each
behind its own permission."""

from base.organisation.models import UnitKind
from base.organisation.roles import Role

# (role, the kind of unit it must sit in)
OVERSEERS = [
    (Role.OPENNESS_REVIEWER, UnitKind.GOVERNMENT_OFFICE),
    (Role.UNIT_LEADER, UnitKind.GOVERNMENT_OFFICE),
    (Role.PROPOSAL_CLERK, UnitKind.PROPOSAL_OFFICE),
]


def oversees_every_unit(person):
    """The government office's openness reviewers and leader, the proposal office's clerks."""
    if person.unit_id is None:
        return False
    kind = person.unit.kind
    return any(kind == unit_kind and person.has_role(role) for role, unit_kind in OVERSEERS)
