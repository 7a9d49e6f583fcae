"""Units as people write them. A unit's 全称 (湛江市教育局) is what documents print, but a
clerk types what the office says: 市教育局, 教育局, 市府办, 赤坎区政府 or just 赤坎区, often
with quotes pasted around it. One rule reads all of these, for the proposal importer and
the command line alike, and says so when a name could mean more than one unit instead of
picking one."""

import difflib
import re
import unicodedata
from collections import defaultdict

from django.utils.translation import gettext as _

from base.text import enumerate_items, visible

# the city before the rest of a full name: "湛江市" in 湛江市教育局 or 湛江市赤坎区人民政府
CITY = re.compile(r"^(?:(?![区县])[\u4e00-\u9fff]){2,3}?市(?=[\u4e00-\u9fff]{2})")
# a place whose government is named by the place alone: 赤坎区, 遂溪县, 廉江市
PLACE = re.compile(r"^[\u4e00-\u9fff]{2,}[区县市]$")
QUOTES = "\"'“”‘’「」『』《》〈〉【】"


def normalised(text):
    """The name without what copying adds: spaces (full-width too), quotes around it,
    full-width letters and invisible characters (a zero-width space, a BOM, a direction
    mark), which no unit's name holds and which the clerk cannot see to remove."""
    text = visible(unicodedata.normalize("NFKC", str(text or "")))
    return re.sub(r"\s+", "", text).strip(QUOTES)


# words of an organ's name and how offices shorten them (市政府办公室, 市府办公室; 市住建局)
SHORTENED = {
    "人民政府": ("政府", "府"),
    "住房和城乡建设": ("住房城乡建设", "住建"),
    "发展和改革": ("发展改革", "发改"),
}


def written_forms(unit):
    """Every way of writing the unit this rule accepts, beside its 全称 and 规范化简称."""
    forms = {unit.name, unit.short_name} - {""}
    within_city = CITY.sub("", unit.name)
    if within_city != unit.name:
        forms.add("市" + within_city)  # 市教育局
        if not within_city.startswith("人民政府"):  # the city's own office is 市政府办公室
            forms.add(within_city)  # 教育局
    for word, shorter in SHORTENED.items():
        forms |= {form.replace(word, short) for form in forms for short in shorter if word in form}
    forms |= {form.removesuffix("办公室") + "办" for form in forms if form.endswith("办公室")}
    forms |= {
        place
        for form in forms
        for place in (form.removesuffix("人民政府"), form.removesuffix("政府"))
        if place != form and PLACE.match(place)
    }
    return forms


class UnitNameError(ValueError):
    """A typed name that names no unit or more than one; `message` says which."""

    def __init__(self, text, near=None, candidates=()):
        # a long paste is shown by its start: the message is one line in a list of problems
        self.text = text if len(text) <= 40 else text[:40] + "…"
        self.near, self.candidates = near, list(candidates)
        super().__init__(self.message)

    @property
    def message(self):
        if self.candidates:
            return _("“%(name)s”可指%(units)s，请写明单位全称。") % {
                "name": self.text,
                "units": enumerate_items(f"“{unit.name}”" for unit in self.candidates),
            }
        if self.near is not None:
            return _("找不到单位“%(name)s”，是否指“%(near)s”？") % {
                "name": self.text,
                "near": self.near.name,
            }
        return _("单位“%(value)s”不存在。") % {"value": self.text}


class UnitNames:
    """The units a typed name is looked up among (made once for a whole spreadsheet)."""

    def __init__(self, units):
        self.readings = {}  # each name found that is not a 全称: the unit it was read as
        self.full = {}
        self.official = defaultdict(list)  # 全称 and 规范化简称: what the unit is called
        self.written = defaultdict(list)  # the other forms of written_forms
        for unit in units:
            self.full[unit.name] = unit
            for form in dict.fromkeys([unit.name, unit.short_name]):
                if form:
                    self.official[form].append(unit)
            for form in written_forms(unit):
                self.written[form].append(unit)

    def find(self, text):
        """The unit `text` names; UnitNameError when none or several do. A 全称 or a
        规范化简称 wins over a form another unit's name could also be written in."""
        name = normalised(text)
        if name in self.full:
            return self.full[name]
        for table in (self.official, self.written):
            units = table.get(name, [])
            if len(units) == 1:
                self.readings[name] = units[0]
                return units[0]
            if units:
                raise UnitNameError(name, candidates=units)
        near = difflib.get_close_matches(name, list(self.written), n=1, cutoff=0.6)
        units = self.written[near[0]] if near else []
        raise UnitNameError(name, near=units[0] if len(units) == 1 else None)


def find_unit(text, units=None):
    """The active unit `text` names (see UnitNames.find)."""
    from base.organisation.models import Unit

    if units is None:
        units = Unit.objects.filter(is_active=True)
    return UnitNames(units).find(text)
