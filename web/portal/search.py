"""Search over the title and text of what is public (`Version.search_text` of live
versions: title, summary, body and the kind's fields).

Chinese has no spaces between words, so a term is a substring: `icontains`, which both SQLite
and PostgreSQL answer for Chinese. The query is split on whitespace (the ideographic space
too) and every term must match. Full-width letters and digits typed with a Chinese input
method are read as half-width, and a term matches text written either way.
"""

import re

from django.contrib.auth.decorators import login_not_required
from django.db.models import Q
from django.shortcuts import render
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from web.portal import params, public
from web.portal.conditional import conditional, site
from web.portal.paging import paginate
from web.portal.present import items

MAX_QUERY = 100
MAX_TERMS = 8
# U+FF01…U+FF5E are the full-width forms of ASCII ! … ~; U+3000 is the ideographic space.
HALF_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
FULL_WIDTH = {code - 0xFEE0: code for code in range(0xFF01, 0xFF5F)}


def normalise(query):
    return query.translate(HALF_WIDTH)


def terms(query):
    """Distinct terms in the order typed."""
    return list(dict.fromkeys(normalise(query).split()))


def variants(term):
    """The term as typed (half-width) and, when it has ASCII, in full-width forms: as typed,
    in lower and in upper case (SQLite folds the case of ASCII letters only)."""
    forms = [term.translate(FULL_WIDTH) for term in (term, term.lower(), term.upper())]
    return list(dict.fromkeys([term, *forms]))


def matching(words):
    condition = Q()
    for word in words:
        either = Q()
        for variant in variants(word):
            either |= Q(search_text__icontains=variant)
        condition &= either
    return condition


def snippet(text, words, width=120, before=30):
    """A piece of the text around the first match, matches marked; escaped."""
    text = " ".join(text.split())
    pattern = re.compile(
        "|".join(
            re.escape(v) for v in sorted({v for w in words for v in variants(w)}, key=len)[::-1]
        ),
        re.IGNORECASE,
    )
    found = pattern.search(text) if words else None
    start = max(0, found.start() - before) if found else 0
    piece = text[start : start + width]
    marked, last = [], 0
    for match in pattern.finditer(piece) if words else ():
        marked += [escape(piece[last : match.start()]), f"<mark>{escape(match[0])}</mark>"]
        last = match.end()
    marked.append(escape(piece[last:]))
    prefix = "…" if start else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + "".join(marked) + suffix)


def read_query(request):
    raw = request.GET.get("q", "")
    if "\x00" in raw:
        raise params.Invalid("q", _("检索词含有不允许的字符，请重新输入。"))
    if len(raw) > MAX_QUERY:
        raise params.Invalid(
            "q", _("检索词过长（最多%(limit)d个字），请缩短后再试。") % {"limit": MAX_QUERY}
        )
    query = normalise(raw).strip()
    words = terms(query)
    if len(words) > MAX_TERMS:
        raise params.Invalid("q", _("检索词最多%(limit)d个，请减少后再试。") % {"limit": MAX_TERMS})
    return query, words


@login_not_required
@require_safe
@conditional(site)
@params.answers_bad_input_with_html
def search(request):
    try:
        query, words = read_query(request)
    except params.Invalid as error:
        context = {"query": "", "error": error.message, "page": None}
        return render(request, "portal/search.html", context, status=400)
    page = None
    if words:
        chosen = public.Selection().where(matching(words))
        page = paginate(chosen, params.page(request), params.PAGE_SIZE, counted=False)
        page.items = items(page.items)
        for item in page.items:
            item.snippet = snippet(f"{item.summary}\n{item.body}", words)
    return render(request, "portal/search.html", {"query": query, "page": page})
