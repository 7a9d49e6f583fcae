"""The staff site's own pages (boards, the desk, statistics, uploads), as entries of an
application's menu.

Such an entry is a few plain views and one question, who may use them. The menu shows the
entry to the people its `permission` admits and each of its pages answers anyone else 403:
both ask the same predicate, so the menu and the pages cannot come to disagree.
"""

from django.core.exceptions import PermissionDenied
from django.urls import path
from django.views.generic import RedirectView
from viewflow.urls import Application, AppMenuMixin, Viewset


class StaffPages(AppMenuMixin, Viewset):
    """A menu entry, declared like an Application: `title`, `icon`, `app_name`, `permission`
    (person -> bool, or the name of a Django permission the person must hold) and `pages`,
    each (route, view class, URL name); the page named "index" is the one the menu links to."""

    permission = None
    pages = ()

    def has_view_permission(self, user, obj=None):
        if isinstance(self.permission, str):
            return user.has_perm(self.permission)
        return self.permission(user)

    @property
    def urlpatterns(self):
        return [
            path(route, view.as_view(viewset=self), name=name) for route, view, name in self.pages
        ]


class StaffPage:
    """Mixin for the views of `StaffPages`: a person its permission does not admit gets 403
    before anything is read."""

    viewset = None

    def dispatch(self, request, *args, **kwargs):
        if not self.viewset.has_view_permission(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


def signed_in(user):
    """The permission of the entries everyone signed in may use (我的待办, 我的提醒)."""
    return user.is_authenticated


def first_open(entries, user):
    """The page of the first of `entries` the person may use; 403 when none."""
    for entry in entries:
        if entry.has_view_permission(user):
            return entry.reverse("index")
    raise PermissionDenied


class AreaHome(RedirectView):
    """An area's own address opens the first of its entries the person may use."""

    area = None

    def get_redirect_url(self, *args, **kwargs):
        return first_open(self.area.viewsets, self.request.user)


class Area(Application):
    """An area of work in the menu, shown to whoever may use one of its entries and opening
    on the first of them they may use. viewflow's Application shows to everyone and opens its
    first entry: the proposal office saw 政策解读 and got 403 for clicking it."""

    def has_view_permission(self, user, obj=None):
        return any(entry.has_view_permission(user) for entry in self.viewsets)

    @property
    def index_path(self):
        return path("", AreaHome.as_view(area=self), name="index")
