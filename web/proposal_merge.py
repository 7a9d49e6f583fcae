"""并案办理: the proposal office's page for merging items not yet assigned, and splitting them
again before assignment.

The page lists the items waiting for 交办, by sitting and kind, each with a box to select it
and a choice of main item (主办件); below, the merged handlings with a 拆分 button for each
joined item. The rules and their refusals are proposals.merging's; the flow's side (joined
items' processes cancelled, a split item's started again) workflows.proposals.merging's.
"""

from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from base.text import enumerate_items
from proposals.models import Proposal
from proposals.rules import in_proposal_office
from web.proposal_board import item_pages
from web.viewsets import StaffPage, StaffPages
from workflows.proposals.merging import merge_items, split_item


def may_merge(user):
    return user.is_authenticated and (user.is_superuser or in_proposal_office(user))


def waiting():
    """Items not yet assigned and not joined elsewhere: those that may be merged."""
    return (
        Proposal.objects.filter(assignments__isnull=True, merged_into__isnull=True)
        .prefetch_related("proposers", "joined")
        .order_by("kind", "-term", "-session", "number")
    )


def merged():
    """The merged handlings: each main item with its joined items."""
    return (
        Proposal.objects.filter(joined__isnull=False)
        .distinct()
        .prefetch_related("proposers", "joined__proposers", "assignments")
        .order_by("kind", "-term", "-session", "number")
    )


def selected_pks(values):
    """The ids asked for, each once; anything but a plain number a row could have ("²", a
    twenty-digit number) is no id (never an error of int() or of the database)."""
    pks = []
    for value in values:
        if value.isascii() and value.isdigit() and len(value) < 19 and int(value) not in pks:
            pks.append(int(value))
    return pks


class MergeView(StaffPage, generic.TemplateView):
    template_name = "staff/proposal_merge.html"

    def get_context_data(self, problems=(), chosen=(), main=None, **kwargs):
        items = list(waiting())
        groups = [
            (items_of[0].sitting, items_of[0].get_kind_display(), items_of)
            for _key, grouped in groupby(items, key=lambda p: (p.kind, p.term, p.session))
            for items_of in [list(grouped)]
        ]
        handlings = list(merged())
        pages = item_pages([*items, *handlings])
        for item in [*items, *handlings]:
            item.page = pages.get(item.pk)
        return super().get_context_data(
            groups=groups,
            handlings=handlings,
            problems=problems,
            chosen=set(chosen),
            main=main,
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        chosen = selected_pks(request.POST.getlist("items"))
        main_pk = selected_pks([request.POST.get("main", "")])
        problems = []
        if not main_pk:
            problems.append(_("请选择主办件。"))
        else:
            chosen = [main_pk[0], *(pk for pk in chosen if pk != main_pk[0])]
            found = Proposal.objects.in_bulk(chosen)
            if len(found) != len(chosen):
                problems.append(_("所选的建议提案已不存在，请刷新页面后重新选择。"))
            else:
                main, others = found[chosen[0]], [found[pk] for pk in chosen[1:]]
                try:
                    merge_items(main, others, request.user)
                except ValidationError as error:
                    problems += error.messages
                else:
                    messages.success(
                        request,
                        _("已并案：%(others)s并入主办件%(main)s，由主办件交办办理。")
                        % {"others": enumerate_items(o.label for o in others), "main": main.label},
                    )
                    return redirect(self.viewset.reverse("index"))
        context = self.get_context_data(
            problems=problems, chosen=chosen, main=main_pk[0] if main_pk else None
        )
        return self.render_to_response(context, status=422)


class SplitView(StaffPage, generic.View):
    def post(self, request, pk, *args, **kwargs):
        item = get_object_or_404(Proposal, pk=pk)
        try:
            split_item(item, request.user)
        except ValidationError as error:
            for problem in error.messages:
                messages.error(request, problem)
        else:
            messages.success(
                request, _("已拆分：%(item)s单独办理，等待交办。") % {"item": item.label}
            )
        return redirect(self.viewset.reverse("index"))


proposal_merge = StaffPages(
    title=gettext_lazy("并案办理"),
    icon="merge_type",
    app_name="merge",
    permission=may_merge,
    pages=[("", MergeView, "index"), ("<int:pk>/split/", SplitView, "split")],
)
