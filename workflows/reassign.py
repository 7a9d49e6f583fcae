"""viewflow's reassign page of a human step, for the two who may move a task someone holds
or may take (the rules are workflows.delegation's):

- a delegate, on a task their delegator holds: one button, 代某某办理, then the step's form;
- the delegator, on a task their stand-in took for them: 收回, then the step's form;
- a unit leader, on an open task of their unit (改派): a colleague who may take the step.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.workflow.status import STATUS

from base.organisation.models import Person
from workflows import delegation


class Colleague(forms.ModelChoiceField):
    def label_from_instance(self, person):
        return f"{delegation.name_of(person)}（{person.job_title or person.username}）"


class ReassignForm(forms.Form):
    target = Colleague(label=gettext_lazy("改派给"), queryset=Person.objects.none())

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = Person.objects.filter(
            pk__in=[person.pk for person in candidates]
        ).order_by("last_name", "first_name", "username")
        self.has_candidates = bool(candidates)


class ReassignView(generic.FormView):
    template_name = "workflows/reassign.html"

    @property
    def activation(self):
        return self.request.activation

    def behalf(self):
        """The delegator whose task this is, when the person stands in for them."""
        task = self.activation.task
        if task.status != STATUS.ASSIGNED:
            return None
        return delegation.acting_for(self.request.user, task)

    def taking_back(self):
        """The delegator, taking back what their stand-in took for them (收回)."""
        return delegation.may_take_back(self.request.user, self.activation.task)

    def get_form(self, form_class=None):
        if self.behalf() or self.taking_back():
            return forms.Form(**self.get_form_kwargs())
        candidates = delegation.reassign_candidates(self.request.user, self.activation.task)
        return ReassignForm(candidates=candidates, **self.get_form_kwargs())

    def get_context_data(self, **kwargs):
        task = self.activation.task
        delegator = self.behalf()
        return super().get_context_data(
            process=self.activation.process,
            task=task,
            delegator=delegator,
            taking_back=not delegator and self.taking_back(),
            behalf=delegation.on_behalf_text(delegation.name_of(delegator)) if delegator else "",
            holder=delegation.name_of(task.owner) if task.owner_id else "",
            **kwargs,
        )

    def form_invalid(self, form):
        return self.render_to_response(self.get_context_data(form=form), status=422)

    def form_valid(self, form):
        task, person = self.activation.task, self.request.user
        delegator = self.behalf()
        if delegator is not None:
            delegation.take_on_behalf(person, self.activation)
            messages.success(
                self.request,
                _("已接手，%(behalf)s。")
                % {"behalf": delegation.on_behalf_text(delegation.name_of(delegator))},
            )
            return redirect(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))
        if self.taking_back():
            delegation.take_back(person, self.activation)
            messages.success(self.request, _("已收回，由您本人办理。"))
            return redirect(task.flow_task.reverse("execute", args=[task.process_id, task.pk]))
        target = form.cleaned_data["target"]
        try:
            delegation.reassign(person, self.activation, target)
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        messages.success(
            self.request, _("已改派给%(name)s。") % {"name": delegation.name_of(target)}
        )
        process_page = task.flow_task.flow_class.instance.reverse(
            "process_detail", args=[task.process_id]
        )
        return redirect(process_page)
