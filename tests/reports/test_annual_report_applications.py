"""Tables 三 and 四 of the annual report counted from the applications: for a year of
applications (some received the year before, some answered the year after, some to another
organ, reconsiderations and lawsuits decided or not by the year's end) the PDF prints what a
count made here from the plan gives, every column balances (一 + 二 = 三（七）+ 四), and the
staff page, the PDF and the Word file say the same. The office's forms for the two tables
give way to the counted table from the first year the organ keeps its applications here;
before it, what the office typed is printed as before (手工填报)."""

import io
import random
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from html import unescape

import pytest
from django.utils import timezone
from docx import Document
from docx.oxml.ns import qn

from applications import receiving
from applications.categories import APPLICANT_KINDS, result_lines
from applications.models import (
    AnswerCategory,
    Application,
    Channel,
    Collection,
    Provision,
    Remedy,
)
from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit, UnitKind
from reports import annual, office_parts, tables
from reports.annual_docx import report_docx
from reports.models import AnnualReportPart
from reports.sources import Scope

pytestmark = pytest.mark.django_db

YEAR = 2026
FIRST, LAST = date(YEAR, 1, 1), date(YEAR, 12, 31)
KINDS = [kind for kind, _label in APPLICANT_KINDS]
LINES = [code for code, _label in result_lines()]
BLOCKS = ["review", "direct", "after_review"]
RESULTS = ["upheld", "corrected", "other", "pending"]
PARTS = "/staff/reports/annual/parts/"


@dataclass
class Planned:
    kind: str
    received: date
    answered: date | None
    category: str | None
    remedy: tuple | None = None  # (kind, filed, result, decided)


def plan(seed=21, count=160):
    """Applications received from October 2025 to December 2026, answered within 0-45
    days or not at all; a remedy for about one answer in eight."""
    rng = random.Random(seed)
    start = date(YEAR - 1, 10, 1)
    found = []
    for _ in range(count):
        received = start + timedelta(days=rng.randrange((LAST - start).days + 1))
        kind = rng.choices(KINDS, weights=[60, 12, 4, 4, 6, 4])[0]
        answered = category = None
        if rng.random() < 0.85:
            answered = received + timedelta(days=rng.randrange(46))
            category = rng.choice(LINES)
        one = Planned(kind, received, answered, category)
        if answered and rng.random() < 0.125:
            filed = answered + timedelta(days=rng.randrange(10, 60))
            result = rng.choice(RESULTS)
            decided = None if result == "pending" else filed + timedelta(days=rng.randrange(20, 90))
            one.remedy = (rng.choice(BLOCKS), filed, result, decided)
        found.append(one)
    return found


def make(organ, planned):
    categories = {row.code: row for row in AnswerCategory.objects.all()}
    for one in planned:
        _key, digest = receiving.new_status_key()
        application = Application.objects.create(
            organ=organ,
            receipt_number=receiving.next_receipt_number(organ, one.received.year),
            status_digest=digest,
            applicant_kind=one.kind,
            name="申请人",
            phone="13800000000",
            description="所需信息",
            provision=Provision.ELECTRONIC,
            collection=Collection.EMAIL,
            channel=Channel.ONLINE,
            submitted_on=one.received,
            received_on=one.received,
            answered_on=one.answered,
            category=categories.get(one.category),
        )
        # registered the day it was received: the organ keeps its applications here since
        registered = timezone.make_aware(datetime.combine(one.received, time(10)))
        Application.objects.filter(pk=application.pk).update(registered_at=registered)
        if one.remedy:
            kind, filed, result, decided = one.remedy
            Remedy.objects.create(
                application=application,
                kind=kind,
                filed_on=filed,
                result=result,
                decided_on=decided,
            )


def count_three(planned):
    """Table 三 counted here from the plan: {line: [per kind..., 总计]}."""
    cells = {line: [0] * len(KINDS) for line in ["new", "carried", *LINES, "carried_over"]}
    for one in planned:
        column = KINDS.index(one.kind)
        if FIRST <= one.received <= LAST:
            cells["new"][column] += 1
        if one.received < FIRST and (one.answered is None or one.answered >= FIRST):
            cells["carried"][column] += 1
        if one.answered and FIRST <= one.answered <= LAST:
            cells[one.category][column] += 1
        if one.received <= LAST and (one.answered is None or one.answered > LAST):
            cells["carried_over"][column] += 1
    return {line: [*row, sum(row)] for line, row in cells.items()}


def count_four(planned):
    """Table 四's 15 figures counted here: filed in the year, by the result at its end."""
    cells = {block: [0] * 4 for block in BLOCKS}
    for one in planned:
        if one.remedy and one.remedy[1].year == YEAR:
            block, _filed, result, decided = one.remedy
            at_end = result if decided and decided <= LAST else "pending"
            cells[block][RESULTS.index(at_end)] += 1
    return [figure for block in BLOCKS for figure in [*cells[block], sum(cells[block])]]


@pytest.fixture
def applications(db):
    load_units_and_people()
    office = Unit.objects.get(kind=UnitKind.GOVERNMENT_OFFICE, parent_unit=None)
    planned = plan()
    make(office, planned)
    # another organ's applications are its own report's, not the office's
    education = Unit.objects.get(name="湛江市教育局")
    make(education, plan(seed=7, count=20))
    return planned


def pdf_text():
    stats = tables.compute(Scope(YEAR, None), with_steps=False)
    done = subprocess.run(
        ["pdftotext", "-layout", "-", "-"],
        input=annual.report_pdf_uncached(stats),
        capture_output=True,
        check=True,
    )
    return done.stdout.decode()


def table_rows(text, start, end):
    """The rows of numbers between two headings of the PDF's text, in order: each a list of
    the integers that stand alone at the end of a line."""
    part = text[text.index(start) : text.index(end)]
    rows = []
    for line in part.splitlines():
        found = re.search(r"(?:^|\s)((?:\d+\s+){6,14}\d+)\s*$", line)
        if found:
            rows.append([int(n) for n in found.group(1).split()])
    return rows


def test_table_three_printed_is_the_count_and_balances(applications):
    want = count_three(applications)
    rows = table_rows(pdf_text(), "三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议")
    lines = ["new", "carried", *LINES, "results_total", "carried_over"]
    want["results_total"] = [sum(want[line][i] for line in LINES) for i in range(7)]
    assert rows == [want[line] for line in lines]
    printed = dict(zip(lines, rows, strict=True))
    for column in range(7):  # the table's own check, in every column and the total
        came = printed["new"][column] + printed["carried"][column]
        went = printed["results_total"][column] + printed["carried_over"][column]
        assert came == went, f"column {column}: {came} ≠ {went}"
    assert printed["new"][6] == sum(1 for one in applications if one.received.year == YEAR)
    assert printed["carried"][6] > 0 and printed["carried_over"][6] > 0


def test_table_four_printed_is_the_count(applications):
    want = count_four(applications)
    assert sum(want) > 0
    rows = table_rows(pdf_text(), "四、政府信息公开行政复议", "五、存在的主要问题")
    assert rows == [want]


def figures_of(words):
    return [int(n) for n in re.findall(r"\d+", words)]


def test_the_staff_page_the_pdf_and_the_word_file_say_the_same(applications, client):
    client.force_login(Person.objects.get(username="reviewer"))
    page = client.get("/staff/reports/annual/", {"year": YEAR}).content.decode()
    stats = tables.compute(Scope(YEAR, None), with_steps=False)
    document = Document(io.BytesIO(report_docx(stats)))
    words = [node.text or "" for node in document.element.body.iter(qn("w:t"))]
    word_text = "".join(words)
    staff_text = unescape(re.sub(r"<[^>]+>", " ", page))
    pdf = pdf_text()
    three = count_three(applications)
    total = [sum(three[line][i] for line in LINES) for i in range(7)]
    for text in (staff_text, word_text, pdf):
        flat = "".join(text.split())
        body = flat[flat.index("三、收到和处理政府信息公开申请情况") :]
        assert "一、本年新收政府信息公开申请数量" + "".join(map(str, three["new"])) in body
        assert "（七）总计" + "".join(map(str, total)) in body
        assert "四、结转下年度继续办理" + "".join(map(str, three["carried_over"])) in body
        assert "不在本系统中" not in flat


def test_the_counted_tables_have_no_form_and_say_where_the_records_are(applications, client):
    client.force_login(Person.objects.get(username="reviewer"))
    # a table typed before the records came is kept but no longer used
    AnnualReportPart.objects.create(year=YEAR, part="requests", content={"cells": {"new": [9]}})
    parts = client.get(PARTS, {"year": YEAR}).content.decode()
    assert parts.count("由系统根据申请记录统计") == 2
    page = client.get(f"{PARTS}requests/", {"year": YEAR}).content.decode()
    assert 'name="r-new-natural"' not in page  # nothing to type
    assert "此前手工填报的数字已不再使用" in page
    new = count_three(applications)["new"]
    assert "".join(f'<td class="ap-num">{n}</td>' for n in new[:6]) in page
    assert "依申请公开" in page  # where the figures are changed
    appeals = client.get(f"{PARTS}appeals/", {"year": YEAR}).content.decode()
    assert 'name="a-review-upheld"' not in appeals and "行政复议" in appeals
    refused = client.post(f"{PARTS}requests/?year={YEAR}", {"r-new-natural": "1"})
    assert refused.status_code == 403
    assert AnnualReportPart.objects.get(year=YEAR, part="requests").content["cells"]["new"] == [9]
    with pytest.raises(PermissionError):
        office_parts.save(
            Person.objects.get(username="reviewer"),
            YEAR,
            None,
            office_parts.BY_KEY["appeals"],
            {"cells": {}},
        )


def test_a_year_before_the_records_is_typed_by_hand(applications, client):
    """2024: no application here was registered in it; the office types the table."""
    client.force_login(Person.objects.get(username="reviewer"))
    parts = client.get(PARTS, {"year": 2024}).content.decode()
    assert parts.count("手工填报") == 2 and "由系统根据申请记录统计" not in parts
    data = {office_parts.request_cell("new", "natural"): "2"}
    data[office_parts.request_cell("granted", "natural")] = "2"
    assert client.post(f"{PARTS}requests/?year=2024", data).status_code == 302
    office = office_parts.for_report(2024, None)
    assert not office["counted"]
    assert office["requests"]["head"][0][1] == [2, 0, 0, 0, 0, 0, 2]
    assert office_parts.for_report(YEAR, None)["counted"]


def test_a_units_report_counts_the_applications_made_to_it(applications):
    education = Unit.objects.get(name="湛江市教育局")
    own = [one for one in plan(seed=7, count=20) if one.received.year == YEAR]
    table = office_parts.for_report(YEAR, education)["requests"]
    assert table["head"][0][1][-1] == len(own)  # 本年新收, 总计
