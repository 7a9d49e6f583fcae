"""What a human step is, declared on the step in its flow: who may take it and when it is due.

The flows declare; everything else reads the declarations — the access modules through the
node (`Step.holders`), supervision, reminders, statistics and 我的待办 through
`workflows.catalogue` — so no one names a step or writes a role rule of their own.

A step belongs either to a person (the package's drafter), to the unit whose work the item is
(the drafting unit of a package, the unit of a proposal share), or to whoever holds the role
in any unit of a kind (the government office's openness reviewers). The item decides the
person and the unit; the declaration says which of them counts.
"""

from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from base.organisation.models import UnitKind
from base.organisation.roles import Role


class Reach(models.TextChoices):
    DRAFTER = "drafter", _("起草人本人")
    ITEM_UNIT = "item_unit", _("事项所属单位")
    ANY_UNIT = "any_unit", _("任一单位")


@dataclass(frozen=True)
class Holders:
    """Who may take a step: `role`, and where they sit (`reach`, `unit_kind`)."""

    role: Role
    reach: Reach = Reach.ANY_UNIT
    unit_kind: UnitKind | None = None

    @property
    def across_units(self):
        """A step that reaches the item from outside its unit (a review by another office)."""
        return self.reach == Reach.ANY_UNIT

    def includes(self, person, *, unit_id=None, drafter_id=None):
        """Whether `person` may take the step of an item of `unit_id` drafted by `drafter_id`.

        The drafter's own step needs the person, not the role: it is their draft."""
        if self.reach == Reach.DRAFTER:
            return person.pk == drafter_id
        if not person.has_role(self.role):
            return False
        if self.reach == Reach.ITEM_UNIT:
            return person.unit_id is not None and person.unit_id == unit_id
        return self.unit_kind is None or (
            person.unit_id is not None and person.unit.kind == self.unit_kind
        )

    def candidates(self, directory, *, unit_id=None, drafter_id=None):
        """The people a `Directory` (supervision.people) names for the step of an item."""
        if self.reach == Reach.DRAFTER:
            drafter = directory.get(drafter_id)
            return [drafter] if drafter else []
        if self.reach == Reach.ITEM_UNIT:
            return directory.holders(self.role, unit_id=unit_id)
        return directory.holders(self.role, unit_kind=self.unit_kind)

    def describe(self):
        """起草人本人; where·role (政府办公室·公开审查员); or the role alone where any unit's
        holder may take the step (签发领导)."""
        if self.reach == Reach.DRAFTER:
            return str(self.reach.label)
        if self.reach == Reach.ANY_UNIT and self.unit_kind is None:
            return str(self.role.label)
        where = self.unit_kind.label if self.unit_kind else self.reach.label
        return f"{where}·{self.role.label}"


@dataclass(frozen=True)
class Deadline:
    """When a step is due and what passing the date does.

    `working_days`: a count of working days from the day the step opened, read from the
    setting named (so that an office changes it without touching the flow); otherwise the
    date is the item's own (a proposal share's reply date)."""

    rule: str
    overdue: str
    setting: str = ""

    def working_days(self, step):
        return getattr(settings, self.setting)[step] if self.setting else None

    def describe(self, step):
        days = self.working_days(step)
        return str(self.rule) if days is None else self.rule % {"days": days}


PACKAGE_STEP_DAYS = Deadline(
    rule=_("%(days)d个工作日（自本步骤开始的次日起算）"),
    overdue=_("材料包标记为逾期，本步骤仍可继续办理"),
    setting="INTERPRETATION_STEP_WORKING_DAYS",
)
SHARE_RULE = _("该单位承办份额的答复期限（自交办之日起按月计算，可延期）")
SHARE_WATCHED = Deadline(rule=SHARE_RULE, overdue=_("该单位的承办标记为逾期，并发出逾期督办"))
SHARE_REMINDED = Deadline(rule=SHARE_RULE, overdue=_("发出逾期督办"))
ANSWER_DUE = Deadline(
    rule=_(
        "答复期限：收到申请之日起20个工作日（补正、征求第三方意见、延期依条例第三十条至第三十三条计算）"
    ),
    overdue=_("发出逾期督办"),
)
