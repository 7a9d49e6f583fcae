from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import path
from django.views.decorators.cache import never_cache
from django.views.i18n import set_language

from web import views
from web.site import accounts, site
from workflows.proposals.views import proposer_feedback

admin.site.site_header = "湛江市政务公开工作平台 · 系统管理"
admin.site.site_title = "政务公开工作平台"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    # the proposer's personal link: the signed token is the credential
    path(
        "feedback/<str:token>/",
        login_not_required(never_cache(proposer_feedback)),
        name="proposer_feedback",
    ),
    path("staff/accounts/", accounts.urls),
    path("staff/", site.urls),
    path("admin/", admin.site.urls),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]
