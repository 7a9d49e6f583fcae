"""The JSON API for machine readers: the list of public items (paginated, filtered, newest
first) and one item by its key. An item is `publications.payloads.of_version` of its live
version, so the API says exactly what the HTTP push to the government site platform says.

Errors are JSON too: {"error": "…", "parameter": "page"} with 400, {"error": "…"} with 404.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from publications import payloads
from publications.models import Kind
from web.portal import params, public
from web.portal.conditional import conditional, site, static
from web.portal.conditional import item as item_state
from web.portal.paging import paginate


def answer(data, status=200):
    response = JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})
    # public data without credentials: any page may fetch it
    response.headers["Access-Control-Allow-Origin"] = "*"
    return response


def payload(publication):
    version = publication.live
    version.publication = publication  # of_version reads it: no query, the row is here
    return payloads.of_version(version)


def page_link(request, number):
    query = request.GET.copy()
    query["page"] = number
    return payloads.absolute(f"{request.path}?{query.urlencode()}")


@login_not_required
@require_safe
@conditional(site)
@params.answers_bad_input_with_json
def publications(request):
    number, size = params.page(request), params.page_size(request)
    kind, unit, since = (
        params.kind(request),
        params.identifier(request, "unit"),
        params.since(request),
    )
    chosen = public.Selection(kind, unit=unit)
    if since is not None:
        chosen.where(Q(published_at__gte=since))
    page = paginate(chosen, number, size)
    return answer(
        {
            "count": page.count,
            "page": page.number,
            "page_size": page.size,
            "pages": page.pages,
            "next": page_link(request, page.next_number) if page.has_next else None,
            "previous": page_link(request, page.previous_number) if page.has_previous else None,
            "results": [payload(publication) for publication in page.items],
        }
    )


def parse_key(key):
    """'policy-12' → ('policy', 12); None for anything else."""
    kind, _dash, number = key.rpartition("-")
    if kind not in Kind.values or not (number.isascii() and number.isdigit() and len(number) < 19):
        return None
    return kind, int(number)


def key_state(request, key):
    parsed = parse_key(key)
    return item_state(request, *parsed) if parsed else None


@login_not_required
@require_safe
@conditional(key_state)
def publication(request, key):
    parsed = parse_key(key)
    found = public.find(*parsed) if parsed else None
    if found is None:
        return answer({"error": _("未找到该公开信息，或已撤回。")}, status=404)
    return answer(payload(found))


@login_not_required
@require_safe
@conditional(static)
def openapi(request):
    from web.portal.openapi import description

    return answer(description(api=reverse("portal:api-publications")))
