"""我的待办, the staff home: every open task of both processes that the person holds or may
take (`supervision.worklist`), the earliest due first, and their newest notices.

Every step's view sends the person back here when it is done, with what was done and who has
the work next (`workflows.viewsets.ScopedFlowViewset.get_success_url`).
"""

from django.utils.translation import gettext_lazy as _
from django.views import generic
from viewflow.urls import Application

from supervision.calendar_feed import has_feed
from supervision.models import Notice
from supervision.worklist import my_work
from web.delegation import delegation_pages
from web.supervision_board import with_links
from web.viewsets import StaffPage, StaffPages, signed_in
from workflows import delegation

NOTICES_SHOWN = 5


class MyWorkView(StaffPage, generic.TemplateView):
    template_name = "staff/my_work.html"

    def get_context_data(self, **kwargs):
        person = self.request.user
        work = my_work(person)
        notices = Notice.objects.filter(recipient=person).select_related("reminder")
        return super().get_context_data(
            work=work,
            held=sum(item.held for item in work),
            overdue=sum(item.overdue for item in work),
            notices=with_links(person, list(notices[:NOTICES_SHOWN])),
            unread=notices.unread().count(),
            messages_on_page=True,
            calendar_feed=has_feed(person),
            standing_in_for=[delegation.name_of(each) for each in delegation.delegators_of(person)],
            delegated_to=delegation.given_from(person).first(),
            # whether 委托办理 leads anywhere: a colleague to hand work to, roles to hand on
            may_delegate=bool(delegation.colleagues(person)),
            has_roles=person.unit_id is not None and bool(delegation.roles_of(person)),
            **kwargs,
        )


my_work_pages = StaffPages(
    title=_("我的待办"),
    icon="inbox",
    app_name="mine",
    permission=signed_in,
    pages=[("", MyWorkView, "index")],
)


class MyWorkApp(Application):
    menu_template_name = None  # one page: the site's list of areas names it already


work = MyWorkApp(
    title=_("我的待办"), icon="inbox", app_name="work", viewsets=[my_work_pages, delegation_pages]
)
