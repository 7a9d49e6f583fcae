"""No dead ends: every link and button the staff site shows a person opens for that person.

As every demo role and the people of another unit (市民政局), in the world of
tests/security/world.py, the test walks the staff pages a person reaches from the sidebar
menu and from the lists of work (我的待办, the flows' process, task, inbox, queue and archive
lists, the boards), the item and task pages those link to, and the pages linked from these
(DEPTH clicks from /staff/). On every page it collects each link (<a href>) and each button
(a form's action, with the form's own fields and the button's name and value). What must
hold:

- a link, followed, does not end in 403 or on the login page;
- a button's POST is not refused with 403. It is sent for real but inside a transaction that
  is rolled back, so nothing it does stays (the world is shared by the whole module);
- and, so that the walk is not vacuous, each person reaches 我的待办 and the item pages and
  task pages of the world's items they may see.

The log-out button is left alone (it always opens, and would end the walk); so is the
language switch. A link or button shared by many pages is asked once per person.
"""

import logging
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from viewflow.workflow.models import Task
from viewflow.workflow.status import PROCESS

from base.organisation.models import Person
from tests.security.world import build
from workflows.viewsets import PEOPLE_S_STEPS

pytestmark = pytest.mark.django_db

PEOPLE = [
    "drafter", "leader", "reviewer", "legal", "issuer", "clerk",
    "handler", "checker", "deputy", "director", "admin",
    "mz-drafter", "mz-clerk", "mz-checker", "mz-deputy", "mz-head",
]  # fmt: skip
DEPTH = 3  # clicks from /staff/: menu entry, item or task in a list, a page linked from it
LOGIN = "/staff/accounts/login/"
LEFT_ALONE = ("/staff/accounts/logout/", "/i18n/setlang/")
# Who must reach which of the world's items (their process pages and a task page of each):
# the people of 市教育局 and the offices that see its work (tests/security/test_url_enumeration
# SEES, the flow areas only).
REACHES = {
    "reviewer": {"package_in_review", "package_published"},
    "legal": {"package_published"},
    "issuer": {"package_published"},
    "clerk": {"item_in_progress", "item_closed"},
    "handler": {"item_in_progress", "item_closed"},
    "checker": {"item_in_progress", "item_closed"},
    "deputy": {"item_in_progress", "item_closed"},
    "director": {"package_in_review", "package_published", "item_in_progress", "item_closed"},
}
# the people with an open step in the world: their task pages show the step's buttons
PRESSES = {"reviewer", "checker"}
PROCESS_PAGE = re.compile(r"^/staff/(?:policy/interpretation|proposals/proposal)/(\d+)/$")
TASK_PAGE = re.compile(
    r"^/staff/(?:policy/interpretation|proposals/proposal)/(\d+)/\w+/\d+/(?:\w+/)?$"
)


# --- reading a page -------------------------------------------------------------------------


@dataclass
class Form:
    action: str
    method: str
    fields: list = field(default_factory=list)  # (name, value) the form sends as it stands
    buttons: list = field(default_factory=list)  # (name, value) of its submit buttons


class Page(HTMLParser):
    """The links and forms of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links, self.forms = [], []
        self.form = self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        name = attrs.get("name")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        elif tag == "form":
            method = (attrs.get("method") or "get").lower()
            self.form = Form(attrs.get("action") or "", method)
            self.forms.append(self.form)
        elif self.form is None:
            return
        elif tag == "button" and (attrs.get("type") or "submit") == "submit":
            self.form.buttons.append((name, attrs.get("value", "")))
        elif tag == "input" and name:
            kind = (attrs.get("type") or "text").lower()
            if kind in ("submit", "image"):
                self.form.buttons.append((name, attrs.get("value", "")))
            elif kind not in ("checkbox", "radio", "file", "button") or "checked" in attrs:
                default = "on" if kind in ("checkbox", "radio") else ""
                self.form.fields.append((name, attrs.get("value", default)))
        elif tag == "select" and name:
            self.select = [name, None, None]  # name, the selected option's value, the first's
        elif tag == "option" and self.select is not None:
            value = attrs.get("value", "")
            if self.select[2] is None:
                self.select[2] = value
            if "selected" in attrs:
                self.select[1] = value
        elif tag == "textarea" and name:
            self.textarea = [name, ""]

    def handle_data(self, data):
        if self.textarea is not None:
            self.textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "select" and self.select is not None:
            name, selected, first = self.select
            if self.form is not None:
                self.form.fields.append((name, selected if selected is not None else first or ""))
            self.select = None
        elif tag == "textarea" and self.textarea is not None:
            if self.form is not None:
                self.form.fields.append(tuple(self.textarea))
            self.textarea = None


def same_site(base, href):
    """The path (with query) `href` leads to on this site, or None for elsewhere."""
    if href.startswith(("#", "javascript:", "mailto:", "tel:", "data:")):
        return None
    target = urlsplit(urljoin("http://testserver" + base, href))
    if target.netloc != "testserver":
        return None
    return target.path + (f"?{target.query}" if target.query else "")


def body_of(response):
    if response.streaming:
        # read to the end, so that the test client closes it as a WSGI server would
        return b"".join(response.streaming_content).decode("utf-8", "replace")
    return response.content.decode("utf-8", "replace")


def is_html(response):
    return response.get("Content-Type", "").startswith("text/html")


# --- the walk -------------------------------------------------------------------------------


@dataclass
class Walk:
    who: str
    client: Client
    opened: set = field(default_factory=set)  # the pages read
    asked: set = field(default_factory=set)  # the links and buttons tried
    problems: list = field(default_factory=list)

    def follow(self, where, href):
        """GET a link to its end; the page's text when it is a staff page to read further."""
        response = self.client.get(href, follow=True)
        text = body_of(response)
        end = response.redirect_chain[-1][0] if response.redirect_chain else href
        if response.status_code == 403:
            self.problems.append(f"{self.who}: link {href} on {where} answers 403")
        elif urlsplit(end).path.startswith(LOGIN):
            self.problems.append(f"{self.who}: link {href} on {where} sends to the login page")
        elif response.status_code == 200 and is_html(response):
            return urlsplit(end).path, text
        return None, None

    def press(self, where, form, button):
        """POST a form as it stands with one of its buttons; nothing it does is kept."""
        data = {}
        for name, value in [*form.fields, button]:
            if name:
                data.setdefault(name, []).append(value)
        with transaction.atomic():
            response = self.client.post(form.action, data)
            body_of(response)
            transaction.set_rollback(True)
        if response.status_code == 403:
            label = f"{button[0]}={button[1]}" if button[0] else "submit"
            self.problems.append(
                f"{self.who}: button {label} of the form to {form.action} on {where} answers 403"
            )

    def read(self, where, text):
        """The pages to read next: links and GET forms are followed, buttons pressed."""
        page = Page()
        page.feed(text)
        found = []
        targets = [same_site(where, href) for href in page.links]
        for form in page.forms:
            action = same_site(where, form.action or where)
            if action is None or action.startswith(LEFT_ALONE):
                continue
            if form.method != "post":
                targets.append(action)
                continue
            form.action = action
            for button in form.buttons or [(None, "")]:
                key = ("POST", action, button)
                if key not in self.asked:
                    self.asked.add(key)
                    self.press(where, form, button)
        for target in targets:
            if target is None or target.startswith(LEFT_ALONE) or target in self.asked:
                continue
            self.asked.add(target)
            path, text = self.follow(where, target)
            if path and path.startswith("/staff/") and path not in self.opened:
                self.opened.add(path)
                found.append((path, text))
        return found

    def run(self):
        start = self.client.get("/staff/", follow=True)
        home = start.redirect_chain[-1][0] if start.redirect_chain else "/staff/"
        assert start.status_code == 200, (self.who, start.status_code)
        self.opened.add(home)
        layer = [(home, body_of(start))]
        for _ in range(DEPTH):
            layer = [found for where, text in layer for found in self.read(where, text)]
        return self


def server_errors_only(record):
    return getattr(record, "status_code", 500) >= 500


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    requests = logging.getLogger("django.request")
    requests.addFilter(server_errors_only)  # the refusals the walk looks for are expected noise
    try:
        with (
            django_db_blocker.unblock(),
            override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        ):
            with transaction.atomic():
                yield build()
                transaction.set_rollback(True)
    finally:
        requests.removeFilter(server_errors_only)


def walk(world, who):
    client = Client(raise_request_exception=False)
    client.force_login(world.people[who])
    return Walk(who, client).run()


def items_reached(world, pages):
    """The world's items whose process page, and whose task pages, the walk opened."""
    by_pk = {process.pk: key for key, process in world.items.items()}
    process_pages = {by_pk.get(int(m[1])) for p in pages if (m := PROCESS_PAGE.match(p))}
    task_pages = {by_pk.get(int(m[1])) for p in pages if (m := TASK_PAGE.match(p))}
    return process_pages - {None}, task_pages - {None}


@pytest.mark.parametrize("who", PEOPLE)
def test_every_link_and_button_shown_opens_for_the_person(world, who):
    done = walk(world, who)
    assert not done.problems, f"{len(done.problems)} dead ends:\n" + "\n".join(done.problems)
    # not vacuous: the walk reached 我的待办 and the work the person may see
    assert reverse("staff:index") in done.opened or any(
        page.startswith("/staff/work/") for page in done.opened
    ), sorted(done.opened)
    process_pages, task_pages = items_reached(world, done.opened)
    wanted = REACHES.get(who, set())
    assert wanted <= process_pages, (who, "item pages", wanted - process_pages)
    assert wanted <= task_pages, (who, "task pages", wanted - task_pages)
    if who in PRESSES:
        assert any(isinstance(key, tuple) for key in done.asked), f"{who} was shown no button"


def test_a_process_manager_is_offered_to_cancel_a_running_process(world):
    """The other side of hiding 取消: whoever its page admits still sees it (a superuser)."""
    process = world.items["item_in_progress"]
    assert process.status == PROCESS.NEW
    page = reverse("staff:proposals:proposal:process_detail", args=[process.pk])
    cancel = reverse("staff:proposals:proposal:process_cancel", args=[process.pk])
    clerk, boss = Client(), Client()
    clerk.force_login(world.people["clerk"])
    superuser = Person.objects.get(pk=world.people["admin"].pk)
    superuser.is_superuser = True
    with transaction.atomic():
        superuser.save(update_fields=["is_superuser"])
        boss.force_login(superuser)
        assert cancel in boss.get(page).content.decode()
        assert boss.get(cancel).status_code == 200
        transaction.set_rollback(True)
    assert cancel not in clerk.get(page).content.decode()
    assert clerk.get(cancel).status_code == 403


def test_a_unit_sees_the_other_units_tasks_of_an_item_without_links(world):
    """市教育局 sees the item it led with its co-units' steps listed but not linked: their task
    pages would refuse it."""
    process = world.items["item_closed"]
    client = Client()
    client.force_login(world.people["handler"])
    body = client.get(
        reverse("staff:proposals:proposal:process_detail", args=[process.pk])
    ).content.decode()
    # the page lists the steps people take, not the engine's gateways and timers
    tasks = Task.objects.filter(process=process, flow_task_type__in=PEOPLE_S_STEPS)
    others = [t for t in tasks if not t.flow_task.can_view(world.people["handler"], t)]
    own = [t for t in tasks if t.flow_task.can_view(world.people["handler"], t)]
    assert others and own
    for task in others:
        assert f'/{task.flow_task.name}/{task.pk}/"' not in body, task
    for task in own:
        assert f'/{task.flow_task.name}/{task.pk}/"' in body, task
