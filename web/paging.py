"""A staff list's pages: Django's Paginator, with a page number from the query string that is
checked rather than trusted. A number that is not one shows the first page, and one past the
last page (a bookmark kept while the list shrank) the last, each with a sentence saying so:
never a 404 or a 500, never a page that leaves the person nowhere to go."""

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

NUMBER = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class Paging:
    page: Page
    problem: str  # why the page shown is not the one asked for; "" when it is

    @property
    def rows(self):
        return self.page.object_list


def paging(items, params, per_page):
    """The page of `items` that `params["page"]` asks for (the first when none is asked)."""
    paginator = Paginator(items, per_page)
    text = (params.get("page") or "").strip() or "1"
    if not NUMBER.fullmatch(text) or int(text) < 1:
        problem = _("页码“%(value)s”无效，应为正整数；下面是第1页。") % {"value": text[:20]}
        return Paging(paginator.page(1), problem)
    last = paginator.num_pages
    if int(text) > last:
        problem = _("页码“%(page)s”超出范围：共%(pages)d页；下面是第%(pages)d页。") % {
            "page": text,
            "pages": last,
        }
        return Paging(paginator.page(last), problem)
    return Paging(paginator.page(int(text)), "")
