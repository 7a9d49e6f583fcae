"""Who sees the supervision board (督办台), and which units' work.

The government office (its openness reviewers and its leader) and the proposal office (its
clerks) supervise every unit; the leader of any other unit supervises that unit only.
Everyone else is refused. Notices (我的提醒) are everyone's own and need no rule.
"""

from base.organisation.oversight import oversees_every_unit
from base.organisation.roles import Role

PERMISSION = "supervision.view_board"
ALL = "all"


def board_scope(person):
    """ALL, a set with the pk of the one unit the person supervises, or None (no board)."""
    if not (person.is_authenticated and person.is_active):
        return None
    if person.is_superuser:
        return ALL
    if person.unit_id is None or not person.has_perm(PERMISSION):
        return None
    if oversees_every_unit(person):
        return ALL
    if person.has_role(Role.UNIT_LEADER):
        return {person.unit_id}
    return None


def may_see_board(person):
    return board_scope(person) is not None
