"""Pages of a list. A page past the end is an empty page (with a way back), not an error:
lists grow and shrink (a withdrawal), and a bookmarked page 40 may be empty tomorrow.

A list that is costly to count (search: every term is a scan of the text) is paged without
a total: one item more than a page is read to know whether a next page exists.
"""

from dataclasses import dataclass, field

from django.core.paginator import EmptyPage, Paginator


@dataclass
class Page:
    number: int
    size: int
    count: int | None  # None: not counted
    pages: int | None
    items: list = field(default_factory=list)
    page_range: list = field(default_factory=list)
    more: bool = False

    @property
    def has_previous(self):
        return self.number > 1 and self.count != 0

    @property
    def has_next(self):
        return self.more if self.pages is None else self.number < self.pages

    @property
    def previous_number(self):
        return self.number - 1 if self.pages is None else min(self.number - 1, self.pages)

    @property
    def next_number(self):
        return self.number + 1

    @property
    def beyond_the_end(self):
        if self.pages is None:
            return self.number > 1 and not self.items
        return self.number > self.pages and self.count > 0

    @property
    def paginated(self):
        return self.has_previous or self.has_next

    @property
    def first_index(self):
        return (self.number - 1) * self.size + 1


def paginate(selection, number, size, counted=True):
    if not counted:
        start = (number - 1) * size
        items = list(selection[start : start + size + 1])
        more = len(items) > size
        known = number == 1 and not more
        return Page(
            number=number,
            size=size,
            count=len(items) if known else None,
            pages=(1 if items else 0) if known else None,
            items=items[:size],
            more=more,
        )
    paginator = Paginator(selection, size)
    try:
        items = list(paginator.page(number).object_list)
    except EmptyPage:
        items = []
    return Page(
        number=number,
        size=size,
        count=paginator.count,
        pages=paginator.num_pages if paginator.count else 0,
        items=items,
        # None stands for the gap ("…") between page numbers
        page_range=[
            entry if isinstance(entry, int) else None
            for entry in paginator.get_elided_page_range(min(number, paginator.num_pages))
        ]
        if paginator.count
        else [],
    )
