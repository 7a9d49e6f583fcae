"""The health check, public like the portal's views (web/portal/): each is marked public
explicitly; everything else needs a login (LoginRequiredMiddleware). And the error pages
(web/urls.py's handlers): in the staff site's look under /staff/ and /admin/, in the
portal's everywhere else, each saying where the person can go on."""

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

STAFF_AREAS = ("/staff/", "/admin/")


@login_not_required
@require_safe
@never_cache
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return JsonResponse({"status": "error", "database": str(error)}, status=503)
    return JsonResponse({"status": "ok", "database": connection.vendor})


def for_staff(request):
    return request.path.startswith(STAFF_AREAS)


def bad_request(request, exception):
    template = "400.html" if for_staff(request) else "portal/bad_request.html"
    return defaults.bad_request(request, exception, template_name=template)


def permission_denied(request, exception):
    template = "403.html" if for_staff(request) else "portal/forbidden.html"
    return defaults.permission_denied(request, exception, template_name=template)


def page_not_found(request, exception):
    template = "404.html" if for_staff(request) else "portal/not_found.html"
    return defaults.page_not_found(request, exception, template_name=template)


def server_error(request):
    """Rendered without the request, so without the context processors: the failure may be
    the database's, and the page must still show."""
    template = "500.html" if for_staff(request) else "portal/server_error.html"
    return defaults.server_error(request, template_name=template)
