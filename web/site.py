"""The staff site: viewflow's Site at /staff/, one Application per area of work.

Later features register their flows here (FlowAppViewset per flow). Django's own admin, for
administrators, stays at /admin/.
"""

from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView
from viewflow.contrib.auth import AuthViewset
from viewflow.urls import ReadonlyModelViewset, Site

from base.organisation.models import Unit
from web.application_registration import application_registration
from web.my_work import work
from web.notes import add_note
from web.proactive_candidates import proactive_candidates
from web.proposal_board import proposal_board
from web.proposal_import import proposal_import
from web.proposal_merge import proposal_merge
from web.proposer_texts import proposer_text_pages
from web.publication_desk import publications
from web.reply_templates import reply_template_pages
from web.statistics_pages import reports
from web.supervision_board import supervision_app
from web.viewsets import Area, first_open
from workflows.applications.downloads import application_file
from workflows.applications.flows import ApplicationFlow
from workflows.interpretation.flows import InterpretationFlow
from workflows.interpretation.views import attachment, infographic_file
from workflows.proposals.flows import ProposalFlow
from workflows.proposals.views import reply_letter_pdf
from workflows.viewsets import ScopedFlowViewset


class StaffHome(RedirectView):
    """/staff/ opens the first entry of the first area the person may use: 我的待办, for
    everyone signed in."""

    site = None

    def get_redirect_url(self, *args, **kwargs):
        entries = [entry for area in self.site.viewsets for entry in area.viewsets]
        return first_open(entries, self.request.user)


class StaffSite(Site):
    def has_view_permission(self, user, obj=None):
        return user.is_authenticated and user.is_active

    @property
    def index_path(self):
        return path("", StaffHome.as_view(site=self), name="index")


organisation = Area(
    title=_("组织机构"),
    icon="account_tree",
    app_name="organisation",
    viewsets=[
        ReadonlyModelViewset(
            model=Unit,
            icon="apartment",
            list_columns=("name", "short_name", "code", "kind", "parent_unit"),
            list_filter_fields=("kind",),
            list_search_fields=("name", "short_name", "code"),
        ),
    ],
)

policy = Area(
    title=_("政策解读"),
    icon="gavel",
    app_name="policy",
    viewsets=[
        ScopedFlowViewset(
            InterpretationFlow,
            icon="description",
            attachment_view=attachment,
            infographic_view=infographic_file,
            note_view=add_note,
        ),
    ],
)

proposals = Area(
    title=_("建议提案办理"),
    icon="how_to_vote",
    app_name="proposals",
    viewsets=[
        proposal_board,
        ScopedFlowViewset(
            ProposalFlow, icon="forum", attachment_view=reply_letter_pdf, note_view=add_note
        ),
        proposal_import,
        proposal_merge,
        reply_template_pages,
        proposer_text_pages,
    ],
)

applications = Area(
    title=_("依申请公开"),
    icon="contact_mail",
    app_name="applications",
    viewsets=[
        ScopedFlowViewset(
            ApplicationFlow, icon="inbox", attachment_view=application_file, note_view=add_note
        ),
        application_registration,
        proactive_candidates,
    ],
)

site = StaffSite(
    app_name="staff",
    title=_("湛江市政务公开工作平台"),
    primary_color="#b71c1c",
    secondary_color="#d32f2f",
    viewsets=[
        work,
        policy,
        proposals,
        applications,
        supervision_app,
        publications,
        reports,
        organisation,
    ],
)


class StaffAccounts(AuthViewset):
    """Login, logout and password change, in the site's colours and name."""

    def get_login_view_kwargs(self, **kwargs):
        return super().get_login_view_kwargs(template_name="staff/login.html", **kwargs)


accounts = StaffAccounts(with_profile_view=False)
