"""统计与报告: the statistics page (filters, charts, tables, .xlsx), the list of items behind
any figure (and its .xlsx: every page of the same list), and the annual report (HTML
preview, PDF).

Figures come from `reports.figures` (the year and unit asked for read by `reports.inputs`)
and who sees which unit from `reports.access`; these views only read the query string and
render. A year or unit that cannot be used answers 400 with the reason in Chinese; a unit
leader asking for another unit's figures gets 403.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import Application

from base.organisation.models import Unit
from base.text import enumerate_items
from base.workdays.counting import WorkdayCounter
from base.workdays.deadlines import WorkingCalendar
from interpretation.models import PolicyDocument
from proposals.models import (
    Assignment,
    DisclosureDecision,
    Proposal,
    Satisfaction,
)
from reports import (
    access,
    annual,
    charts,
    figures,
    inputs,
    office_parts,
    sources,
    spreadsheet,
    step_times,
    tables,
)
from reports.cache import kept
from web import annual_report_parts, xlsx
from web.viewsets import StaffPage, StaffPages
from workflows.interpretation.flows import InterpretationFlow
from workflows.models import InterpretationProcess, ProposalProcess
from workflows.proposals.flows import ProposalFlow

PER_PAGE = 50
ITEMS = "staff:reports:statistics:items"


def figure_link(year):
    """link(key, unit) -> the staff list of a figure's items for the year."""
    page = reverse(ITEMS)

    def link(key, unit=None):
        if not key:
            return ""
        query = {"figure": key, "year": year}
        if unit is not None:
            query["unit"] = unit.pk
        return f"{page}?{urlencode(query)}"

    return link


def problem(request, message, status=400):
    return render(request, "staff/reports/problem.html", {"message": message}, status=status)


class ScopedView(StaffPage, generic.TemplateView):
    """Reads `year` (default: `default_year`) and `unit`, and checks that the person may see
    them."""

    def default_year(self, today):
        """This year: the statistics count the year under way."""
        return today.year

    def scope(self, request):
        today = timezone.localdate()
        year = request.GET.get("year") or str(self.default_year(today))
        scope = sources.Scope(inputs.parse_year(year, today), today=today)
        unit = inputs.parse_unit(request.GET.get("unit"))
        return scope.for_unit(access.unit_for(request.user, unit))

    def get(self, request, *args, **kwargs):
        try:
            scope = self.scope(request)
        except inputs.BadInput as error:
            return problem(request, error.message)
        except access.OutOfReach as refused:
            return problem(request, str(refused), status=403)
        return self.respond(request, scope)

    def choices(self, request, scope):
        """What the filter drop-downs offer."""
        last = timezone.localdate().year
        sees_all = access.sees_all(request.user)
        units = Unit.objects.filter(is_active=True) if sees_all else Unit.objects.none()
        return {
            "years": list(range(last, inputs.FIRST_YEAR - 1, -1)),
            "units": list(units.order_by("rank", "name")),
            "sees_all": sees_all,
            "scope": scope,
            "query": urlencode(
                {"year": scope.year, **({"unit": scope.unit.pk} if scope.unit else {})}
            ),
        }


def shown(cell, link):
    if cell.format == "text":
        return {"text": str(cell.value), "url": "", "number": False}
    value = cell.value
    url = link(cell.figure, cell.unit) if cell.figure and value is not None else ""
    return {"text": cell.text, "url": url, "number": True, "note": cell.note}


def arranged(found, scope):
    """Tables as the templates show them: each number with the address of its items."""
    link = figure_link(scope.year)

    def link_for(key, unit=None):
        return link(key, unit or scope.unit)

    return [
        {
            "key": table.key,
            "title": table.title,
            "columns": table.columns,
            "rows": [[shown(cell, link_for) for cell in row] for row in table.rows],
            "note": table.note,
        }
        for table in found
    ]


class StatisticsView(ScopedView):
    """The year's figures, charts and tables. The working days per step read every finished
    task of the year, so they come in a frame of their own (StepsView), which Turbo loads
    after the page (a link without JavaScript)."""

    template_name = "staff/reports/statistics.html"

    def respond(self, request, scope):
        stats = tables.compute(scope, with_steps=False)
        context = self.get_context_data(
            stats=stats,
            tables=arranged(stats.tables, scope),
            charts=charts.charts(stats),
            confirm_url=confirm_url(request.user, scope),
            **self.choices(request, scope),
        )
        return self.render_to_response(context)


def confirm_url(person, scope):
    """Where the office confirms the counts marked 请核实, for those who may: the mark links
    to the form instead of only saying what to do."""
    if not office_parts.may_edit(person):
        return ""
    query = urlencode({"year": scope.year, **({"unit": scope.unit.pk} if scope.unit else {})})
    return f"{reverse('staff:reports:annual:part', args=[office_parts.ACTIVE])}?{query}"


class StepsView(ScopedView):
    """各环节平均用时: a page of its own, whose frame the statistics page shows."""

    template_name = "staff/reports/steps.html"

    def respond(self, request, scope):
        found = kept("steps", scope, lambda: step_times.steps(scope))
        context = self.get_context_data(
            steps=found,
            tables=arranged([tables.steps_table(found)], scope),
            charts=charts.step_charts(found),
            **self.choices(request, scope),
        )
        return self.render_to_response(context)


class SpreadsheetView(ScopedView):
    def respond(self, request, scope):
        stats = tables.compute(scope)
        name = f"statistics-{scope.year}" + (f"-unit{scope.unit.pk}" if scope.unit else "")
        response = HttpResponse(
            spreadsheet.workbook_bytes(stats),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response


# ---------------------------------------------------------------------------------------------
# the items behind a figure


PAGES = {
    "proposal": (ProposalFlow, ProposalProcess, "staff:proposals:proposal:process_detail"),
    "document": (
        InterpretationFlow,
        InterpretationProcess,
        "staff:policy:interpretation:process_detail",
    ),
}


def process_pages(person, kind, artifact_ids):
    """artifact pk -> its process page, for the processes the person may open."""
    flow, model, name = PAGES[kind]
    if not artifact_ids or not flow.instance.has_view_permission(person):
        return {}
    processes = model._default_manager.filter(
        flow_class=flow, artifact_object_id__in=list(artifact_ids)
    )
    visible = flow.visible(person, processes)
    return {
        artifact: reverse(name, args=[pk])
        for artifact, pk in visible.values_list("artifact_object_id", "pk")
    }


def units_of(proposal_ids):
    shares = (
        Assignment.objects.filter(proposal_id__in=proposal_ids)
        .live()
        .select_related("unit")
        .order_by("role", "unit__rank")
    )
    found = {}
    for share in shares:
        found.setdefault(share.proposal_id, []).append(
            f"{share.unit.name}（{share.get_role_display()}）"
        )
    return found


def local(moment):
    """A time as itself (the page shows it in Shanghai time, the .xlsx as a real time)."""
    return moment or "—"


def day(value):
    return value or "—"


def due_day(share, calendar_):
    """The share's due date, 暂定 while it is open and lies in a provisional year."""
    if share.replied_at is None and calendar_.is_provisional(share.due_on):
        return _("%(day)s（暂定）") % {"day": date_format(share.due_on, "DATE_FORMAT")}
    return day(share.due_on)


def proposal_rows(person, records):
    records = list(records)
    pages = process_pages(person, "proposal", {p.pk for p in records})
    units = units_of([p.pk for p in records])
    columns = [_("编号"), _("标题"), _("届次"), _("提出日期"), _("承办单位")]
    rows = [
        (
            (p.label, pages.get(p.pk)),
            [
                p.title,
                p.sitting,
                day(p.submitted_on),
                enumerate_items(units.get(p.pk, [])) or _("尚未交办"),
            ],
        )
        for p in records
    ]
    return columns, rows


def share_rows(person, records):
    """`records` are ShareRows (the facts the figures read); the shares themselves are read
    for the page only."""
    records = list(records)
    shares = Assignment.objects.select_related("proposal", "unit").in_bulk(
        [row.pk for row in records]
    )
    pages = process_pages(person, "proposal", {a.proposal_id for a in shares.values()})
    labels = dict(Satisfaction.choices)
    decisions = dict(DisclosureDecision.choices)
    columns = [
        _("编号"), _("标题"), _("承办单位"), _("承办方式"), _("办理期限"), _("答复时间"),
        _("办理结果"), _("满意度"), _("公开方式"), _("重新办理"),
    ]  # fmt: skip
    rows, calendar_ = [], WorkingCalendar()
    for row in records:
        a = shares[row.pk]
        rows.append(
            (
                (a.proposal.label, pages.get(a.proposal_id)),
                [
                    a.proposal.title,
                    a.unit.name,
                    a.get_role_display(),
                    due_day(a, calendar_),
                    local(a.replied_at),
                    _("%(code)s类") % {"code": row.result_code} if row.result_code else "—",
                    str(labels.get(row.satisfaction, "—")),
                    str(decisions.get(row.decision, "—")),
                    _("是") if row.handled_again else "",
                ],
            )
        )
    return columns, rows


def document_rows(person, records):
    records = list(records)
    pages = process_pages(person, "document", {d.pk for d in records})
    columns = [
        _("发文字号"), _("标题"), _("类型"), _("起草单位"), _("批准发布时间"), _("公开属性"),
        _("解读形式"), _("解读批准时间"), _("废止日期"), _("有效期至"),
    ]  # fmt: skip
    rows = []
    for d in records:
        reading = getattr(d, "interpretation", None)
        rows.append(
            (
                (d.number, pages.get(d.pk)),
                [
                    d.title,
                    d.get_doc_type_display(),
                    d.drafting_unit.name,
                    local(d.approved_at),
                    d.get_disclosure_display(),
                    enumerate_items(reading.form_labels) if reading else "—",
                    local(reading.approved_at) if reading else "—",
                    day(d.repealed_on),
                    day(d.expires_on),
                ],
            )
        )
    return columns, rows


def task_rows(person, records):
    records = list(records)
    counter = WorkdayCounter()
    documents = ContentType.objects.get_for_model(PolicyDocument)
    proposals = ContentType.objects.get_for_model(Proposal)
    ids = {"document": set(), "proposal": set()}
    for task in records:
        process = task.process
        if process.artifact_content_type_id == documents.pk:
            ids["document"].add(process.artifact_object_id)
        elif process.artifact_content_type_id == proposals.pk:
            ids["proposal"].add(process.artifact_object_id)
    names = {
        ("document", pk): f"{number} {title}"
        for pk, number, title in PolicyDocument.objects.filter(pk__in=ids["document"]).values_list(
            "pk", "number", "title"
        )
    }
    names.update(
        {
            ("proposal", p.pk): f"{p.label} {p.title}"
            for p in Proposal.objects.filter(pk__in=ids["proposal"])
        }
    )
    pages = {
        (kind, pk): url
        for kind in ids
        for pk, url in process_pages(person, kind, ids[kind]).items()
    }
    columns = [_("事项"), _("生成时间"), _("完成时间"), _("用时（工作日）"), _("办理人")]
    rows = []
    for task in records:
        process = task.process
        kind = "document" if process.artifact_content_type_id == documents.pk else "proposal"
        key = (kind, process.artifact_object_id)
        spent = step_times.working_days(counter, task)
        rows.append(
            (
                (names.get(key, str(process.pk)), pages.get(key)),
                [
                    local(task.created),
                    local(task.finished),
                    _("日历缺少该年") if spent is None else spent,
                    str(task.owner) if task.owner_id else "—",
                ],
            )
        )
    return columns, rows


SOURCES = {
    sources.PROPOSALS: (
        proposal_rows,
        lambda qs: qs.order_by("kind", "term", "session", "number"),
    ),
    sources.SHARES: (share_rows, lambda rows: rows),  # in the items' order already
    sources.DOCUMENTS: (
        document_rows,
        lambda qs: qs.select_related("drafting_unit", "interpretation").order_by(
            "approved_at", "pk"
        ),
    ),
    sources.REGISTER: (
        document_rows,
        lambda qs: qs.select_related("drafting_unit", "interpretation").order_by(
            "approved_at", "pk"
        ),
    ),
    sources.TASKS: (
        task_rows,
        lambda qs: qs.select_related("process", "owner").order_by("finished", "pk"),
    ),
}


def figure_items(request, scope):
    """(the figure asked for, its row builder, its items in order): the one rule of what the
    list and its export hold. Raises BadInput for a figure that is missing or unknown."""
    key = (request.GET.get("figure") or "").strip()
    if not key:
        raise inputs.BadInput(_("请指定统计项。"))
    chosen = figures.figure(scope, key)
    build, order = SOURCES[chosen.source]
    return chosen, build, order(figures.items(scope, key))


def fixed(cell):
    """Whether a cell of the items' list keeps to one line: dates, times, counts and short
    labels (基本满意) do; titles and names wrap."""
    return not isinstance(cell, str) or len(cell) <= 5


class ItemsView(ScopedView):
    template_name = "staff/reports/items.html"

    def respond(self, request, scope):
        try:
            chosen, build, found = figure_items(request, scope)
        except inputs.BadInput as error:
            return problem(request, error.message)
        key = chosen.key
        number = request.GET.get("page") or "1"
        paginator = Paginator(found, PER_PAGE)
        if not (number.isascii() and number.isdigit()) or not 1 <= int(number) <= max(
            paginator.num_pages, 1
        ):
            return problem(
                request,
                _("页码“%(page)s”无效：共%(pages)d页。")
                % {"page": inputs.shown(number), "pages": paginator.num_pages},
            )
        page = paginator.page(int(number))
        columns, rows = build(request.user, page.object_list)
        query = {"figure": key, "year": scope.year}
        if scope.unit:
            query["unit"] = scope.unit.pk
        context = self.get_context_data(
            figure=chosen,
            page_obj=page,
            total=paginator.count,
            columns=columns,
            rows=[(head, [(cell, fixed(cell)) for cell in cells]) for head, cells in rows],
            scope=scope,
            query=urlencode(query),
            back=reverse("staff:reports:statistics:index")
            + "?"
            + urlencode({k: v for k, v in query.items() if k != "figure"}),
        )
        return self.render_to_response(context)


class ItemsExportView(ScopedView):
    def respond(self, request, scope):
        try:
            chosen, build, found = figure_items(request, scope)
        except inputs.BadInput as error:
            return problem(request, error.message)
        columns, rows = build(request.user, found)
        name = _("%(figure)s（%(year)d年）") % {"figure": chosen.label, "year": scope.year}
        if scope.unit:
            name = f"{name}{scope.unit.name}"
        return xlsx.download(name, columns, [[head, *cells] for (head, _url), cells in rows])


# ---------------------------------------------------------------------------------------------
# the annual report


class AnnualScopedView(ScopedView):
    def default_year(self, today):
        return annual.reported_year(today)


class AnnualReportView(AnnualScopedView):
    template_name = "staff/reports/annual_report.html"

    def respond(self, request, scope):
        stats = tables.compute(scope, with_steps=False)
        report = annual.context(stats, figure_link(scope.year))
        context = self.get_context_data(**{**report, **self.choices(request, scope)})
        return self.render_to_response(context)


class AnnualReportPdfView(AnnualScopedView):
    def respond(self, request, scope):
        stats = tables.compute(scope, with_steps=False)
        name = f"annual-report-{scope.year}" + (f"-unit{scope.unit.pk}" if scope.unit else "")
        response = HttpResponse(annual.report_pdf(stats), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response


class AnnualReportDocxView(AnnualScopedView):
    """The same report as a Word file, for the office to finish in WPS or Word."""

    def respond(self, request, scope):
        # python-docx takes a third of a second to import: only a process that writes one pays
        from base.rendering import word
        from reports import annual_docx

        stats = tables.compute(scope, with_steps=False)
        name = f"annual-report-{scope.year}" + (f"-unit{scope.unit.pk}" if scope.unit else "")
        response = HttpResponse(annual_docx.report_docx(stats), content_type=word.MIME_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.docx"'
        return response


reports = Application(
    title=gettext_lazy("统计与报告"),
    icon="bar_chart",
    app_name="reports",
    permission=access.may_view,
    viewsets=[
        StaffPages(
            title=gettext_lazy("统计分析"),
            icon="insights",
            app_name="statistics",
            permission=access.may_view,
            pages=[
                ("", StatisticsView, "index"),
                ("items/", ItemsView, "items"),
                ("items/export.xlsx", ItemsExportView, "items-export"),
                ("steps/", StepsView, "steps"),
                ("statistics.xlsx", SpreadsheetView, "xlsx"),
            ],
        ),
        StaffPages(
            title=gettext_lazy("年度报告"),
            icon="summarize",
            app_name="annual",
            permission=access.may_view,
            pages=[
                ("", AnnualReportView, "index"),
                ("report.pdf", AnnualReportPdfView, "pdf"),
                ("report.docx", AnnualReportDocxView, "docx"),
                *annual_report_parts.PAGES,  # the parts the office writes
            ],
        ),
    ],
)
