"""Who holds which role in which unit, read once (two queries) for a whole board or run."""

from collections import defaultdict
from dataclasses import dataclass

from base.organisation.models import Person
from base.organisation.roles import Role, group_name
from workflows import delegation


@dataclass(frozen=True, slots=True)
class Member:
    pk: int
    name: str
    email: str
    unit_id: int | None
    unit_kind: str


class Directory:
    """The active staff with their roles: `holders(role, unit_id=…)` or `(role, unit_kind=…)`."""

    def __init__(self):
        self.people = {
            pk: Member(pk, f"{family}{given}".strip() or username, email, unit_id, kind or "")
            for pk, family, given, username, email, unit_id, kind in Person.objects.filter(
                is_active=True
            ).values_list(
                "pk", "last_name", "first_name", "username", "email", "unit_id", "unit__kind"
            )
        }
        roles = {group_name(role): role for role in Role}
        self._by_role, self._found = defaultdict(list), {}
        memberships = Person.groups.through.objects.filter(
            group__name__in=list(roles), person__is_active=True
        ).values_list("person_id", "group__name")
        for person_id, name in memberships.order_by("person_id"):
            self._by_role[roles[name]].append(self.people[person_id])

    def get(self, pk):
        return self.people.get(pk)

    def delegates_of(self, pk, day=None):
        """Who stands in for the person on `day` (委托办理, workflows.delegation): read once."""
        if not hasattr(self, "_delegates"):
            self._delegates = delegation.delegates_by_delegator(day)
        # as delegation.delegators_of: only while both still work in the same unit
        unit_id = self.people[pk].unit_id if pk in self.people else None
        return [
            self.people[each]
            for each in self._delegates.get(pk, ())
            if each in self.people and unit_id is not None and self.people[each].unit_id == unit_id
        ]

    def holders(self, role, *, unit_id=None, unit_kind=None):
        key = (role, unit_id, unit_kind)
        if key not in self._found:
            found = self._by_role.get(role, [])
            if unit_id is not None:
                found = [member for member in found if member.unit_id == unit_id]
            if unit_kind is not None:
                found = [member for member in found if member.unit_kind == unit_kind]
            self._found[key] = found
        return self._found[key]
