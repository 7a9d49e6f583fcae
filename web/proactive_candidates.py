"""转为主动公开: the subjects applied for three times or more to the office's organ, for the
office to decide whether to publish them actively, with the decision recorded beside each
(applications/proactive.py). The organ is the reviewer's own unit, the government office."""

from datetime import date

from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from applications import proactive
from web.viewsets import StaffPage, StaffPages

REASON_LIMIT = 1000


def read_since(text):
    """?since=2026-01-01: only applications received from that day; anything else: all."""
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


class CandidatesView(StaffPage, generic.TemplateView):
    template_name = "staff/proactive_candidates.html"

    def get_context_data(self, errors=None, typed=None, **kwargs):
        since = read_since(self.request.GET.get("since"))
        return super().get_context_data(
            candidates=proactive.candidates(self.request.user.unit, since=since),
            since=since,
            threshold=proactive.THRESHOLD,
            errors=errors or {},
            typed=typed or {},
            **kwargs,
        )

    def post(self, request, *args, **kwargs):
        organ = request.user.unit
        key = request.POST.get("subject", "")
        listed = {one.key: one for one in proactive.candidates(organ)}
        choice = request.POST.get("publish")
        reason = (request.POST.get("reason") or "").strip()
        errors = {}
        if key not in listed:
            errors[key] = _("该事项已不在候选清单中，请刷新页面。")
        elif choice not in ("yes", "no"):
            errors[key] = _("请选择是否转为主动公开。")
        elif not reason:
            errors[key] = _("请填写理由。")
        elif len(reason) > REASON_LIMIT:
            errors[key] = _("理由不能超过%(limit)d字。") % {"limit": REASON_LIMIT}
        if errors:
            context = self.get_context_data(errors=errors, typed=request.POST)
            return self.render_to_response(context, status=422)
        proactive.decide(request.user, organ, listed[key].subject, choice == "yes", reason)
        messages.success(
            request, _("已记录对“%(subject)s”的决定。") % {"subject": listed[key].subject}
        )
        return redirect(request.get_full_path())


proactive_candidates = StaffPages(
    title=gettext_lazy("转为主动公开"),
    icon="campaign",
    app_name="proactive",
    permission=proactive.may_decide,
    pages=[("", CandidatesView, "index")],
)
