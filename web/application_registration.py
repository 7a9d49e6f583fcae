"""登记申请: the office's clerk registers an application that came by letter, fax, post or
in person; its handling starts at once (workflows.applications.services.start).

The applicant's personal key is shown once, on the page after the registration, to be
handed to the applicant with the receipt; it is kept nowhere (applications/receiving.py).
An applicant who lost it is given a new one from the same page (补发), which voids the old.
The office also records here the 行政复议 and 行政诉讼 filed about an answer, and how each
ended: what table 四 of the annual report counts.
"""

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from applications import remedies
from applications.forms import ConcludeForm, RegistrationForm, RemedyForm
from applications.receiving import receive, reissue_key
from base.forms import add_refusal
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
        checked = bool(request.POST.get("identity_checked"))
        try:
            key = reissue_key(application, actor=request.user, identity_checked=checked)
        except ValidationError as error:  # the old key still works: nothing happened
            messages.error(request, error.messages[0])
        else:
            request.session[key_slot(application)] = key
        return redirect(self.viewset.reverse("registered", args=[application.pk]))


class RemediesView(StaffPage, generic.TemplateView):
    """行政复议和行政诉讼: the cases filed about one answered application, a form to record a
    new one and, for each, how it ended; table 四 counts what is recorded here."""

    template_name = "staff/application_remedies.html"

    def dispatch(self, request, pk, *args, **kwargs):
        self.application = get_object_or_404(applications_of(request.user), pk=pk)
        return super().dispatch(request, pk, *args, **kwargs)

    def get_context_data(self, form=None, concluding=None, **kwargs):
        cases = list(self.application.remedies.order_by("filed_on", "pk"))
        for case in cases:
            bound = concluding is not None and concluding[0] == case.pk
            case.form = (
                concluding[1]
                if bound
                else ConcludeForm(
                    prefix=f"case{case.pk}",
                    initial={"result": case.result, "decided_on": case.decided_on},
                )
            )
        return super().get_context_data(
            application=self.application, cases=cases, form=form or RemedyForm(), **kwargs
        )

    def post(self, request, pk):
        case = request.POST.get("case", "")
        if case.isdigit():
            remedy = get_object_or_404(self.application.remedies, pk=int(case))
            form = ConcludeForm(request.POST, prefix=f"case{remedy.pk}")
            action = partial(remedies.conclude, remedy)
            message, context = _("已登记审结情况。"), {"concluding": (remedy.pk, form)}
        else:
            form = RemedyForm(request.POST)
            action = partial(remedies.record, self.application)
            message, context = _("已登记。"), {"form": form}
        if form.is_valid():
            try:
                action(request.user, **form.cleaned_data)
            except ValidationError as error:
                add_refusal(form, error)
            else:
                messages.success(request, message)
                return redirect(request.path)
        return self.render_to_response(self.get_context_data(**context))


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
        ("<int:pk>/remedies/", RemediesView, "remedies"),
    ],
)
