"""The portal's HTML pages: home, the two columns (政策文件与解读, 建议提案办理结果) and one
page per item. Each is public (`login_not_required`), read-only (`require_safe`), validated
(ETag/Last-Modified, 304) and answers a bad query string with a 400 page.
"""

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from publications.models import Kind
from web.portal import params, public
from web.portal.conditional import conditional, item_of, site
from web.portal.paging import paginate
from web.portal.present import Item, items

HOME_ITEMS = 8
PROPOSAL_KINDS = ("建议", "提案")


def not_found(request):
    return render(request, "portal/not_found.html", status=404)


@login_not_required
@require_safe
@conditional(site)
def home(request):
    return render(
        request,
        "portal/home.html",
        {
            "policies": items(public.Selection(Kind.POLICY)[:HOME_ITEMS]),
            "replies": items(public.Selection(Kind.REPLY)[:HOME_ITEMS]),
        },
    )


@login_not_required
@require_safe
@conditional(site)
@params.answers_bad_input_with_html
def policies(request):
    page = paginate(public.Selection(Kind.POLICY), params.page(request), params.PAGE_SIZE)
    page.items = items(page.items)
    return render(request, "portal/policies.html", {"page": page})


def item_page(kind, template, companion=None):
    """The page of one public item of `kind`, 404 while it is not public. `companion` is what
    the template calls the item published together with it (a document's interpretation, an
    interpretation's document), None when that one is not public."""

    @login_not_required
    @require_safe
    @conditional(item_of(kind))
    def page(request, source_id):
        publication = public.find(kind, source_id)
        if publication is None:
            return not_found(request)
        context = {"item": Item(publication)}
        if companion:
            other = public.companion_of(publication)
            context[companion] = Item(other) if other else None
        return render(request, template, context)

    return page


policy = item_page(Kind.POLICY, "portal/policy.html", companion="reading")
interpretation = item_page(Kind.INTERPRETATION, "portal/interpretation.html", companion="document")
reply = item_page(Kind.REPLY, "portal/reply.html")


def reply_years():
    """From the year of the first public reply to this year, newest first."""
    first = (
        public.Selection(Kind.REPLY)
        .versions()
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    this_year = timezone.localdate().year
    first_year = timezone.localtime(first).year if first else this_year
    return list(range(this_year, first_year - 1, -1))


@login_not_required
@require_safe
@conditional(site)
@params.answers_bad_input_with_html
def replies(request):
    years = reply_years()
    year = params.year(request, first=2000, last=years[0])
    proposal_kind = params.choice(request, "kind", PROPOSAL_KINDS)
    chosen = public.Selection(Kind.REPLY)
    if year:
        chosen.where(Q(published_at__year=year))
    if proposal_kind:
        chosen.where(Q(fields__proposal_kind=proposal_kind))
    page = paginate(chosen, params.page(request), params.PAGE_SIZE)
    page.items = items(page.items)
    return render(
        request,
        "portal/replies.html",
        {
            "page": page,
            "years": years,
            "year": year,
            "proposal_kinds": PROPOSAL_KINDS,
            "proposal_kind": proposal_kind,
        },
    )
