"""Who sees the supervision board (督办台), and which units' work.

The government office (its openness reviewers and its leader) and the proposal office (its
clerks) supervise every unit; the leader of any other unit supervises that unit only.
Everyone else is refused. Notices (我的提醒) are everyone's own and need no rule.
"""

from base.organisation.models import UnitKind
from base.organisation.roles import Role

PERMISSION = "supervision.view_board"
ALL = "all"
# (role, the kind of unit it must sit in) that supervises every unit
OVERSEERS = [
    (Role.OPENNESS_REVIEWER, UnitKind.GOVERNMENT_OFFICE),
    (Role.UNIT_LEADER, UnitKind.GOVERNMENT_OFFICE),
    (Role.PROPOSAL_CLERK, UnitKind.PROPOSAL_OFFICE),
]


def board_scope(person):
    """ALL, a set with the pk of the one unit the person supervises, or None (no board)."""
    if not (person.is_authenticated and person.is_active):
        return None
    if person.is_superuser:
        return ALL
    if person.unit_id is None or not person.has_perm(PERMISSION):
        return None
    kind = person.unit.kind
    if any(kind == unit_kind and person.has_role(role) for role, unit_kind in OVERSEERS):
        return ALL
    if person.has_role(Role.UNIT_LEADER):
        return {person.unit_id}
    return None


def may_see_board(person):
    return board_scope(person) is not None
