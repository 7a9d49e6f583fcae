"""登记申请: the office's clerk registers an application that came by letter, fax, post or
in person; its handling starts at once (workflows.applications.services.start).

The applicant's personal key is shown once, on the page after the registration, to be
handed to the applicant with the receipt; it is kept nowhere (applications/receiving.py).
An applicant who lost it is given a new one from the same page (补发), which voids the old.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from applications.forms import RegistrationForm
from applications.receiving import receive, reissue_key
from base.organisation.models import UnitKind
from web.viewsets import StaffPage, StaffPages
from workflows.applications.access import applications_of
from workflows.applications.flows import ApplicationFlow
from workflows.applications.services import start

PERMISSION = "workflows.receive_application"


def key_slot(application):
    return f"application-key:{application.pk}"


def organ_of(person):
    """The organ a clerk registers for: their own unit, a government office."""
    unit = person.unit
    if unit is None or unit.kind != UnitKind.GOVERNMENT_OFFICE:
        raise PermissionDenied
    return unit


class RegisterView(StaffPage, generic.FormView):
    form_class = RegistrationForm
    template_name = "staff/application_register.html"

    def form_valid(self, form):
        with transaction.atomic():
            application, key = receive(form, organ_of(self.request.user), actor=self.request.user)
            start(application)
        self.request.session[key_slot(application)] = key
        return redirect(self.viewset.reverse("registered", args=[application.pk]))


class ReissueView(StaffPage, generic.View):
    """补发查询码: a new key in place of a lost one, shown once on the receipt page."""

    http_method_names = ["post"]

    def post(self, request, pk):
        application = get_object_or_404(applications_of(request.user), pk=pk)
        if request.POST.get("identity_checked"):
            request.session[key_slot(application)] = reissue_key(application, actor=request.user)
        else:  # the old key still works: nothing happened
            messages.error(request, _("请先核对来人的身份证件和受理编号，再补发查询码。"))
        return redirect(self.viewset.reverse("registered", args=[application.pk]))


class RegisteredView(StaffPage, generic.TemplateView):
    """The receipt number and, once, the applicant's key and status page."""

    template_name = "staff/application_registered.html"

    def get_context_data(self, pk, **kwargs):
        application = get_object_or_404(applications_of(self.request.user), pk=pk)
        key = self.request.session.pop(key_slot(application), None)
        link = None
        if key:
            try:
                link = self.request.build_absolute_uri(reverse("portal:apply-status", args=[key]))
            except NoReverseMatch:
                link = None
        process = ApplicationFlow.process_class._default_manager.filter(
            artifact_object_id=application.pk, flow_class=ApplicationFlow
        ).first()
        return super().get_context_data(
            application=application, key=key, link=link, process=process, **kwargs
        )


application_registration = StaffPages(
    title=gettext_lazy("登记申请"),
    icon="post_add",
    app_name="register",
    permission=PERMISSION,
    pages=[
        ("", RegisterView, "index"),
        ("<int:pk>/", RegisteredView, "registered"),
        ("<int:pk>/reissue/", ReissueView, "reissue"),
    ],
)
