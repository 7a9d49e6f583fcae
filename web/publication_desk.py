"""发布管理: the staff pages over the outbox, for those who look after what is published.

The list shows each publication's latest version and, per sync target, how its latest event
arrived there; the detail page shows every version, every outbox event with each target's
delivery, and the publication's audit records. Two actions, both POST: 撤回 (with a reason,
`publications.outbox.withdraw`) and 重新同步 of a failed delivery (`publications.rules.retry`).

Who sees and does what is decided in `publications.rules`: every query here starts from
`rules.visible_to`, and a publication outside it answers 403. A bad filter answers 400 with
the reason and no rows, as the proposal board does. 导出 Excel downloads every page of the
same filtered list (`found`, shared by the list and its export).
"""

import re
from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import generic
from viewflow.urls import Application

from base.audit.models import AuditRecord
from base.forms import DateInput
from base.organisation.models import Unit
from base.validation import no_markup
from publications import catalogue, outbox, rules, targets
from publications.models import (
    Action,
    Delivery,
    DeliveryState,
    Event,
    Kind,
    Publication,
    Topic,
    Version,
)
from web import xlsx
from web.paging import paging
from web.viewsets import StaffPage, StaffPages

PER_PAGE = 25
FILTERS = ("kind", "unit", "state")
PUBLISHED, WITHDRAWN, PENDING, TROUBLE = "published", "withdrawn", "pending", "trouble"
STATES = [
    (PUBLISHED, gettext_lazy("已发布")),
    (WITHDRAWN, gettext_lazy("已撤回")),
    (PENDING, gettext_lazy("待同步")),
    (TROUBLE, gettext_lazy("有同步问题")),
]
TARGET_TITLES = {
    targets.PORTAL: gettext_lazy("本平台门户"),
    "site": gettext_lazy("政府网站"),
    "export": gettext_lazy("静态网站"),  # the export settings.py configures
}
AUDIT_ACTIONS = {
    "publication.queued": gettext_lazy("发布新版本"),
    "publication.withdrawn": gettext_lazy("撤回"),
    "publication.delivered": gettext_lazy("同步成功"),
    "publication.failed": gettext_lazy("同步失败"),
    "publication.resync": gettext_lazy("重新同步"),
    "catalogue.filed": gettext_lazy("调整公开目录"),
}
AUDIT_DETAILS = {
    "version": gettext_lazy("版本"),
    "reason": gettext_lazy("理由"),
    "target": gettext_lazy("同步目标"),
    "event": gettext_lazy("事件"),
    "attempts": gettext_lazy("尝试次数"),
    "error": gettext_lazy("错误"),
    "key": gettext_lazy("幂等键"),
    "hash": gettext_lazy("内容哈希"),
    "topic": gettext_lazy("主题分类"),
    "written_on": gettext_lazy("成文日期"),
}


def target_title(name):
    """A target's name for people: its TITLE option, else a known name, else what it is."""
    configured = targets.configured().get(name)
    title = configured.options.get("TITLE") if configured else None
    if title:
        return title
    if name in TARGET_TITLES:
        return str(TARGET_TITLES[name])
    if configured is not None and configured.whole_tree:
        return _("静态导出（%(name)s）") % {"name": name}
    return name


def export_troubles():
    """The whole-tree targets (static exports) whose last update or rebuild failed: readers
    still see the last good tree, which the desk must know is falling behind."""
    troubles = []
    for name, target in targets.configured().items():
        status = target.whole_tree and target.trouble()
        if status:
            troubles.append(
                {
                    "title": target_title(name),
                    "at": datetime.fromisoformat(status["at"]),
                    "error": status["error"],
                    "last_good": status["last_good"]
                    and datetime.fromisoformat(status["last_good"]),
                }
            )
    return troubles


def visible(person):
    return rules.visible_to(person, Publication.objects.all())


def parse_filters(params):
    """(values, problems): each value that cannot be used gives one Chinese sentence."""
    values, problems = {}, []
    text = {name: (params.get(name) or "").strip() for name in FILTERS}
    if text["kind"]:
        if text["kind"] in Kind.values:
            values["kind"] = text["kind"]
        else:
            problems.append(_("类别“%(value)s”无效。") % {"value": text["kind"]})
    if text["unit"]:
        number = re.fullmatch(r"[0-9]{1,9}", text["unit"])
        unit = Unit.objects.filter(pk=int(text["unit"])).first() if number else None
        if unit is None:
            problems.append(_("发布单位“%(value)s”不存在。") % {"value": text["unit"]})
        else:
            values["unit"] = unit
    if text["state"]:
        if text["state"] in dict(STATES):
            values["state"] = text["state"]
        else:
            problems.append(_("状态“%(value)s”无效。") % {"value": text["state"]})
    return values, problems


def filtered(publications, values):
    if "kind" in values:
        publications = publications.filter(kind=values["kind"])
    if "unit" in values:
        publications = publications.filter(unit=values["unit"])
    state = values.get("state")
    if state == PUBLISHED:
        publications = publications.filter(withdrawn_at__isnull=True)
    elif state == WITHDRAWN:
        publications = publications.filter(withdrawn_at__isnull=False)
    elif state == PENDING:
        publications = rules.with_deliveries(publications, Q(state=DeliveryState.PENDING))
    elif state == TROUBLE:
        publications = rules.with_deliveries(publications, rules.TROUBLE)
    return publications


def with_latest(publications):
    """Each publication with its latest version's number, title and time, newest activity
    first (a withdrawal counts as activity)."""
    latest = Version.objects.filter(publication=OuterRef("pk")).order_by("-number")
    last_event = Event.objects.filter(publication=OuterRef("pk")).order_by("-id")
    return (
        publications.select_related("unit")
        .annotate(
            latest_number=Subquery(latest.values("number")[:1]),
            latest_title=Subquery(latest.values("title")[:1]),
            latest_at=Subquery(latest.values("published_at")[:1]),
            last_event=Subquery(last_event.values("id")[:1]),
        )
        .order_by("-last_event", "-pk")
    )


@dataclass
class Row:
    publication: Publication
    cells: list = field(default_factory=list)  # (target, its title, current Delivery or None)
    resync: bool = False  # the person may sync its failed deliveries again

    @property
    def trouble(self):
        return any(cell is not None and rules.in_trouble(cell) for *_target, cell in self.cells)


def target_columns(deliveries=()):
    names = targets.names()
    extra = sorted({d.target for d in deliveries} - set(names))
    return [(name, target_title(name)) for name in [*names, *extra]]


def build_rows(publications):
    """One Row per publication, with its current delivery at each target: two queries."""
    publications = list(publications)
    found = list(
        rules.current(Delivery.objects.filter(event__publication__in=publications))
        .select_related("event__version")
        .order_by("event_id")
    )
    columns = target_columns(found)
    by_key = {(d.event.publication_id, d.target): d for d in found}
    rows = [
        Row(p, [(name, title, by_key.get((p.pk, name))) for name, title in columns])
        for p in publications
    ]
    return rows, columns


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("撤回理由"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        validators=[no_markup],
        error_messages={"required": gettext_lazy("撤回须说明理由。")},
        help_text=gettext_lazy("理由随撤回事件保存并记入操作记录，供内部查阅。"),
    )


class CatalogueForm(forms.Form):
    """主题分类 and 成文日期 of the item's entry in the 政府信息公开目录 (its 索引号 is given at
    first publication and cannot be changed)."""

    topic = forms.ChoiceField(
        label=gettext_lazy("主题分类"),
        required=False,
        choices=[("", gettext_lazy("按标题和单位自动归类")), *Topic.choices],
    )
    written_on = forms.DateField(
        label=gettext_lazy("成文日期"),
        required=False,
        widget=DateInput(),
        help_text=gettext_lazy("不填写时，答复为答复日期，其他为首次发布日期。"),
    )

    def clean_written_on(self):
        written_on = self.cleaned_data["written_on"]
        catalogue.check_written_on(written_on)
        return written_on


class DeskView(StaffPage, generic.TemplateView):
    """A page of the desk: for those `rules.may_use_desk` admits, like its menu entry."""


def publication_for(person, pk):
    """The publication, if the person may see it: 404 when there is none, else 403."""
    publication = get_object_or_404(Publication, pk=pk)
    if not visible(person).filter(pk=publication.pk).exists():
        raise PermissionDenied
    return publication


def found(request):
    """(the publications the person asked for, newest first; problems): the one rule of what
    the list and its export hold."""
    values, problems = parse_filters(request.GET)
    if problems:
        return Publication.objects.none(), problems
    return with_latest(filtered(visible(request.user), values)), problems


class ListView(DeskView):
    template_name = "staff/publications/list.html"

    def get(self, request, *args, **kwargs):
        publications, problems = found(request)
        mine = visible(request.user)
        pages_of = paging(publications, request.GET, PER_PAGE)
        rows, columns = build_rows(pages_of.rows)
        for row in rows:
            row.resync = rules.may_resync(request.user, row.publication)
        units = Unit.objects.filter(pk__in=mine.values("unit_id")).order_by("rank", "name")
        choices = {
            "kind": Kind.choices,
            "unit": [(str(unit.pk), unit.name) for unit in units],
            "state": STATES,
        }
        selects = [
            (name, label, choices[name], request.GET.get(name, ""))
            for name, label in [("kind", _("类别")), ("unit", _("发布单位")), ("state", _("状态"))]
        ]
        context = self.get_context_data(
            rows=rows,
            columns=columns,
            paging=pages_of,
            problems=problems,
            selects=selects,
            filtered=any(request.GET.get(name) for name in FILTERS),
            export_troubles=export_troubles(),
        )
        return self.render_to_response(context, status=400 if problems else 200)


class ExportView(DeskView):
    def get(self, request, *args, **kwargs):
        publications, problems = found(request)
        if problems:
            return ListView.as_view(viewset=self.viewset)(request)
        rows, columns = build_rows(publications)
        headers = [_("标题"), _("类别"), _("发布单位"), _("版本"), _("状态"), _("时间")]
        return xlsx.download(
            _("发布管理"),
            headers + [title for _name, title in columns],
            [export_row(row) for row in rows],
        )


def export_row(row):
    p = row.publication
    return [
        p.latest_title or p.key,
        p.get_kind_display(),
        p.unit.name,
        p.latest_number,
        _("已撤回") if p.withdrawn_at else _("已发布"),
        p.withdrawn_at or p.latest_at,
        *[delivery.get_state_display() if delivery else "" for *_target, delivery in row.cells],
    ]


class DetailView(DeskView):
    template_name = "staff/publications/detail.html"

    def get(self, request, pk, *args, **kwargs):
        publication = publication_for(request.user, pk)
        return self.render_to_response(self.detail_context(publication))

    def detail_context(self, publication, form=None, catalogue_form=None):
        person = self.request.user
        versions = list(publication.versions.order_by("-number"))
        events = list(
            publication.events.select_related("version")
            .prefetch_related("deliveries")
            .order_by("-id")
        )
        now = {d.pk for d in rules.current(Delivery.objects.filter(event__publication=publication))}
        may_resync = rules.may_resync(person, publication)
        event_rows = [
            (
                event,
                [
                    {
                        "delivery": delivery,
                        "title": target_title(delivery.target),
                        "current": delivery.pk in now,
                        "trouble": rules.in_trouble(delivery),
                        "resync": may_resync and rules.may_retry(delivery, delivery.pk in now),
                    }
                    for delivery in event.deliveries.all()
                ],
            )
            for event in events
        ]
        records = AuditRecord.objects.filter(
            object_type=ContentType.objects.get_for_model(Publication),
            object_id=str(publication.pk),
        ).select_related("actor")
        companion = (
            visible(person).filter(pk=publication.companion_id).first()
            if publication.companion_id
            else None
        )
        rows, _columns = build_rows(with_latest(Publication.objects.filter(pk=publication.pk)))
        may_withdraw = rules.may_withdraw(person, publication)
        withdrawals = [event for event in events if event.action == Action.WITHDRAW]
        return self.get_context_data(
            withdrawal=withdrawals[0] if publication.withdrawn_at and withdrawals else None,
            publication=publication,
            latest=versions[0] if versions else None,
            row=rows[0],
            versions=versions,
            events=event_rows,
            records=[(record, audit_label(record), audit_details(record)) for record in records],
            companion=companion,
            companion_latest=companion.versions.order_by("-number").first() if companion else None,
            may_withdraw=may_withdraw and publication.withdrawn_at is None,
            form=form or (ReasonForm() if may_withdraw else None),
            **self.catalogue_context(publication, versions, may_withdraw, catalogue_form),
        )

    def catalogue_context(self, publication, versions, may_file, form=None):
        """The item's catalogue entry as the public sees it, and the form to file it, for
        those who may withdraw it (the same people answer for what is public)."""
        entry = catalogue.entry_of(publication)
        shown = catalogue.describe(publication, versions[0]) if versions else None
        if form is None and may_file:
            form = CatalogueForm(
                initial={
                    "topic": entry.topic if entry else "",
                    "written_on": entry.written_on if entry else None,
                }
            )
        return {
            "catalogue": shown,
            "topic_chosen": bool(entry and entry.topic),
            "catalogue_form": form if may_file else None,
        }


def audit_label(record):
    return str(AUDIT_ACTIONS.get(record.action, record.action))


def audit_details(record):
    """The details a reader needs, as (label, text) pairs in Chinese where they are known."""
    pairs = []
    for key, value in (record.details or {}).items():
        if value in ("", None, [], {}):
            continue
        if key == "event":
            value = Action(value).label if value in Action.values else value
        elif key == "target":
            value = target_title(value)
        elif key == "topic":
            value = Topic(value).label if value in Topic.values else value
        elif key == "version":
            value = _("第%(n)s版") % {"n": value}
        pairs.append((str(AUDIT_DETAILS.get(key, key)), str(value)))
    return pairs


class WithdrawView(DetailView):
    http_method_names = ["post"]

    def post(self, request, pk, *args, **kwargs):
        publication = publication_for(request.user, pk)
        if not rules.may_withdraw(request.user, publication):
            raise PermissionDenied
        here = self.viewset.reverse("detail", args=[publication.pk])
        form = ReasonForm(request.POST)
        if not form.is_valid():
            return self.render_to_response(self.detail_context(publication, form), status=400)
        try:  # refuses an item withdrawn already, in its own transaction
            outbox.withdraw(publication, form.cleaned_data["reason"], actor=request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
            return redirect(here)
        messages.success(request, _("已撤回。各同步目标将在下次同步时下线该信息。"))
        return redirect(here)


class CatalogueView(DetailView):
    http_method_names = ["post"]

    def post(self, request, pk, *args, **kwargs):
        publication = publication_for(request.user, pk)
        if not rules.may_withdraw(request.user, publication):
            raise PermissionDenied
        form = CatalogueForm(request.POST)
        if not form.is_valid():
            context = self.detail_context(publication, catalogue_form=form)
            return self.render_to_response(context, status=400)
        catalogue.file_under(
            publication.kind,
            publication.source_id,
            form.cleaned_data["topic"],
            request.user,
            written_on=form.cleaned_data["written_on"],
        )
        messages.success(
            request, _("已保存。门户、接口和订阅立即更新；政府网站在该信息下次发布时更新。")
        )
        return redirect(self.viewset.reverse("detail", args=[publication.pk]))


class ResyncView(DeskView):
    http_method_names = ["post"]

    def post(self, request, pk, *args, **kwargs):
        delivery = get_object_or_404(Delivery.objects.select_related("event"), pk=pk)
        publication = publication_for(request.user, delivery.event.publication_id)
        if not rules.may_resync(request.user, publication):
            raise PermissionDenied
        try:
            rules.retry(delivery, request.user)
        except ValidationError as refusal:
            messages.error(request, " ".join(refusal.messages))
        else:
            messages.success(
                request,
                _("已重新加入同步队列：%(target)s，将在下次同步时发送。")
                % {"target": target_title(delivery.target)},
            )
        back = request.POST.get("next", "")
        if not url_has_allowed_host_and_scheme(back, {request.get_host()}, request.is_secure()):
            back = self.viewset.reverse("detail", args=[publication.pk])
        return redirect(back)


publications = Application(
    title=gettext_lazy("信息发布"),
    icon="public",
    app_name="publications",
    permission=rules.may_use_desk,
    viewsets=[
        StaffPages(
            title=gettext_lazy("发布管理"),
            icon="campaign",
            app_name="desk",
            permission=rules.may_use_desk,
            pages=[
                ("", ListView, "index"),
                ("export.xlsx", ExportView, "export"),
                ("<int:pk>/", DetailView, "detail"),
                ("<int:pk>/withdraw/", WithdrawView, "withdraw"),
                ("<int:pk>/catalogue/", CatalogueView, "catalogue"),
                ("deliveries/<int:pk>/resync/", ResyncView, "resync"),
            ],
        ),
    ],
)
