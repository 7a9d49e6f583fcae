"""Who may see what, over EVERY URL the site has.

All URL patterns are taken from the resolver, recursively (the staff site with both flows,
supervision, reports and publications, accounts, the admin, i18n, the proposer's feedback
link, the public portal with its feeds, API and sitemap). Each is filled with real ids from
one demo-like world (tests/security/world.py: two policy packages and two suggestions of
市教育局, one of each in progress and one finished) and asked with GET and POST as nobody, as
every demo role and as the people of another unit (市民政局). What must hold:

- nothing answers 500;
- anonymous gets a redirect to a login page, 403, 404 or 405, except on the explicit public
  allow-list PUBLIC (portal, feeds, API, sitemap, health check, feedback link, login,
  language switch, Django's password reset);
- an item's title (or its reply letter's) appears only to the people who may see that item in
  that area of the site (SEES), and on public pages once the item is published; a URL naming
  an item a person may not see answers a refusal or a redirect (to a login page, or on to
  another URL of the site, itself checked), never a page;
- a task page that does something (execute, assign, unassign, cancel, undo, revive) answers
  2xx, or changes the task, only for the person whose step it is (DOERS);
- and, so that the checks are not vacuous, each person does see each item they may see
  somewhere in the area where they may see it.

A pattern the test cannot fill fails `test_every_url_pattern_can_be_filled` with its name: a
new view needs a decision here (a filler; for a public one, its place in PUBLIC).

Economy: the flows alone have ~280 task URLs (every node × every action) at ~30 ms each, so
everyone asking everything takes minutes. By default (`plan`) every person asks every staff
URL that is not a task's (lists, boards, reports, item pages, files: where scoping by unit
shows), every task URL that does something on an open task, and a finished human step's
execute/assign/unassign page is asked by everyone who holds the step's permission; anonymous
asks everything. Each other URL is asked by two more people, in turn: for a task URL one who
may see its item and one who may not, for an admin URL the administrator and one other, for a
public URL one demo role and one person of the other unit. GONGKAI_URL_SWEEP=full asks everything as
everyone (several minutes; worth it before a release)."""

import logging
import os
import re
from dataclasses import dataclass
from urllib.parse import quote

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from viewflow.workflow.models import Task
from viewflow.workflow.status import STATUS

from base.audit.models import AuditRecord
from base.organisation.models import Unit
from proposals.models import ImportBatch, ReplyTemplate
from publications.models import Delivery
from supervision import calendar_feed
from tests.security.world import MARKERS, OTHER_UNIT, UNIT, build
from workflows.models import Delegation

pytestmark = pytest.mark.django_db
FULL_SWEEP = os.environ.get("GONGKAI_URL_SWEEP") == "full"

ANONYMOUS = "anonymous"
DEMO_ROLES = [
    "drafter", "leader", "reviewer", "legal", "issuer", "clerk",
    "handler", "checker", "deputy", "director", "admin",
]  # fmt: skip
OTHER_UNITS_PEOPLE = ["mz-drafter", "mz-clerk", "mz-checker", "mz-deputy", "mz-head"]
IDENTITIES = [ANONYMOUS, *DEMO_ROLES, *OTHER_UNITS_PEOPLE]

POLICY, PROPOSALS = "staff:policy", "staff:proposals"
PUBLICATIONS, SUPERVISION, ADMIN = "staff:publications", "staff:supervision", "admin"
APPLICATIONS = "staff:applications"  # 依申请公开: its handlers alone
WORK = "staff:work"  # 我的待办: the items whose open step is the person's
AREAS = (POLICY, PROPOSALS, PUBLICATIONS, SUPERVISION, ADMIN, WORK, APPLICATIONS)
APPLICATION = {"application_open", "application_answered", "application_lapsed"}
PACKAGES = {"package_in_review", "package_published"}
ITEMS = {"item_in_progress", "item_closed"}
PUBLISHED = {"package_published", "item_closed"}
OPEN_WORK = {"package_in_review", "item_in_progress"}

# Which items a person may see, by area of the site (a URL name's namespace prefix); nobody
# sees any item anywhere else. The world's items are 市教育局's: its leader (director) and
# its proposal people see them; the government office's openness reviewer sees the packages
# that reached openness review and every publication; legal and the issuer the package that
# reached them; the proposal office's clerk every item and the published replies; the
# government office's leader, its reviewer and the clerk supervise all open work, a unit's
# leader the work their unit holds; the administrator reads the audit log in the admin; 我的待办
# lists an item to whoever's step is open on it (DOERS).
SEES = {
    # an application to the government office, assigned to 市教育局: the office (its openness
    # reviewer, the issuer, its head) and the unit's handling clerk read it, nobody else
    "leader": {SUPERVISION: OPEN_WORK, APPLICATIONS: APPLICATION},
    "reviewer": {
        APPLICATIONS: APPLICATION,
        POLICY: PACKAGES,
        PUBLICATIONS: PUBLISHED,
        SUPERVISION: OPEN_WORK,
        WORK: {"package_in_review"},
    },
    "legal": {POLICY: {"package_published"}},
    "issuer": {POLICY: {"package_published"}, APPLICATIONS: APPLICATION},
    "clerk": {PROPOSALS: ITEMS, PUBLICATIONS: {"item_closed"}, SUPERVISION: OPEN_WORK},
    "handler": {PROPOSALS: ITEMS, APPLICATIONS: APPLICATION},
    "checker": {PROPOSALS: ITEMS, WORK: {"item_in_progress"}},
    "deputy": {PROPOSALS: ITEMS},
    "director": {
        POLICY: PACKAGES,
        PROPOSALS: ITEMS,
        PUBLICATIONS: PUBLISHED,
        SUPERVISION: {"item_in_progress"},  # the unit's own open work (the package is with
    },  # the government office's reviewer)
    "admin": {ADMIN: PACKAGES | ITEMS},
}
# The world's open human tasks, and whose step each is: (person, flow, node).
DOERS = {
    ("reviewer", "interpretation", "openness_review"),
    ("checker", "proposal", "check"),
    ("handler", "application", "search"),
}
# 改派 (workflows.delegation): a unit leader opens the reassign page of their unit's open task
REASSIGNERS = {("director", "proposal", "check")}
TASK_ACTIONS = {"execute", "assign", "unassign", "cancel", "undo", "revive", "reassign"}

# URL names anybody may open without logging in. Everything else must refuse anonymous.
PUBLIC = {
    "healthz",
    "proposer_feedback",  # the signed token is the credential
    "calendar_feed",  # a person's due dates: the secret key is the credential
    "login",
    "admin:login",
    # signing in with the province's identity (web/province_login.py): on in this module
    # (province_login_on), with a provider out of reach: both answer the login page
    "province_login",
    "province_login_callback",
    "set_language",
    # Django's password reset by e-mail: public by design; it answers alike whether or not
    # an address is known, and the link it mails is the credential.
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    # the public portal, its feeds, API and sitemap (web/portal/urls.py)
    "portal:home",
    "portal:policies",
    "portal:policy",
    "portal:interpretation",
    "portal:replies",
    "portal:reply",
    "portal:statistics",
    "portal:search",
    "portal:file",
    "portal:feed-all-atom",
    "portal:feed-all-rss",
    "portal:feed-kind-atom",
    "portal:feed-kind-rss",
    "portal:feed-unit-atom",
    "portal:feed-unit-rss",
    "portal:api-publications",
    "portal:api-publication",
    "portal:openapi",
    "portal:sitemap",
    "portal:sitemap-section",
    "portal:robots",
    # 依申请公开: the form, and an applicant's status page (the key is the credential)
    "portal:apply",
    "portal:apply-status",
    "portal:apply-letter",
    "portal:apply-file",
}
LOGIN_PAGES = ("/staff/accounts/login/", "/admin/login/")


@dataclass(frozen=True)
class Case:
    name: str  # the URL name with its namespaces, or the route when the pattern has none
    route: str
    path: str
    item: str | None = None  # the world's item the URL names
    task: Task | None = None

    @property
    def public(self):
        return self.name in PUBLIC

    @property
    def area(self):
        return next((a for a in AREAS if self.name == a or self.name.startswith(a + ":")), None)

    @property
    def action(self):
        return self.name.rsplit(":", 1)[-1]


def url_patterns():
    """(name, route) of every URL pattern, recursively through every namespace."""

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
            elif isinstance(pattern, URLPattern):
                route = prefix + str(pattern.pattern)
                name = ":".join(filter(None, [namespace, pattern.name])) if pattern.name else ""
                yield name or route, route

    yield from walk(get_resolver().url_patterns, "", "")


PARAMETER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def parameters(route):
    return {route_name or regex_name for route_name, regex_name in PARAMETER.findall(route)}


def build_path(route, values):
    """The route with its parameters filled in: named or not, path() or re_path()."""
    path = PARAMETER.sub(lambda m: quote(str(values[m.group(1) or m.group(2)]), safe=""), route)
    return "/" + path.replace("^", "").replace("$", "")


# --- fillers: (name, route) -> [(values, item, task)], or None when unknown -----------------

OPEN = [STATUS.NEW, STATUS.ASSIGNED]
TASK_URL = re.compile(
    r"^staff:(?:policy:(?P<policy>interpretation)|proposals:(?P<proposals>proposal)"
    r"|applications:(?P<applications>application))"
    r":(?P<node>\w+):(?P<action>\w+)$"
)
FLOW_ITEMS = {"interpretation": PACKAGES, "proposal": ITEMS, "application": APPLICATION}
FLOW_URLS = {
    "interpretation": "staff:policy:interpretation",
    "proposal": "staff:proposals:proposal",
    "application": "staff:applications:application",
}


def item_of_process(world, process_pk):
    return next(key for key, process in world.items.items() if process.pk == process_pk)


def task_fillings(world, flow, node):
    """A task of the node (an open one where there is one) from the world's items."""
    if flow not in world.tasks:
        processes = [world.items[key] for key in sorted(FLOW_ITEMS[flow])]
        world.tasks[flow] = list(Task.objects.filter(process__in=processes).order_by("pk"))
    found = [task for task in world.tasks[flow] if task.flow_task.name == node]
    if not found:
        return None
    task = next((t for t in found if t.status in OPEN), found[0])
    values = {"process_pk": task.process_id, "task_pk": task.pk}
    return [(values, item_of_process(world, task.process_id), task)]


def admin_object(world, model):
    """An object of an admin model; one of the world's where that means anything."""
    if model is apps.get_model("organisation", "Person"):
        return world.people["drafter"]
    if model is Unit:
        return Unit.objects.get(name=UNIT)
    if model is AuditRecord:
        document = world.documents["package_in_review"]
        return AuditRecord.objects.filter(object_id=str(document.pk)).first()
    if model._meta.label == "viewflow.Process":
        return world.items["package_in_review"]
    return model._default_manager.order_by("pk").first()


def admin_fillings(world, name, route, names):
    match = re.match(r"^admin/(\w+)/(\w+)/", route)
    try:
        model = apps.get_model(match.group(1), match.group(2)) if match else None
    except LookupError:
        model = None
    if names == {"object_id"} and model is not None and model in admin.site._registry:
        # one of the world's objects; for a model the world has none of, an id that does not
        # exist (the admin's own permissions are what such a page tests)
        found = admin_object(world, model)
        return [({"object_id": found.pk if found else 0}, None, None)]
    if names == {"pk"} and model is not None and model in admin.site._registry:
        # the one-time-password device pages (an authenticator's secret): the world has no
        # device, so an id that does not exist; only administrators may ask at all
        found = admin_object(world, model)
        return [({"pk": found.pk if found else 0}, None, None)]
    if name == "admin:auth_user_password_change" and names == {"id"}:
        return [({"id": world.people["drafter"].pk}, None, None)]
    if name == "admin:view_on_site":
        unit = Unit.objects.get(name=UNIT)
        content_type = ContentType.objects.get_for_model(Unit).pk
        return [({"content_type_id": content_type, "object_id": unit.pk}, None, None)]
    if name == "admin:app_list":
        return [({"app_label": "organisation"}, None, None)]
    if names == {"url"}:  # the admin's catch-all
        return [({"url": "no-such-page/"}, None, None)]
    return None


def portal_fillings(world, name):
    policy = world.publications["package_published"]
    reply = world.publications["item_closed"]
    unit = Unit.objects.get(name=UNIT)
    simple = {
        "portal:policy": {"source_id": policy.source_id},
        "portal:interpretation": {"source_id": policy.source_id},
        "portal:reply": {"source_id": reply.source_id},
        "portal:feed-kind-atom": {"kind": "policy"},
        "portal:feed-kind-rss": {"kind": "reply"},
        "portal:feed-unit-atom": {"unit_id": unit.pk},
        "portal:feed-unit-rss": {"unit_id": unit.pk},
        "portal:api-publication": {"key": policy.key},
        "portal:sitemap-section": {"section": "policies"},
    }
    if name in simple:
        return [(simple[name], None, None)]
    if name == "portal:apply-status":  # an application of the world's organ, by its key
        return [({"key": application_key()}, None, None)]
    if name == "portal:apply-letter":  # an answered application's letter, by its key
        return [({"key": answered_key()[0]}, None, None)]
    if name == "portal:apply-file":  # and a file given with the answer
        key, given = answered_key()
        return [({"key": key, "pk": given.pk}, None, None)]
    if name == "portal:file":
        live = policy.live
        files = [entry["name"] for entry in live.attachments]
        files += list(live.renditions.values_list("name", flat=True))
        if not files:
            return None
        values = {"kind": policy.kind, "source_id": policy.source_id, "version": live.number}
        return [({**values, "name": files[0]}, None, None)]
    return None


def application_key():
    from applications.receiving import receive

    data = {
        "applicant_kind": "natural", "name": "申请人", "id_type": "resident",
        "id_number": "11010519491231002X", "phone": "13800138000",
        "description": "湛江市2026年城乡居民最低生活保障资金发放明细",
        "provision": "electronic", "collection": "online",
    }  # fmt: skip
    organ = Unit.objects.filter(kind="government_office").order_by("pk").first()
    return receive(data, organ, actor="test")[1]


def answered_key():
    """The key of an application answered (予以公开) with one file, and that file."""
    import io
    from datetime import date

    import pypdf
    from django.core.files.uploadedfile import SimpleUploadedFile

    from applications.answer_files import attach
    from applications.models import AnswerCategory, Application

    key = application_key()
    answered = Application.objects.latest("pk")
    answered.received_on = answered.answered_on = date(2026, 3, 3)
    answered.category = AnswerCategory.objects.get(code="granted")
    answered.save()
    blank, pdf = pypdf.PdfWriter(), io.BytesIO()
    blank.add_blank_page(595, 842)
    blank.write(pdf)
    given = attach(answered, SimpleUploadedFile("低保资金发放明细.pdf", pdf.getvalue()))
    return key, given


def staff_fillings(world, name, names):
    for flow, base in FLOW_URLS.items():
        if name.startswith(base + ":") and names == {"process_pk"}:
            keys = sorted(FLOW_ITEMS[flow])
            return [({"process_pk": world.items[key].pk}, key, None) for key in keys]
    if name == "staff:policy:interpretation:attachment":
        return [({"pk": world.attachments[key].pk}, key, None) for key in sorted(PACKAGES)]
    if name == "staff:policy:interpretation:infographic":
        return [({"pk": world.documents[key].pk}, key, None) for key in sorted(PACKAGES)]
    if name == "staff:proposals:proposal:attachment":  # the reply letter as PDF
        return [({"pk": world.letters[key].pk}, key, None) for key in sorted(ITEMS)]
    if name == "staff:applications:application:attachment":  # the answer letter as PDF
        keys = sorted(APPLICATION)
        return [({"pk": world.items[key].artifact_object_id}, key, None) for key in keys]
    if (
        name.startswith("staff:applications:register:")
        and name != "staff:applications:register:index"
    ):
        keys = sorted(APPLICATION)
        return [({"pk": world.items[key].artifact_object_id}, key, None) for key in keys]
    if name == "staff:organisation:unit:detail":
        return [({"pk": Unit.objects.get(name=UNIT).pk}, None, None)]
    if name == "staff:proposals:merge:split":  # 拆分 (POST; refused: the item is assigned)
        return [({"pk": world.items["item_in_progress"].artifact_object_id}, None, None)]
    if name == "staff:proposals:templates:edit":  # a reply template of the world's unit
        template, _new = ReplyTemplate.objects.get_or_create(
            unit=Unit.objects.get(name=UNIT), name="模板", defaults={"text": "{主送}"}
        )
        return [({"pk": template.pk}, None, None)]
    if name == "staff:work:delegation:revoke":  # the world has no delegation: 404 for all
        found = Delegation.objects.order_by("pk").first()
        return [({"pk": found.pk if found else 0}, None, None)]
    if name == "staff:proposals:import:result":  # an import's result page (none: 404)
        batch = ImportBatch.objects.order_by("pk").first()
        return [({"batch": batch.pk if batch else 0}, None, None)]
    if name == "staff:reports:annual:part":  # a part of the annual report the office writes
        return [({"part": part}, None, None) for part in ("overview", "active")]
    if name.startswith(PUBLICATIONS + ":") and names == {"pk"}:
        if name.endswith(":resync"):  # a delivery of the publication
            deliveries = {
                key: Delivery.objects.filter(event__publication=world.publications[key])
                for key in sorted(PUBLISHED)
            }
            return [({"pk": found.first().pk}, key, None) for key, found in deliveries.items()]
        return [({"pk": world.publications[key].pk}, key, None) for key in sorted(PUBLISHED)]
    return None


def fillings(world, name, route):
    """Every way the test fills the pattern, or None when it does not know how."""
    names = parameters(route)
    if not names:
        return [({}, None, None)]
    task_url = TASK_URL.match(name)
    if task_url and names == {"process_pk", "task_pk"}:
        flow = task_url.group("policy") or task_url.group("proposals")
        flow = flow or task_url.group("applications")
        return task_fillings(world, flow, task_url.group("node"))
    if name.startswith("staff:"):
        return staff_fillings(world, name, names)
    if name == "proposer_feedback":
        return [({"token": world.feedback_token}, None, None)]
    if name == "calendar_feed":  # the administrator's (no dated work): its items are tested
        key = calendar_feed.new_key(world.people["admin"])  # in tests/workflows
        return [({"key": key, "language": "zh-hans"}, None, None)]
    if name == "password_reset_confirm":
        uid = urlsafe_base64_encode(force_bytes(world.people["drafter"].pk))
        return [({"uidb64": uid, "token": "bad-token"}, None, None)]
    if name.startswith("admin:") or route.startswith("admin/"):
        return admin_fillings(world, name, route, names)
    if name.startswith("portal:"):
        return portal_fillings(world, name)
    return None


def enumerate_cases(world):
    cases, unknown = [], []
    for name, route in url_patterns():
        filled = fillings(world, name, route)
        if not filled:
            unknown.append(f"{name} ({route})")
            continue
        cases += [Case(name, route, build_path(route, v), item, t) for v, item, t in filled]
        if name in QUERY_VARIANTS:  # the same view answering another way (a Word copy)
            cases += [
                Case(name, route, build_path(route, v) + QUERY_VARIANTS[name], item, t)
                for v, item, t in filled
            ]
    return cases, unknown


# views that answer differently by their query string, asked that way too
QUERY_VARIANTS = {"staff:proposals:proposal:attachment": "?format=docx"}


# --- who asks what --------------------------------------------------------------------------


def sees(who, area, item):
    return item in SEES.get(who, {}).get(area, set())


def holders(world, task):
    """The people who hold the permission a human task asks for, and its owner: those to
    whom its pages would wrongly open if only viewflow's model-wide permission were asked."""
    people = [w for w in IDENTITIES[1:] if world.people[w].pk == task.owner_id]
    if task.owner_permission:
        people += [w for w in IDENTITIES[1:] if world.people[w].has_perm(task.owner_permission)]
    return people


def plan(world, cases):
    """(person, path) pairs of the default sweep (see the module's docstring)."""
    logged_in = IDENTITIES[1:]
    asked, turn = set(), 0
    for case in cases:
        if case.task is not None and case.action in TASK_ACTIONS and case.task.status in OPEN:
            asked |= {(who, case.path) for who in logged_in}  # whose task is it
        elif case.task is not None and case.action in {"execute", "assign", "unassign"}:
            # a finished human step: everyone who holds its permission, and two in turn
            asked |= {(who, case.path) for who in holders(world, case.task)}
            viewers = [w for w in logged_in if sees(w, case.area, case.item)]
            others = [w for w in logged_in if w not in viewers]
            asked |= {(group[turn % len(group)], case.path) for group in (viewers, others)}
            turn += 1
        elif case.task is None and case.area != ADMIN and not case.public:
            asked |= {(who, case.path) for who in logged_in}  # scoping shows here
        else:
            if case.area == ADMIN:
                groups = [["admin"], [who for who in logged_in if who != "admin"]]
            elif case.public:  # does it show more to someone logged in?
                groups = [DEMO_ROLES, OTHER_UNITS_PEOPLE]
            else:
                items = {case.item} if case.item else PUBLISHED | OPEN_WORK
                viewers = [w for w in logged_in if any(sees(w, case.area, i) for i in items)]
                groups = [viewers, [w for w in logged_in if w not in viewers]]
            asked |= {(group[turn % len(group)], case.path) for group in groups if group}
            turn += 1
    return asked


def swept(who, case, world):
    return FULL_SWEEP or who == ANONYMOUS or (who, case.path) in world.plan


# --- the world, once for the module ---------------------------------------------------------


@pytest.fixture(autouse=True)
def province_login_on(settings):
    """Signing in with the province's identity on, its provider where nothing listens."""
    settings.OIDC_ENABLED, settings.OIDC_ISSUER = True, "http://127.0.0.1:9"
    settings.OIDC_RP_CLIENT_ID, settings.OIDC_RP_CLIENT_SECRET = "gongkai", "not-a-secret"


def server_errors_only(record):
    return getattr(record, "status_code", 500) >= 500


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    # thousands of refusals: a log line with a traceback for each would bury a server error
    requests, axes = logging.getLogger("django.request"), logging.getLogger("axes")
    requests.addFilter(server_errors_only)
    axes_level = axes.level
    axes.setLevel(logging.ERROR)
    media = tmp_path_factory.mktemp("media")
    try:
        with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
            with transaction.atomic():
                built = build()
                built.tasks = {}
                built.cases, built.unknown = enumerate_cases(built)
                built.plan = plan(built, built.cases)
                yield built
                transaction.set_rollback(True)
    finally:
        requests.removeFilter(server_errors_only)
        axes.setLevel(axes_level)


# --- judging one answer ---------------------------------------------------------------------


def text_of(response):
    if response.streaming:
        # read to the end: the test client then closes it as a WSGI server would (closing it
        # directly would close the test's database connection)
        content = b"".join(response.streaming_content)
    else:
        content = response.content
    return content.decode("utf-8", "replace")


def to_login(response):
    location = response.headers.get("Location", "")
    return response.status_code in (301, 302) and location.startswith(LOGIN_PAGES)


def refused(response, who):
    """A refusal; for a person logged in, also a redirect within the site (viewflow's task
    index sends people on to the task's detail page, which then refuses them itself)."""
    if to_login(response) or response.status_code in (403, 404, 405):
        return True
    location = response.headers.get("Location", "")
    return who != ANONYMOUS and response.status_code == 302 and location.startswith("/")


def may_see(who, case, item):
    return (case.public and item in PUBLISHED) or sees(who, case.area, item)


def shown(body):
    return {item for item, markers in MARKERS.items() if any(m in body for m in markers)}


def is_doer(who, case):
    flow = case.task.flow_task.flow_class.instance.flow_label.rsplit("/", 1)[-1]
    node = case.task.flow_task.name
    reassigns = case.action == "reassign" and (who, flow, node) in REASSIGNERS
    return ((who, flow, node) in DOERS or reassigns) and case.task.status in OPEN


def task_state(case):
    if case.task is None or case.action not in TASK_ACTIONS:
        return None
    return Task.objects.filter(pk=case.task.pk).values_list("status", "owner_id").get()


def judge(who, case, method, response, body, before=None, after=None):
    """The problems with one answer, as readable lines."""
    where = f"{method.upper()} {case.path} ({case.name}) as {who}: {response.status_code}"
    status = response.status_code
    if status >= 500:
        return [f"{where}: server error"]
    problems = [f"{where}: shows {item}" for item in shown(body) if not may_see(who, case, item)]
    if case.public:
        return problems
    if who == ANONYMOUS and not refused(response, who):
        problems.append(f"{where}: not refused to anonymous (public pages are listed in PUBLIC)")
    elif case.item and not may_see(who, case, case.item) and not refused(response, who):
        problems.append(f"{where}: names {case.item}, which {who} may not see")
    if case.task is not None and case.action in TASK_ACTIONS and not is_doer(who, case):
        node = case.task.flow_task.name
        if 200 <= status < 300:
            problems.append(f"{where}: may do a task that is not theirs ({node})")
        if before != after:
            problems.append(f"{where}: changed a task that is not theirs ({before} → {after})")
    return problems


def ask(client, person, case, method):
    response = getattr(client, method)(case.path)
    body = text_of(response)
    if person is not None and case.name.endswith("logout"):
        client.force_login(person)  # logged out: log in again
    client.cookies.pop("django_language", None)  # the language switch
    return response, body


@pytest.mark.parametrize("who", IDENTITIES)
def test_every_url_refuses_whoever_may_not_see_or_do_it(world, who):
    client = Client(raise_request_exception=False)
    person = None if who == ANONYMOUS else world.people[who]
    if person is not None:
        client.force_login(person)
    problems, seen = [], set()
    for case in world.cases:
        if not swept(who, case, world):
            continue
        for method in ("get", "post"):
            before = task_state(case)
            response, body = ask(client, person, case, method)
            problems += judge(who, case, method, response, body, before, task_state(case))
            if response.status_code == 200:
                seen |= {(case.area, item) for item in shown(body)}
    # the checks above are not vacuous: each person sees what they should somewhere
    for area, items in SEES.get(who, {}).items():
        problems += [
            f"{who} never saw {item} in {area}" for item in items if (area, item) not in seen
        ]
    assert not problems, f"{len(problems)} problems:\n" + "\n".join(problems[:80])


def test_every_url_pattern_can_be_filled(world):
    assert not world.unknown, (
        "URL patterns this test does not know how to fill (add a filler in "
        "tests/security/test_url_enumeration.py; list a public one in PUBLIC):\n"
        + "\n".join(world.unknown)
    )


def test_the_public_allow_list_is_public_and_current(world):
    names = {case.name for case in world.cases}
    assert not PUBLIC - names, f"PUBLIC names URLs that no longer exist: {PUBLIC - names}"
    client = Client()
    for case in world.cases:
        if case.public:
            response = client.get(case.path)
            text_of(response)
            assert response.status_code < 400, (case.path, response.status_code)


def test_every_url_is_asked_by_someone_who_may_see_its_item_and_someone_who_may_not(world):
    askers = {}
    for who, path in world.plan:
        askers.setdefault(path, set()).add(who)
    for case in world.cases:
        if case.item is not None:
            assert any(sees(who, case.area, case.item) for who in askers[case.path]), case.path
            assert any(not sees(who, case.area, case.item) for who in askers[case.path])
        elif case.area == ADMIN:
            assert "admin" in askers[case.path] and len(askers[case.path]) > 1, case.path
        else:
            assert len(askers[case.path]) > 1, case.path


def test_the_other_units_people_are_outside_the_world(world):
    for username in OTHER_UNITS_PEOPLE:
        assert world.people[username].unit.name == OTHER_UNIT


@pytest.mark.parametrize("name", ["portal:policy", "portal:interpretation"])
def test_a_package_in_review_is_not_on_the_portal(world, name):
    response = Client().get(reverse(name, args=[world.documents["package_in_review"].pk]))
    assert response.status_code == 404
    assert "package_in_review" not in shown(response.content.decode())


def test_an_item_in_progress_is_not_on_the_portal(world):
    letter = world.letters["item_in_progress"]
    response = Client().get(reverse("portal:reply", args=[letter.assignment_id]))
    assert response.status_code == 404
    assert "item_in_progress" not in shown(response.content.decode())
