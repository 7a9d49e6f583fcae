from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from web import calendar_feed, province_login, two_factor, views
from web.limits import limited
from web.portal.feedback import proposer_feedback
from web.site import accounts, site

admin.site.site_header = gettext_lazy("湛江市政务公开工作平台 · 系统管理")
admin.site.site_title = gettext_lazy("政务公开工作平台")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    # the proposer's personal link (web/portal/feedback.py): the signed token is the
    # credential; outside the portal's namespace, as the staff page reverses it by this name
    path(
        "feedback/<str:token>/",
        login_not_required(never_cache(limited("feedback")(proposer_feedback))),
        name="proposer_feedback",
    ),
    # a person's due dates for their calendar app: the secret key is the credential
    path(
        "calendar/<str:key>/<str:language>.ics",
        calendar_feed.feed,
        name="calendar_feed",
    ),
    path("staff/work/calendar/", calendar_feed.subscription, name="calendar_subscription"),
    # the second factor after the password (web/two_factor.py)
    path("staff/accounts/two-factor/", never_cache(two_factor.two_factor), name="two_factor"),
    # signing in with the province's identity (web/province_login.py): 404 unless configured
    path(
        "staff/accounts/province/",
        login_not_required(never_cache(province_login.Start.as_view())),
        name="province_login",
    ),
    path(
        "staff/accounts/province/callback/",
        login_not_required(never_cache(province_login.Callback.as_view())),
        name="province_login_callback",
    ),
    path("staff/accounts/", accounts.urls),
    path("staff/", site.urls),
    path("admin/", admin.site.urls),
    # no CSRF token: the static export's pages carry a stale one, and the worst a forged
    # request can do is switch someone's language
    path("i18n/setlang/", login_not_required(csrf_exempt(set_language)), name="set_language"),
    # the public portal, its feeds, API and sitemap (web/portal/urls.py)
    path("", include("web.portal.urls", namespace="portal")),
]

# the error pages, in the staff site's look under /staff/ and /admin/ and the portal's
# elsewhere (web/views.py)
handler400 = views.bad_request
handler403 = views.permission_denied
handler404 = views.page_not_found
handler500 = views.server_error
