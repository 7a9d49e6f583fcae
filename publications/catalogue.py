"""The 政府信息公开目录 (disclosure catalogue): every published item's 索引号, 主题分类,
发文机关, 成文日期, 发布日期 and 文号, as the information-index box, the API, the feeds and
the push to the government site platform show them.

索引号 is made by the city's rule (`CATALOGUE_INDEX_RULE`, default
`{code}/{year}-{serial:05d}`, as in 11440800007030519N/2026-00012) from the publishing
unit's 统一社会信用代码, the year it is first published and a serial that counts per code and
year. It is given once, when the item is first published, and never changed: a reader or a
records office that cited it must find the same item under it after a correction, a
withdrawal or a new version.

A unit without a code is not refused: a reply is due to be public by a date and must not wait
for master data. Its items are numbered under `CATALOGUE_FALLBACK_CODE` (default: the code of
the government office, which keeps the city's catalogue), and `manage.py check` names every
such unit so that its code is filled in before it publishes, since a number once given stays.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from base import audit
from base.organisation.models import Unit, UnitKind
from publications.models import CatalogueEntry, IndexSerial, Kind, Publication, Topic

YEAR_IN_NUMBER = re.compile(r"[〔［\[(（](\d{4})[〕］\])）]")

# when nothing at all names a code: plainly a placeholder, and `check` says so
NO_CODE = "0" * 18

# 主题分类 an item gets when nobody chose one: the first topic one of whose words its title
# names, else the first its unit's name does, else 综合政务 (the government office's own
# business). Read in this order, so that a narrower topic wins over a broader one.
TOPIC_WORDS = [
    (Topic.POPULATION, ["计划生育", "生育", "妇女", "儿童", "托育", "人口"]),
    (Topic.EDUCATION, ["教育", "学校", "校园", "学生", "教师", "幼儿园", "科技", "科学技术"]),
    (Topic.HEALTH, ["卫生", "医疗", "医保", "医院", "健康", "疾病", "疫", "体育", "全民健身"]),
    # not 民政 alone: every 人民政府 contains it
    (Topic.CIVIL, ["民政局", "民政工作", "救助", "救灾", "扶贫", "低保", "养老", "残疾", "殡葬"]),
    (Topic.LABOUR, ["就业", "人力资源", "社会保障", "社保", "劳动", "工资", "人事", "监察"]),
    (Topic.SECURITY, ["公安", "司法", "法律援助", "国家安全", "消防", "治安", "法制"]),
    (Topic.MARKET, ["市场监管", "食品安全", "药品", "安全生产", "应急管理", "特种设备"]),
    (Topic.FINANCE, ["财政", "预算", "决算", "金融", "审计", "税收", "税务", "政府债务"]),
    (Topic.ECONOMY, ["发展改革", "国有资产", "国资", "国民经济", "价格", "统计", "营商环境"]),
    (Topic.LAND, ["自然资源", "国土", "土地", "矿产", "能源", "电力", "海域"]),
    (Topic.AGRICULTURE, ["农业", "农村", "乡村", "林业", "水利", "渔业", "海洋渔业", "畜牧"]),
    (Topic.INDUSTRY, ["工业", "工业和信息化", "交通", "港口", "公路", "铁路", "制造业"]),
    (Topic.COMMERCE, ["商务", "商贸", "海关", "口岸", "旅游", "消费", "外贸"]),
    (Topic.URBAN, ["住房", "城乡建设", "老旧小区", "城市更新", "环境保护", "生态", "污染", "物业"]),
    (Topic.CULTURE, ["文化", "广电", "广播", "电视", "新闻出版", "文物", "图书馆"]),
    (Topic.ETHNIC, ["民族", "宗教"]),
    (Topic.FOREIGN, ["外事", "对外"]),
    (Topic.COMPATRIOTS, ["港澳", "台湾", "侨务", "华侨"]),
    (Topic.DEFENCE, ["国防", "兵役", "退役军人", "人民防空", "人防", "双拥"]),
]


# the rule and the codes ------------------------------------------------------------------
def make_number(code, year, serial, rule=None):
    return (rule or settings.CATALOGUE_INDEX_RULE).format(code=code, year=year, serial=serial)


def scope_of(code, year, rule=None):
    """The number with its serial left out: the serials of one scope count 1, 2, 3…, so
    whatever the rule, two scopes never give the same number."""
    rule = rule or settings.CATALOGUE_INDEX_RULE
    return re.sub(r"\{serial[^}]*\}", "#", rule).format(code=code, year=year)


def fallback_code():
    """What a unit without a code publishes under (see the module's text)."""
    if settings.CATALOGUE_FALLBACK_CODE:
        return settings.CATALOGUE_FALLBACK_CODE
    office = (
        Unit.objects.filter(kind=UnitKind.GOVERNMENT_OFFICE, parent_unit=None)
        .exclude(code="")
        .order_by("rank", "pk")
        .values_list("code", flat=True)
        .first()
    )
    return office or NO_CODE


def code_of(unit):
    return unit.organ_code() or fallback_code()


# numbering -------------------------------------------------------------------------------
def next_serial(scope):
    """The scope's next serial, its counter row locked until the caller's transaction ends:
    two publications at once wait for each other instead of taking the same number (a row
    two of them create at once is made by one; get_or_create reads it for the other)."""
    counter, _created = IndexSerial.objects.select_for_update().get_or_create(scope=scope)
    counter.last += 1
    counter.save(update_fields=["last"])
    return counter.last


def give_number(entry, unit, when):
    """索引号 for an entry that has none; unique by the constraint on `index_number`, and a
    number already taken (by a rule changed in mid-year) is passed over."""
    code, year = code_of(unit), timezone.localtime(when).year
    scope = scope_of(code, year)
    while True:
        number = make_number(code, year, next_serial(scope))
        if not CatalogueEntry.objects.filter(index_number=number).exists():
            break
    entry.index_number, entry.numbered_at = number, when
    entry.save(update_fields=["index_number", "numbered_at"])
    return number


def entry_for(kind, source_id):
    entry, _created = CatalogueEntry.objects.get_or_create(kind=kind, source_id=source_id)
    return entry


@transaction.atomic
def enter(publication, unit, when=None):
    """Called by `outbox.publish` with the publication's row locked: the item's entry is
    linked to it and numbered if it has no number yet. Returns the entry."""
    entry = entry_for(publication.kind, publication.source_id)
    if entry.publication_id != publication.pk:
        entry.publication = publication
        entry.save(update_fields=["publication"])
    if not entry.index_number:
        give_number(entry, unit, when or timezone.now())
    publication.catalogue_entry = entry
    return entry


# what people choose ----------------------------------------------------------------------
@transaction.atomic
def check_written_on(written_on):
    """A 成文日期 is the day a document was signed: never after today (2062 typed for 2026
    would print in the public box as fact)."""
    today = timezone.localdate()
    if written_on and written_on > today:
        raise ValidationError(
            _("成文日期%(date)s晚于今天（%(today)s），请核对。")
            % {"date": written_on.isoformat(), "today": today.isoformat()}
        )


def file_under(kind, source_id, topic, person, written_on=None):
    """The drafter's or clerk's 主题分类 (and 成文日期) for an item, before or after it is
    published. A document's interpretation is filed with it unless it was filed apart.

    What the portal, API and feeds show changes at once; the government site platform
    receives it with the item's next publication."""
    if topic and topic not in Topic.values:
        raise ValidationError(_("“%(topic)s”不是政府信息公开目录的主题分类。") % {"topic": topic})
    check_written_on(written_on)
    entry = CatalogueEntry.objects.select_for_update().get(pk=entry_for(kind, source_id).pk)
    entry.topic = topic or ""
    entry.written_on = written_on
    entry.save(update_fields=["topic", "written_on"])
    changed = [entry]
    if kind == Kind.POLICY:
        reading = entry_for(Kind.INTERPRETATION, source_id)
        if not reading.topic:
            reading.topic = entry.topic
            reading.save(update_fields=["topic"])
            changed.append(reading)
    # the public pages' ETag is made of changed_at: a reader's cached copy must not keep the
    # old box
    Publication.objects.filter(
        pk__in=[e.publication_id for e in changed if e.publication_id]
    ).update(changed_at=timezone.now())
    # on the publication once there is one: its record is where staff read its history
    audit.record(
        person,
        "catalogue.filed",
        entry.publication or entry,
        topic=entry.topic,
        written_on=written_on.isoformat() if written_on else "",
    )
    return entry


def default_topic(title, unit_name=""):
    for text in (title, unit_name):
        for topic, words in TOPIC_WORDS:
            if any(word in text for word in words):
                return topic
    return Topic.GENERAL


# what is shown ---------------------------------------------------------------------------
def entry_of(publication):
    """The publication's entry, or None (read from the row a list already selected)."""
    try:
        return publication.catalogue_entry
    except ObjectDoesNotExist:
        return None


def _date(value):
    if isinstance(value, datetime.datetime):
        return timezone.localdate(value)
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)[:10])
    except ValueError:
        return None


def _text(fields, name):
    value = fields.get(name) if isinstance(fields, dict) else None
    return value.strip() if isinstance(value, str) else ""


def describe(publication, version):
    """The catalogue fields of a public item's live version: a dict of plain values,
    dates as `datetime.date` (None when unknown), the topic as a `Topic`.

    发文机关 is the document's issuing body, else the unit that published it (a reply is the
    handling unit's letter, an interpretation its drafting unit's); 文号 is the document's or
    the letter's number (an interpretation has none of its own)."""
    fields = version.fields if isinstance(version.fields, dict) else {}
    entry = entry_of(publication)
    unit = publication.unit
    topic = (entry.topic if entry else "") or default_topic(version.title, unit.name)
    if publication.kind == Kind.REPLY:
        number, written = _text(fields, "letter_number"), _date(_text(fields, "sent_on"))
    elif publication.kind == Kind.POLICY:
        number, written = _text(fields, "number"), None
    else:
        number, written = "", None
    if entry and entry.written_on:
        written = entry.written_on
    if written is None and entry and entry.numbered_at:
        written = _date(entry.numbered_at)
        if number_year(number) not in (None, written.year):
            # 湛府办〔2018〕22号 was not written in 2026: unknown until someone files the date
            written = None
    return {
        "index_number": (entry.index_number if entry else "") or "",
        "topic": Topic(topic),
        "issuing_body": _text(fields, "issuing_body") or unit.name,
        "written_on": written,
        "title": version.title,
        "number": number,
        "published_on": _date(version.published_at),
    }


def number_year(number):
    """The year a document number carries (湛府办〔2018〕22号 → 2018), which is the year the
    document was written (GB/T 9704 §7.2.4: 年份标全称, the year of issue); None if it has
    none."""
    found = YEAR_IN_NUMBER.search(number or "")
    return int(found[1]) if found else None


# manage.py check -----------------------------------------------------------------------
def check_codes(app_configs=None, **kwargs):
    """Every active unit without a 统一社会信用代码 publishes under the fallback code, and the
    numbers it gets stay: said before it publishes, not after."""
    from django.core import checks
    from django.db import DatabaseError

    from base.organisation.codes import validate_credit_code

    messages = []
    if settings.CATALOGUE_FALLBACK_CODE:
        try:
            validate_credit_code(settings.CATALOGUE_FALLBACK_CODE)
        except ValidationError as error:
            messages.append(
                checks.Warning(
                    f"CATALOGUE_FALLBACK_CODE（{settings.CATALOGUE_FALLBACK_CODE}）："
                    + "".join(error.messages),
                    id="publications.W002",
                )
            )
    try:
        missing = list(
            unit.name
            for unit in Unit.objects.filter(is_active=True, code="").order_by("rank", "name")
            if not unit.organ_code()
        )
        fallback = fallback_code() if missing else ""
    except DatabaseError:  # no tables yet (a new database before migrate)
        return messages
    if missing:
        messages.append(
            checks.Warning(
                f"以下单位没有统一社会信用代码，其发布的信息将以 {fallback} 编索引号，"
                f"且索引号一经生成不再改变：{'、'.join(missing)}",
                hint="在管理后台的“单位”中填写统一社会信用代码；"
                "或设置 CATALOGUE_FALLBACK_CODE（docs/settings.md）。",
                id="publications.W001",
            )
        )
    return messages
