"""年度报告 · 办公室填写: one form per part of the annual report that the office writes (the
overview's narrative, table 二's confirmed counts and other lines, tables 三 and 四, the
problems, the other matters, the contact and 落款), for a year and the city or one unit.

The rules are reports.office_parts': who may write (`may_edit`), what a part holds, what is
refused and why. These views read the query string and the form, show what was saved, and on
a refusal show the form again with what was typed and a message per box: nothing is saved.
Whoever may see the report may read the forms. Tables 三 and 四 of a year counted from the
applications have no form: their page shows the table as counted, and where the records are.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views import generic

from reports import access, annual, figures, inputs, office_parts
from reports.sources import Scope
from web.viewsets import StaffPage


def read_scope(request):
    """The year (default: the one being reported, `annual.reported_year`) and unit asked
    for, if the person may see them; BadInput or OutOfReach otherwise."""
    today = timezone.localdate()
    year = request.GET.get("year") or str(annual.reported_year(today))
    scope = Scope(inputs.parse_year(year, today), today=today)
    unit = inputs.parse_unit(request.GET.get("unit"))
    return scope.for_unit(access.unit_for(request.user, unit))


def query(scope):
    return urlencode({"year": scope.year, **({"unit": scope.unit.pk} if scope.unit else {})})


def problem(request, viewset, message, status=400):
    """A refused year or unit, said on the parts' own terms with the way back to them."""
    context = {
        "message": message,
        "heading": _("无法显示年度报告的填写部分："),
        "back_url": viewset.reverse("parts"),
        "back_label": _("返回年度报告的填写部分"),
    }
    return render(request, "staff/reports/problem.html", context, status=status)


class ScopedPage(StaffPage, generic.TemplateView):
    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.has_view_permission(request.user):
            raise PermissionDenied
        try:
            self.scope = read_scope(request)
        except inputs.BadInput as error:
            return problem(request, self.viewset, error.message)
        except access.OutOfReach as refused:
            return problem(request, self.viewset, str(refused), status=403)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            scope=self.scope,
            query=query(self.scope),
            may_edit=office_parts.may_edit(self.request.user),
            report_of=self.scope.unit.name if self.scope.unit else _("全部单位"),
            **kwargs,
        )


class PartsView(ScopedPage):
    """The parts, each with who saved it last and when."""

    template_name = "staff/reports/annual_parts.html"

    def get_context_data(self, **kwargs):
        saved = office_parts.stored(self.scope.year, self.scope.unit)
        typed = office_parts.typed_parts(self.scope.year, self.scope.unit)
        parts = [
            {
                "part": part,
                "saved": saved.get(part.key),
                "counted": part.key not in typed,
                "by_hand": part.kind in ("requests", "appeals") and part.key in typed,
            }
            for part in office_parts.PARTS
        ]
        return super().get_context_data(parts=parts, **kwargs)


def to_confirm(scope):
    """[(figure key, label, the system's count now)] of the counts the office confirms."""
    marked = figures.to_confirm(scope)
    counts = figures.count_figures(scope, marked)
    return [(one.key, one.label, counts[one.key]) for one in marked]


class PartView(ScopedPage):
    template_name = "staff/reports/annual_part.html"

    def dispatch(self, request, *args, part, **kwargs):
        self.part = office_parts.BY_KEY.get(part)
        if self.part is None:
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def counted(self):
        return self.part.key not in office_parts.typed_parts(self.scope.year, self.scope.unit)

    def get(self, request, *args, **kwargs):
        if self.counted():
            return self.render_to_response(counted_context(self))
        typed = typed_from(self.part, self.saved_content(), self.confirmations())
        return self.render_to_response(self.get_context_data(typed=typed))

    def saved(self):
        return office_parts.stored(self.scope.year, self.scope.unit).get(self.part.key)

    def saved_content(self):
        saved = self.saved()
        return saved.content if saved else None

    def post(self, request, *args, **kwargs):
        if not office_parts.may_edit(request.user) or self.counted():
            raise PermissionDenied
        confirmations = self.confirmations()
        try:
            content = office_parts.read(self.part, request.POST, confirmations)
        except office_parts.PartErrors as refused:
            context = self.get_context_data(typed=request.POST, errors=refused.errors)
            return self.render_to_response(context, status=422)
        office_parts.save(request.user, self.scope.year, self.scope.unit, self.part, content)
        messages.success(request, _("已保存“%(part)s”。") % {"part": self.part.title})
        return redirect(f"{self.viewset.reverse('parts')}?{query(self.scope)}")

    def confirmations(self):
        return to_confirm(self.scope) if self.part.kind == "active" else []

    def get_context_data(self, typed=None, errors=None, **kwargs):
        errors = errors or {}
        saved = self.saved()
        confirmed = (saved.content if saved else {}).get("confirmed", {})
        fields = form_fields(self.part, typed or {}, errors, self.confirmations(), confirmed)
        return super().get_context_data(
            saved=saved,
            part=self.part,
            fields=fields,
            errors=errors,
            balance=[message for name, message in errors.items() if name.startswith("balance-")],
            **kwargs,
        )


def records_url():
    """The staff list of the applications, where the figures are changed; "" while the
    staff site has none."""
    try:
        return reverse("staff:applications:index")
    except NoReverseMatch:
        return ""


def counted_context(view):
    """Table 三 or 四 as the records count it, to read: the figures change only with the
    records."""
    requests, appeals = office_parts.counted_tables(view.scope.year, view.scope.unit)
    if view.part.kind == "requests":
        table = office_parts.requests_for_report(requests)
    else:
        figures = office_parts.appeals_for_report(appeals)
        size = len(office_parts.APPEAL_RESULTS) + 1
        table = [
            {"label": label, "figures": figures[index * size : (index + 1) * size]}
            for index, (_block, label) in enumerate(office_parts.APPEAL_BLOCKS)
        ]
    return view.get_context_data(
        counted=True,
        table=table,
        records_url=records_url(),
        columns=[label for _key, label in office_parts.APPLICANTS],
        appeal_columns=[label for _key, label in office_parts.APPEAL_RESULTS],
    )


def typed_from(part, content, confirmations):
    """What the boxes show for saved `content` (None: nothing saved yet), as a form's data."""
    content = content or {}
    if part.kind == "text":
        return {f.key: content.get(f.key, "") for f in part.texts}
    if part.kind == "closing":
        keys = [key for key, *_rest in office_parts.CLOSING_FIELDS] + [office_parts.SIGNED_ON]
        data = {key: content.get(key, "") for key in keys}
        if not data[office_parts.SIGNED_ON]:
            data[office_parts.SIGNED_ON] = timezone.localdate().isoformat()
        return data
    if part.kind == "active":
        confirmed = content.get("confirmed", {})
        data = {
            office_parts.confirm_field(key): str(confirmed.get(key, {}).get("value", system))
            for key, _label, system in confirmations
        }
        for key, _label in office_parts.DECISIONS:
            data[key] = str(content.get(key, ""))
        data[office_parts.FEES[0]] = content.get(office_parts.FEES[0], "")
        return data
    if part.kind == "requests":
        cells = content.get("cells", {})
        return {
            office_parts.request_cell(line, column): str(cells[line][index])
            for line, _label in office_parts.request_lines()
            if line in cells
            for index, (column, _c) in enumerate(office_parts.APPLICANTS)
        }
    cells = content.get("cells", {})
    return {
        office_parts.appeal_cell(block, result): str(cells[block][index])
        for block, _label in office_parts.APPEAL_BLOCKS
        if block in cells
        for index, (result, _r) in enumerate(office_parts.APPEAL_RESULTS)
    }


def box(name, label, typed, errors):
    return {"name": name, "label": label, "value": typed.get(name, ""), "error": errors.get(name)}


def form_fields(part, typed, errors, confirmations, confirmed=None):
    """The boxes of a part's form, each with its value and its message, for the template.
    `confirmed`: the counts confirmed before, with the system's count at the time, so that
    a count the system has changed since is pointed out."""
    confirmed = confirmed or {}
    if part.kind == "text":
        return [
            {**box(f.key, f.label, typed, errors), "hint": f.hint, "rows": f.rows}
            for f in part.texts
        ]
    if part.kind == "closing":
        found = [
            {**box(key, label, typed, errors), "hint": hint, "limit": limit}
            for key, label, hint, limit in office_parts.CLOSING_FIELDS
        ]
        found.append(
            {
                **box(office_parts.SIGNED_ON, _("成文日期"), typed, errors),
                "type": "date",
                "hint": _("印在落款中，通常为报告印发的日期"),
            }
        )
        return found
    if part.kind == "active":
        return {
            "confirm": [
                {
                    **box(office_parts.confirm_field(key), label, typed, errors),
                    "system": system,
                    "confirmed": key in confirmed,
                    "was": confirmed[key].get("system") if key in confirmed else None,
                }
                for key, label, system in confirmations
            ],
            "lines": [
                box(key, label, typed, errors)
                for key, label in [*office_parts.DECISIONS, office_parts.FEES]
            ],
        }
    if part.kind == "requests":
        results = dict(office_parts.result_lines())
        # the heading a line comes under: 三、本年度办理结果 and its groups (（三）不予公开…)
        headings = {office_parts.result_lines()[0][0]: [office_parts.RESULTS]}
        for group, label, lines in office_parts.REQUEST_RESULTS:
            if lines:
                headings.setdefault(f"{group}.{lines[0][0]}", []).append(label)
        return {
            "columns": [label for _key, label in office_parts.APPLICANTS],
            "rows": [
                {
                    "label": label,
                    "result": line in results,
                    "headings": headings.get(line, []),
                    "cells": [
                        box(office_parts.request_cell(line, column), column_label, typed, errors)
                        for column, column_label in office_parts.APPLICANTS
                    ],
                }
                for line, label in office_parts.request_lines()
            ],
        }
    return {
        "columns": [label for _key, label in office_parts.APPEAL_RESULTS],
        "rows": [
            {
                "label": block_label,
                "cells": [
                    box(office_parts.appeal_cell(block, result), result_label, typed, errors)
                    for result, result_label in office_parts.APPEAL_RESULTS
                ],
            }
            for block, block_label in office_parts.APPEAL_BLOCKS
        ],
    }


PAGES = [
    ("parts/", PartsView, "parts"),
    ("parts/<slug:part>/", PartView, "part"),
]
