"""A staff list's pages: Django's Paginator, with a page number from the query string that is
checked rather than trusted. A number that is not one, or lies past the last page (a bookmark
kept while the list shrank), gets a sentence saying so and a way back, never a 404 or 500."""

import re
from dataclasses import dataclass

from django.core.paginator import Page, Paginator
from django.utils.translation import gettext as _

NUMBER = re.compile(r"[0-9]{1,9}")


@dataclass(frozen=True)
class Paging:
    page: Page | None  # None when the number asked for cannot be shown
    problem: str
    pages: int  # how many pages there are, for the way back

    @property
    def rows(self):
        return self.page.object_list if self.page else []


def paging(items, params, per_page):
    """The page of `items` that `params["page"]` asks for (the first when none is asked)."""
    paginator = Paginator(items, per_page)
    text = (params.get("page") or "").strip() or "1"
    if not NUMBER.fullmatch(text) or int(text) < 1:
        problem = _("页码“%(value)s”无效，应为正整数。") % {"value": text[:20]}
        return Paging(None, problem, paginator.num_pages)
    if int(text) > paginator.num_pages:
        problem = _("页码“%(page)s”超出范围：共%(pages)d页。") % {
            "page": text,
            "pages": paginator.num_pages,
        }
        return Paging(None, problem, paginator.num_pages)
    return Paging(paginator.page(int(text)), "", paginator.num_pages)
