"""Units by their official names: the demo's 全称, 规范化简称 and 统一社会信用代码, a database
loaded under the old short names renamed in place, and the names clerks type read as the unit
they mean (or refused when they could mean two)."""

import io

import openpyxl
import pytest
from django.contrib.admin.sites import site as admin_site
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from base.organisation.codes import validate_credit_code
from base.organisation.demo import UNITS, load_units_and_people
from base.organisation.models import Person, Unit, UnitKind
from base.organisation.naming import UnitNameError, find_unit
from proposals.importing import ImportFailed, import_file
from reports.inputs import BadInput
from reports.inputs import find_unit as report_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    load_units_and_people()


def test_the_demo_units_carry_their_full_name_short_name_and_a_valid_code(demo):
    education = Unit.objects.get(name="湛江市教育局")
    assert (education.short_name, education.code) == ("市教育局", "114408000070000628")
    chikan = Unit.objects.get(name="湛江市赤坎区人民政府")
    assert chikan.short_name == "赤坎区政府" and chikan.code.startswith("11440802")
    for unit in Unit.objects.exclude(kind=UnitKind.PROPOSAL_OFFICE):
        assert unit.name.startswith("湛江市") and unit.short_name, unit
        validate_credit_code(unit.code)  # raises on a wrong check character
        assert unit.code.startswith("11") and unit.code[2:6] == "4408", unit
    assert len({unit.code for unit in Unit.objects.exclude(code="")}) == len(UNITS) - 1
    assert not Unit.objects.filter(name__in=["市府办公室", "市教育局", "赤坎区人民政府"]).exists()


def test_a_database_loaded_under_the_old_names_is_renamed_not_duplicated(db):
    old = Unit.objects.create(name="市教育局", short_name="教育局", kind=UnitKind.DEPARTMENT)
    Unit.objects.create(name="市法制局", short_name="法制局", kind=UnitKind.LEGAL_OFFICE)
    handler = Person.objects.create(username="handler", unit=old, job_title="办公室科员")
    load_units_and_people()
    assert Unit.objects.count() == len(UNITS)
    old.refresh_from_db()
    assert (old.name, old.short_name) == ("湛江市教育局", "市教育局")
    assert Person.objects.get(pk=handler.pk).unit == old  # people keep their unit
    assert Unit.objects.get(name="湛江市司法局").short_name == "市司法局"
    load_units_and_people()
    assert Unit.objects.count() == len(UNITS)


@pytest.mark.parametrize(
    "typed, meant",
    [
        ("湛江市教育局", "湛江市教育局"),
        ("市教育局", "湛江市教育局"),
        ("教育局", "湛江市教育局"),
        (" “湛江市教育局” ", "湛江市教育局"),
        ("市府办公室", "湛江市人民政府办公室"),
        ("市政府办", "湛江市人民政府办公室"),
        ("市住房城乡建设局", "湛江市住房和城乡建设局"),
        ("市住建局", "湛江市住房和城乡建设局"),
        ("市发展改革局", "湛江市发展和改革局"),
        ("赤坎区人民政府", "湛江市赤坎区人民政府"),
        ("赤坎区政府", "湛江市赤坎区人民政府"),
        ("霞山区", "湛江市霞山区人民政府"),
        ("建议提案办理科", "湛江市人民政府办公室建议提案办理科"),
    ],
)
def test_the_names_clerks_type_find_the_unit_they_mean(demo, typed, meant):
    assert find_unit(typed).name == meant


def test_a_name_two_units_could_be_written_as_is_refused_with_both_named(demo):
    Unit.objects.create(name="廉江市教育局", kind=UnitKind.DEPARTMENT)
    with pytest.raises(UnitNameError) as refused:
        find_unit("教育局")
    assert refused.value.message == "“教育局”可指“湛江市教育局”、“廉江市教育局”，请写明单位全称。"
    # the official short name is 湛江's own and still means it
    assert find_unit("市教育局").name == "湛江市教育局"


def test_an_unknown_name_is_answered_with_the_nearest_unit_or_plainly(demo):
    with pytest.raises(UnitNameError) as former:
        find_unit("市法制局")  # the 2018 name of what 湛江市司法局 does now
    assert former.value.message == "找不到单位“市法制局”，是否指“湛江市司法局”？"
    with pytest.raises(UnitNameError) as unknown:
        find_unit("不存在的局")
    assert unknown.value.message == "单位“不存在的局”不存在。"


def test_a_unit_no_longer_active_is_not_offered_to_new_work(demo):
    Unit.objects.filter(name="湛江市民政局").update(is_active=False)
    with pytest.raises(UnitNameError):
        find_unit("市民政局")
    # its past years still have figures: the report's --unit still finds it
    assert report_unit("民政局").name == "湛江市民政局"


def test_the_annual_report_command_reads_unit_names_the_same_way(demo):
    assert report_unit("赤坎区").name == "湛江市赤坎区人民政府"
    with pytest.raises(BadInput, match="是否指“湛江市司法局”"):
        report_unit("市法制局")


def spreadsheet(*units):
    header = ["类别", "届", "次", "编号", "标题", "内容", "领衔人", "建议主办单位", "建议会办单位"]
    book = openpyxl.Workbook()
    book.active.append(header)
    for number, (lead, co) in enumerate(units, start=301):
        book.active.append(["人大建议", 15, 5, number, f"关于第{number}项工作的建议", "内容。",
                            "陈海", lead, co])  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_the_importer_takes_the_names_offices_write_and_stores_the_unit_meant(demo):
    result = import_file("names.xlsx", spreadsheet(("教育局", "“湛江市财政局”、市府办")))
    proposal = result.batch.proposals.get()
    assert proposal.suggested_lead_unit.name == "湛江市教育局"
    assert {unit.name for unit in proposal.suggested_co_units.all()} == {
        "湛江市财政局",
        "湛江市人民政府办公室",
    }


def test_the_importer_refuses_an_ambiguous_name_and_names_the_units(demo):
    Unit.objects.create(name="廉江市教育局", kind=UnitKind.DEPARTMENT)
    with pytest.raises(ImportFailed) as failure:
        import_file("names.xlsx", spreadsheet(("教育局", ""), ("市法制局", "")))
    assert [str(problem) for problem in failure.value.problems] == [
        "第2行：“建议主办单位”：“教育局”可指“湛江市教育局”、“廉江市教育局”，请写明单位全称。",
        "第3行：“建议主办单位”：找不到单位“市法制局”，是否指“湛江市司法局”？",
    ]


def admin_form(data):
    admin = admin_site._registry[Unit]
    request = RequestFactory().get("/")
    request.user = Person(is_superuser=True, is_staff=True)
    form = admin.get_form(request)(data=data)
    return form


def test_the_admin_form_shows_the_three_names_and_checks_the_code(db):
    data = {"name": "湛江市卫生健康局", "short_name": "市卫生健康局", "kind": "department",
            "rank": 100, "is_active": "on"}  # fmt: skip
    assert list(admin_form(data).fields)[:3] == ["name", "short_name", "code"]
    wrong = admin_form(data | {"code": "114408000070000629"})
    assert not wrong.is_valid()
    assert wrong.errors["code"] == ["统一社会信用代码的校验位不对，请核对是否输错。"]
    short = admin_form(data | {"code": "1144080000700006"})
    assert short.errors["code"] == ["统一社会信用代码应为18位，现为16位。"]
    typed = admin_form(data | {"code": " 1144080000700002xp "})
    assert typed.is_valid(), typed.errors
    assert typed.save().code == "1144080000700002XP"
    with pytest.raises(ValidationError):
        validate_credit_code("11440800007000062I")
