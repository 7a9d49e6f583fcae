"""The error pages: the staff site's look under /staff/ and /admin/, the portal's elsewhere,
each saying what the person can do and linking the ways on (我的待办, logging out, the
portal); the 500 page renders without the request's context or the database."""

import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template import loader
from django.test import Client, RequestFactory
from django.urls import get_resolver, reverse
from django.utils import translation

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person
from web import views

STAFF_TITLE = "湛江市政务公开工作平台"
STAFF_RED = "#b71c1c"
PORTAL_MASTHEAD = "湛江市人民政府"


def staff_look(body):
    return STAFF_TITLE in body and STAFF_RED in body and PORTAL_MASTHEAD not in body


def portal_look(body):
    return PORTAL_MASTHEAD in body and STAFF_RED not in body


def ways_on(body):
    """The links every staff error page offers: 我的待办 and the portal."""
    return f'href="{reverse("staff:index")}"' in body and f'href="{reverse("portal:home")}"' in body


def logout_button(body):
    return f'action="{reverse("logout")}"' in body and 'method="post"' in body


def request_to(path, user=None):
    request = RequestFactory().get(path)
    request.user = user or AnonymousUser()
    return request


@pytest.fixture(autouse=True)
def in_chinese():
    """The handlers called directly run without LocaleMiddleware: in the site's language."""
    with translation.override("zh-hans"):
        yield


@pytest.fixture
def people(db):
    load_units_and_people()
    return {person.username: person for person in Person.objects.all()}


def test_the_proposal_office_refused_the_policy_area_gets_the_staff_403(client, people):
    client.force_login(people["clerk"])
    response = client.get(reverse("staff:policy:interpretation:index"))
    body = response.content.decode()
    assert response.status_code == 403
    assert staff_look(body) and ways_on(body) and logout_button(body)
    assert "无权访问此页面" in body and "周敏" in body
    assert "have no rights" not in body and "以其他用户身份登录" not in body  # viewflow's page


def test_the_403_speaks_english_to_whoever_chose_it(client, people):
    client.force_login(people["clerk"])
    client.cookies["django_language"] = "en"
    body = client.get(reverse("staff:policy:interpretation:index")).content.decode()
    assert '<html lang="en"' in body
    assert "Zhanjiang Government Openness Work Platform" in body


def test_the_403_names_the_rule_that_refused(people):
    reason = "只有起草单位的起草人可以修改本文件及其解读材料。"
    request = request_to("/staff/policy/interpretation/1/", people["drafter"])
    response = views.permission_denied(request, PermissionDenied(reason))
    body = response.content.decode()
    assert response.status_code == 403 and reason in body and staff_look(body)


def test_an_administrator_refused_in_the_admin_gets_the_staff_403(people):
    response = views.permission_denied(request_to("/admin/auth/group/", people["admin"]), None)
    body = response.content.decode()
    assert response.status_code == 403 and staff_look(body) and logout_button(body)


def test_a_403_on_the_portal_keeps_the_portals_look(db):
    response = views.permission_denied(request_to("/feedback/abc/"), PermissionDenied())
    body = response.content.decode()
    assert response.status_code == 403 and portal_look(body)
    assert "无权访问此页面" in body and f'href="{reverse("portal:home")}"' in body


def test_a_staff_page_that_does_not_exist_gets_the_staff_404(client, people):
    client.force_login(people["clerk"])
    response = client.get(reverse("staff:proposals:proposal:process_detail", args=[999999]))
    body = response.content.decode()
    assert response.status_code == 404
    assert staff_look(body) and ways_on(body) and "未找到这个页面" in body


def test_an_unknown_staff_address_gets_the_staff_404(client, people):
    client.force_login(people["clerk"])
    response = client.get("/staff/no-such-page/")
    assert response.status_code == 404 and staff_look(response.content.decode())


def test_an_unknown_portal_address_gets_the_portals_404(client, db):
    response = client.get("/no-such-page/")
    body = response.content.decode()
    assert response.status_code == 404 and portal_look(body) and "未找到该信息" in body


def test_the_staff_404_to_someone_logged_out_offers_to_log_in(db):
    response = views.page_not_found(request_to("/staff/x/"), Http404())
    body = response.content.decode()
    assert staff_look(body) and f'href="{reverse("login")}?next=/staff/x/"' in body
    assert not logout_button(body)


# no database: the 500 page must show when the database is what failed
@pytest.mark.parametrize("path", ["/staff/proposals/proposal/1/", "/admin/"])
def test_the_staff_500_renders_without_request_context_or_database(path):
    response = views.server_error(RequestFactory().get(path))
    body = response.content.decode()
    assert response.status_code == 500
    assert staff_look(body) and ways_on(body) and "系统出错了" in body
    assert not logout_button(body)  # no request: no CSRF token for a form


def test_the_portal_500_renders_without_request_context_or_database():
    response = views.server_error(RequestFactory().get("/policies/"))
    body = response.content.decode()
    assert response.status_code == 500 and portal_look(body) and "网站暂时出错" in body


def test_the_site_answers_errors_with_these_handlers():
    resolver = get_resolver()
    assert resolver.resolve_error_handler(400) is views.bad_request
    assert resolver.resolve_error_handler(403) is views.permission_denied
    assert resolver.resolve_error_handler(404) is views.page_not_found
    assert resolver.resolve_error_handler(500) is views.server_error


@pytest.mark.parametrize("name", ["400.html", "403.html", "404.html", "500.html"])
def test_viewflows_error_templates_are_replaced_by_the_sites(name):
    """viewflow ships blue error pages under the same names: whatever renders these names
    (Django's default handlers, viewflow's own views) gets the site's."""
    origin = loader.get_template(name).origin.name
    assert "/web/templates/" in origin, origin


def test_the_staff_400_has_the_ways_on(db):
    response = views.bad_request(request_to("/staff/x/"), None)
    body = response.content.decode()
    assert response.status_code == 400 and staff_look(body) and ways_on(body)


def test_the_403_logs_out_with_its_own_button(people):
    """The page's form carries a CSRF token of its own: the button works even though the
    page is an error."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(people["clerk"])
    body = client.get(reverse("staff:policy:interpretation:index")).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    assert client.post(reverse("logout"), {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get(reverse("staff:index")).url.startswith(reverse("login"))
