"""What a person asks the statistics for — a year, a unit, a page — read from the text they
typed (the query string, the command line), or refused with `BadInput`, whose message says
why in Chinese for the page or the command to show."""

import re

from django.utils import timezone
from django.utils.translation import gettext as _

from base.organisation.models import Unit
from base.organisation.naming import UnitNameError, UnitNames

# The Regulations on Open Government Information (政府信息公开条例) took effect on 1 May 2008;
# the first annual reports are for 2008.
FIRST_YEAR = 2008


class BadInput(ValueError):
    """A year, unit or figure that cannot be used; `message` is for the reader, in Chinese."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def shown(value, limit=20):
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"


def parse_year(value, today=None):
    """The year of `value` (a string or number), between 2008 and this year."""
    text = str(value if value is not None else "").strip()
    last = (today or timezone.localdate()).year
    if not text:
        raise BadInput(_("请填写年份。"))
    if not (text.isascii() and text.isdigit() and len(text) <= 4):
        raise BadInput(
            _("年份“%(value)s”无效，应为四位数字，如 %(year)d。")
            % {"value": shown(text), "year": last}
        )
    year = int(text)
    if year < FIRST_YEAR:
        raise BadInput(
            _("%(year)d年早于《政府信息公开条例》施行（2008年），没有可统计的年度；"
              "请选择%(first)d年至%(last)d年。")
            % {"year": year, "first": FIRST_YEAR, "last": last}
        )  # fmt: skip
    if year > last:
        raise BadInput(
            _("%(year)d年尚未到来，没有可统计的数据；请选择%(first)d年至%(last)d年。")
            % {"year": year, "first": FIRST_YEAR, "last": last}
        )
    return year


def parse_unit(value):
    """The Unit whose id `value` is, None for an empty value."""
    text = str(value if value is not None else "").strip()
    if not text:
        return None
    unit = None
    if re.fullmatch(r"[0-9]{1,9}", text):
        unit = Unit.objects.filter(pk=int(text)).first()
    if unit is None:
        raise BadInput(_("单位“%(value)s”不存在。") % {"value": shown(text)})
    return unit


def find_unit(name):
    """A Unit by any name people write it in (the command line's way of naming one); a
    unit no longer active still has its past years' figures."""
    try:
        return UnitNames(Unit.objects.all()).find(name)
    except UnitNameError as error:
        raise BadInput(error.message) from None
