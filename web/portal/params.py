"""Reading the query string: every parameter is checked here and a bad one becomes a clear
400 in Chinese (an HTML page or JSON), never an exception deeper down.

A value the database would choke on (a NUL byte, a date beyond the calendar, a page number
with a hundred digits) stops here too.
"""

import datetime
import re
from functools import wraps

from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from base.text import enumerate_items
from publications.models import Kind

PAGE_SIZE = 20
MAX_PAGE_SIZE = 100
# Longer numbers are not pages anyone reaches; refusing them keeps OFFSET sane.
MAX_PAGE = 100_000


# How a message names a parameter: in words for a person, with the name a program sent.
LABELS = {
    "page": gettext_lazy("页码"),
    "p": gettext_lazy("页码"),
    "page_size": gettext_lazy("每页条数"),
    "kind": gettext_lazy("类别"),
    "unit": gettext_lazy("单位编号"),
    "since": gettext_lazy("起始时间"),
    "year": gettext_lazy("年份"),
    "q": gettext_lazy("检索词"),
}


def label(name):
    return f"{LABELS[name]}（{name}）" if name in LABELS else f"“{name}”"


class Invalid(Exception):
    """A query parameter the portal cannot use; `message` is for the reader."""

    def __init__(self, parameter, message):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def text(request, name, max_length=200):
    value = request.GET.get(name, "")
    if "\x00" in value:
        raise Invalid(name, _("%(name)s含有不允许的字符。") % {"name": label(name)})
    if len(value) > max_length:
        message = _("%(name)s过长（最多%(limit)d个字符）。")
        raise Invalid(name, message % {"name": label(name), "limit": max_length})
    return value.strip()


def positive(request, name, default, maximum):
    value = text(request, name, max_length=20)
    if not value:
        return default
    if not value.isascii() or not value.isdigit() or int(value) < 1:
        raise Invalid(name, _("%(name)s必须是正整数。") % {"name": label(name)})
    if int(value) > maximum:
        message = _("%(name)s不能大于%(limit)d。")
        raise Invalid(name, message % {"name": label(name), "limit": maximum})
    return int(value)


def page(request):
    return positive(request, "page", 1, MAX_PAGE)


def page_size(request):
    return positive(request, "page_size", PAGE_SIZE, MAX_PAGE_SIZE)


def identifier(request, name):
    """A database id, or None when absent."""
    value = text(request, name, max_length=20)
    return positive(request, name, None, 10**18 - 1) if value else None


def choice(request, name, choices):
    value = text(request, name, max_length=40)
    if value and value not in choices:
        message = _("%(name)s只能是：%(choices)s。")
        raise Invalid(name, message % {"name": label(name), "choices": enumerate_items(choices)})
    return value or None


def kind(request):
    return choice(request, "kind", Kind.values)


def year(request, first, last):
    value = text(request, "year", max_length=10)
    if not value:
        return None
    if not value.isascii() or not value.isdigit() or not first <= int(value) <= last:
        message = _("%(name)s必须是%(first)d至%(last)d之间的年份。")
        raise Invalid("year", message % {"name": label("year"), "first": first, "last": last})
    return int(value)


# `+` in a query string means a space: "2026-06-01T08:00:00 08:00" was meant as +08:00.
PLUS_AS_SPACE = re.compile(r"(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}(?::?\d{2})?)$")


def since(request):
    """An ISO 8601 date (the start of that day in the portal's time zone) or date-time (a
    time without zone is in the portal's time zone); None when absent."""
    value = PLUS_AS_SPACE.sub(r"\1+\2", text(request, "since", max_length=40))
    if not value:
        return None
    try:
        moment = parse_datetime(value)
        if moment is None and (date := parse_date(value)) is not None:
            moment = datetime.datetime.combine(date, datetime.time.min)
        if moment is not None and timezone.is_naive(moment):
            moment = timezone.make_aware(moment)
        if moment is not None:
            moment.astimezone(datetime.UTC)  # the database stores UTC: must be representable
    except (ValueError, OverflowError):
        moment = None
    if moment is None:
        message = _(
            "%(name)s必须是 ISO 8601 格式的日期或时间，"
            "如 2026-06-01 或 2026-06-01T08:00:00+08:00（网址中的“+”号须编码）。"
        )
        raise Invalid("since", message % {"name": label("since")})
    return moment


def answering_invalid_with(answer):
    """A decorator for views that read the query string: an `Invalid` parameter is answered
    with `answer(request, error)`, the 400 in the view's own format."""

    def decorator(view):
        @wraps(view)
        def inner(request, *args, **kwargs):
            try:
                return view(request, *args, **kwargs)
            except Invalid as error:
                return answer(request, error)

        return inner

    return decorator


def bad_request_page(request, error):
    context = {"message": error.message, "parameter": error.parameter}
    return render(request, "portal/bad_request.html", context, status=400)


def bad_request_json(request, error):
    """The API's: a JSON body naming the parameter."""
    return error_json(error.message, status=400, parameter=error.parameter)


answers_bad_input_with_html = answering_invalid_with(bad_request_page)
answers_bad_input_with_json = answering_invalid_with(bad_request_json)


def error_json(message, status, **extra):
    return JsonResponse(
        {"error": message, **extra}, status=status, json_dumps_params={"ensure_ascii": False}
    )
