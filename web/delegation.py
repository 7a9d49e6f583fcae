"""委托办理, in the 我的待办 area: a person hands their work for a period to a colleague of
the same unit with the same roles, revokes it, and sees who has handed work to them. The rules
are workflows.delegation's; the form only asks it."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic

from base.forms import DateInput
from base.organisation.models import Person
from base.validation import no_markup
from web.viewsets import StaffPage, StaffPages, signed_in
from workflows import delegation
from workflows.models import Delegation
from workflows.reassign import Colleague


class DelegationForm(forms.Form):
    delegate = Colleague(label=gettext_lazy("被委托人"), queryset=Person.objects.none())
    starts_on = forms.DateField(label=gettext_lazy("开始日期"), widget=DateInput())
    ends_on = forms.DateField(
        label=gettext_lazy("结束日期"), widget=DateInput(), help_text=gettext_lazy("含当日")
    )
    reason = forms.CharField(
        label=gettext_lazy("事由"),
        max_length=200,
        validators=[no_markup],
        help_text=gettext_lazy("如：出差、休假、培训"),
    )

    def __init__(self, *args, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.person = person
        self.colleagues = delegation.colleagues(person)
        self.fields["delegate"].queryset = Person.objects.filter(
            pk__in=[each.pk for each in self.colleagues]
        ).order_by("last_name", "first_name", "username")

    def clean(self):
        data = super().clean()
        if {"delegate", "starts_on", "ends_on"} <= data.keys():
            try:
                delegation.check(self.person, data["delegate"], data["starts_on"], data["ends_on"])
            except ValidationError as error:
                self.add_error(None, error)
        return data


def state_of(item, today):
    if item.revoked_at is not None:
        return _("已撤销")
    if item.ends_on < today:
        return _("已结束")
    if item.starts_on > today:
        return _("未开始")
    return _("生效中")


class DelegationView(StaffPage, generic.FormView):
    template_name = "staff/delegation.html"
    form_class = DelegationForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "person": self.request.user}

    def get_initial(self):
        return {"starts_on": delegation.today()}

    def get_context_data(self, **kwargs):
        person, today = self.request.user, delegation.today()
        given = Delegation.objects.filter(delegator=person).select_related("delegate")
        received = Delegation.objects.filter(delegate=person).select_related("delegator")
        return super().get_context_data(
            given=[(item, state_of(item, today)) for item in given[:20]],
            received=[(item, state_of(item, today)) for item in received[:20]],
            today=today,
            has_unit=person.unit_id is not None,
            has_roles=bool(delegation.roles_of(person)),
            messages_on_page=True,
            **kwargs,
        )

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)

    def form_valid(self, form):
        data = form.cleaned_data
        try:
            made = delegation.create(
                self.request.user,
                data["delegate"],
                data["starts_on"],
                data["ends_on"],
                data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("已委托%(name)s在%(start)s至%(end)s代您办理。")
            % {
                "name": delegation.name_of(made.delegate),
                "start": date_format(made.starts_on),
                "end": date_format(made.ends_on),
            },
        )
        return redirect(self.viewset.reverse("index"))


class RevokeView(StaffPage, generic.View):
    """Only the delegator revokes their delegation; anyone else's is not found."""

    def post(self, request, pk):
        found = Delegation.objects.filter(pk=pk, delegator=request.user).first()
        if found is None:
            raise Http404
        try:
            delegation.revoke(found, request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("委托已撤销。"))
        return redirect(self.viewset.reverse("index"))


delegation_pages = StaffPages(
    title=gettext_lazy("委托办理"),
    icon="switch_account",
    app_name="delegation",
    permission=signed_in,
    pages=[("", DelegationView, "index"), ("<int:pk>/revoke/", RevokeView, "revoke")],
)
