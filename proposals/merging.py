"""并案: the proposal office handles items of one sitting on the same subject as one.

One item is the main item (主办件); the others are joined (并入) to it. Only the main item
is assigned and handled; its one reply letter answers every merged item: its title names
every number, its salutation every item's lead proposer. Each item keeps its own feedback
(its proposer's own link) and counts as an item received. Merging and splitting (拆分) are
allowed only before the main item is assigned: after that units work on the merged whole.

The refusals are plain Chinese sentences naming the item, for the office's page.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from base import audit
from proposals.models import Proposal


def main_of(proposal):
    """The item whose handling answers `proposal`: its main item, or itself."""
    return proposal.merged_into if proposal.merged_into_id else proposal


def group(proposal):
    """The main item and the items joined to it, in number order (the letter's order)."""
    main = main_of(proposal)
    if main.pk is None:  # not stored yet: nothing can be joined to it
        return [main]
    return [main, *main.joined.order_by("number")]


def numbers(proposal):
    """第0012号、第0015号: the merged items' numbers as the letter's title reads them."""
    return "、".join(f"第{item.number:04d}号" for item in group(proposal))


def labels(proposal):
    return "、".join(item.label for item in group(proposal))


def titles(proposal):
    return "；".join(item.title for item in group(proposal))


def lead_names(proposal):
    """Each merged item's lead proposer, once each, in the items' order."""
    names = []
    for item in group(proposal):
        lead = item.lead_proposer
        if lead is not None and lead.name not in names:
            names.append(lead.name)
    return names


def assigned(proposal):
    return proposal.assignments.exists()


def merge_problems(main, others):
    """Why `others` cannot be joined to `main`: what the office is told, all at once."""
    problems = []
    if not others:
        problems.append(_("请至少选择两件建议提案并案。"))
    if main.merged_into_id:
        problems.append(
            _("%(item)s已并入%(main)s，不能作为主办件。")
            % {"item": main.label, "main": main.merged_into.label}
        )
    if assigned(main):
        problems.append(_("主办件%(item)s已交办，不能再并案。") % {"item": main.label})
    for item in others:
        if item.pk == main.pk:
            problems.append(_("%(item)s不能并入它自己。") % {"item": item.label})
        elif item.kind != main.kind:
            problems.append(
                _("%(item)s与%(main)s不是同一类别：人大建议和政协提案不能并案。")
                % {"item": item.label, "main": main.label}
            )
        elif (item.term, item.session) != (main.term, main.session):
            problems.append(
                _("%(item)s是%(sitting)s的，与主办件不是同一次会议，不能并案。")
                % {"item": item.label, "sitting": item.sitting}
            )
        elif item.merged_into_id and item.merged_into_id != main.pk:
            problems.append(
                _("%(item)s已并入%(other)s，请先拆分。")
                % {"item": item.label, "other": item.merged_into.label}
            )
        elif item.merged_into_id == main.pk:
            problems.append(
                _("%(item)s已并入%(main)s。") % {"item": item.label, "main": main.label}
            )
        elif item.joined.exists():
            problems.append(
                _("%(item)s是其他件的主办件，请先拆分并入它的件。") % {"item": item.label}
            )
        elif assigned(item):
            problems.append(_("%(item)s已交办，不能并案。") % {"item": item.label})
    return problems


@transaction.atomic
def merge(main, others, person):
    """Joins `others` to `main`; nothing changes when anything is wrong."""
    pks = [main.pk, *(item.pk for item in others)]
    locked = list(Proposal.objects.select_for_update().filter(pk__in=pks))
    fresh = {item.pk: item for item in locked}
    main, others = fresh[main.pk], [fresh[item.pk] for item in others if item.pk in fresh]
    problems = merge_problems(main, others)
    if problems:
        raise ValidationError(problems)
    for item in others:
        item.merged_into = main
        item.save(update_fields=["merged_into"])
    audit.record(person, "proposals.merged", main, joined=[item.label for item in others])
    return main


def split_problems(item):
    if not item.merged_into_id:
        return [_("%(item)s没有并案，无须拆分。") % {"item": item.label}]
    if assigned(item.merged_into):
        return [_("主办件%(main)s已交办，不能再拆分。") % {"main": item.merged_into.label}]
    return []


@transaction.atomic
def split(item, person):
    """拆分: a joined item is handled on its own again."""
    item = Proposal.objects.select_for_update().get(pk=item.pk)
    problems = split_problems(item)
    if problems:
        raise ValidationError(problems)
    main = item.merged_into
    item.merged_into = None
    item.save(update_fields=["merged_into"])
    audit.record(person, "proposals.split", main, item=item.label)
    return item
