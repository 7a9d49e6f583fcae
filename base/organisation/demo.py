"""Demo units and people: the units named in the city's 2018 openness work points
(../shared/seed) under their 全称 of today, one person for each role, and the people who reply
for each handling unit of the demo suggestions and proposals. Safe to run again: nothing is
duplicated (a unit still under the short name an earlier demo gave it is renamed), and a
password someone has changed is left alone."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from base.organisation.models import Person, Unit, UnitKind
from base.organisation.roles import Role, group_for

DEMO_PASSWORD = "gongkai-demo"

GOVERNMENT_OFFICE = "湛江市人民政府办公室"
PROPOSAL_OFFICE = "湛江市人民政府办公室建议提案办理科"
LEGAL_OFFICE = "湛江市司法局"
FINANCE = "湛江市财政局"
DEVELOPMENT = "湛江市发展和改革局"
SERVICE_CENTRE = "湛江市人民政府行政服务中心"
EDUCATION = "湛江市教育局"
CIVIL_AFFAIRS = "湛江市民政局"
HOUSING = "湛江市住房和城乡建设局"
CHIKAN = "湛江市赤坎区人民政府"
XIASHAN = "湛江市霞山区人民政府"

# 全称, 规范化简称, 统一社会信用代码, kind, parent, the demo's earlier name (renamed in place).
# The codes are made up for the demo, not the units' real ones, but well formed: 1 (机构编制)
# 1 (机关), the area (440800 the city, 440802 赤坎区, 440803 霞山区), an organisation code
# with its own check digit, and the check character of codes.check_character. A 科 inside an
# office is not an organ of its own and has no code. The 2018 work points name 市法制局; its
# work passed to 湛江市司法局 in the 2019 reform of the city's organs, and the demo is of 2026.
UNITS = [
    (GOVERNMENT_OFFICE, "市政府办公室", "114408000070000110", UnitKind.GOVERNMENT_OFFICE, None,
     "市府办公室"),
    (PROPOSAL_OFFICE, "建议提案办理科", "", UnitKind.PROPOSAL_OFFICE, GOVERNMENT_OFFICE,
     "市府办公室建议提案办理科"),
    (LEGAL_OFFICE, "市司法局", "1144080000700002XP", UnitKind.LEGAL_OFFICE, None, "市法制局"),
    (FINANCE, "市财政局", "11440800007000038P", UnitKind.DEPARTMENT, None, "市财政局"),
    (DEVELOPMENT, "市发展改革局", "11440800007000046J", UnitKind.DEPARTMENT, None,
     "市发展改革局"),
    (SERVICE_CENTRE, "市政府行政服务中心", "11440800007000054D", UnitKind.DEPARTMENT, None,
     "市政府行政服务中心"),
    (EDUCATION, "市教育局", "114408000070000628", UnitKind.DEPARTMENT, None, "市教育局"),
    (CIVIL_AFFAIRS, "市民政局", "114408000070000703", UnitKind.DEPARTMENT, None, "市民政局"),
    (HOUSING, "市住房城乡建设局", "114408000070000890", UnitKind.DEPARTMENT, None,
     "市住房城乡建设局"),
    (CHIKAN, "赤坎区政府", "11440802007001014D", UnitKind.DISTRICT, None, "赤坎区人民政府"),
    (XIASHAN, "霞山区政府", "11440803007002017C", UnitKind.DISTRICT, None, "霞山区人民政府"),
]  # fmt: skip

# username, family name, given name, unit, job title, role
PEOPLE = [
    ("drafter", "李", "明", GOVERNMENT_OFFICE, "政务公开科科员", Role.DRAFTER),
    ("leader", "王", "强", GOVERNMENT_OFFICE, "市政府办公室主任", Role.UNIT_LEADER),
    ("reviewer", "陈", "静", GOVERNMENT_OFFICE, "政务公开科科长", Role.OPENNESS_REVIEWER),
    ("legal", "刘", "洋", LEGAL_OFFICE, "规范性文件审查科科长", Role.LEGAL_REVIEWER),
    ("issuer", "黄", "海", GOVERNMENT_OFFICE, "分管副秘书长", Role.ISSUING_LEADER),
    ("clerk", "周", "敏", PROPOSAL_OFFICE, "建议提案办理科科员", Role.PROPOSAL_CLERK),
    ("handler", "吴", "磊", EDUCATION, "办公室科员", Role.HANDLING_CLERK),
    ("checker", "郑", "华", EDUCATION, "办公室主任", Role.REPLY_CHECKER),
    ("deputy", "孙", "伟", EDUCATION, "分管副局长", Role.RESPONSIBLE_LEADER),
    ("director", "何", "平", EDUCATION, "局长", Role.UNIT_LEADER),
    ("admin", "赵", "立", None, "系统管理员", Role.ADMINISTRATOR),
    # the drafters of the departments' demo policy packages (workflows/interpretation/demo.py)
    ("jy-drafter", "梁", "晓燕", EDUCATION, "基础教育科科员", Role.DRAFTER),
    ("mz-drafter", "冯", "志华", CIVIL_AFFAIRS, "社会救助科科员", Role.DRAFTER),
    ("zj-drafter", "黎", "国栋", HOUSING, "城市更新科科员", Role.DRAFTER),
]

# The handling units of the demo suggestions and proposals, each with the four people who take
# a reply through the unit (经办人, 核稿人, 分管领导, 主要领导); 市教育局 has its own above, and
# 市政府办公室's principal leader is `leader`.
UNIT_STAFF = [
    ("mz-clerk", "谭", "雅琴", CIVIL_AFFAIRS, "社会事务科科员", Role.HANDLING_CLERK),
    ("mz-checker", "欧阳", "斌", CIVIL_AFFAIRS, "办公室主任", Role.REPLY_CHECKER),
    ("mz-deputy", "庞", "振宇", CIVIL_AFFAIRS, "分管副局长", Role.RESPONSIBLE_LEADER),
    ("mz-head", "卢", "建军", CIVIL_AFFAIRS, "局长", Role.UNIT_LEADER),
    ("zj-clerk", "麦", "嘉欣", HOUSING, "办公室科员", Role.HANDLING_CLERK),
    ("zj-checker", "潘", "志勇", HOUSING, "办公室主任", Role.REPLY_CHECKER),
    ("zj-deputy", "符", "永康", HOUSING, "分管副局长", Role.RESPONSIBLE_LEADER),
    ("zj-head", "岑", "卫东", HOUSING, "局长", Role.UNIT_LEADER),
    ("fg-clerk", "陆", "思远", DEVELOPMENT, "综合科科员", Role.HANDLING_CLERK),
    ("fg-checker", "邱", "美玲", DEVELOPMENT, "办公室主任", Role.REPLY_CHECKER),
    ("fg-deputy", "温", "启明", DEVELOPMENT, "分管副局长", Role.RESPONSIBLE_LEADER),
    ("fg-head", "龙", "海峰", DEVELOPMENT, "局长", Role.UNIT_LEADER),
    ("cz-clerk", "方", "嘉怡", FINANCE, "预算科科员", Role.HANDLING_CLERK),
    ("cz-checker", "程", "俊", FINANCE, "办公室主任", Role.REPLY_CHECKER),
    ("cz-deputy", "施", "国良", FINANCE, "分管副局长", Role.RESPONSIBLE_LEADER),
    ("cz-head", "严", "东平", FINANCE, "局长", Role.UNIT_LEADER),
    ("xf-clerk", "骆", "倩", SERVICE_CENTRE, "综合科科员", Role.HANDLING_CLERK),
    ("xf-checker", "宋", "文博", SERVICE_CENTRE, "办公室主任", Role.REPLY_CHECKER),
    ("xf-deputy", "甘", "永华", SERVICE_CENTRE, "副主任", Role.RESPONSIBLE_LEADER),
    ("xf-head", "詹", "志诚", SERVICE_CENTRE, "主任", Role.UNIT_LEADER),
    ("fb-clerk", "戴", "晓琳", GOVERNMENT_OFFICE, "秘书科科员", Role.HANDLING_CLERK),
    ("fb-checker", "余", "建峰", GOVERNMENT_OFFICE, "秘书科科长", Role.REPLY_CHECKER),
    ("fb-deputy", "柯", "振华", GOVERNMENT_OFFICE, "市政府办公室副主任", Role.RESPONSIBLE_LEADER),
    ("ck-clerk", "颜", "嘉琪", CHIKAN, "区政府办公室科员", Role.HANDLING_CLERK),
    ("ck-checker", "杜", "明辉", CHIKAN, "区政府办公室主任", Role.REPLY_CHECKER),
    ("ck-deputy", "钱", "卫国", CHIKAN, "副区长", Role.RESPONSIBLE_LEADER),
    ("ck-head", "邝", "振东", CHIKAN, "区长", Role.UNIT_LEADER),
    ("xs-clerk", "关", "淑仪", XIASHAN, "区政府办公室科员", Role.HANDLING_CLERK),
    ("xs-checker", "韩", "立群", XIASHAN, "区政府办公室主任", Role.REPLY_CHECKER),
    ("xs-deputy", "饶", "海军", XIASHAN, "副区长", Role.RESPONSIBLE_LEADER),
    ("xs-head", "容", "伟杰", XIASHAN, "区长", Role.UNIT_LEADER),
]


@transaction.atomic
def load_units_and_people():
    """Returns [(username, role label, unit name)] for the demo logins, PEOPLE first."""
    for rank, (name, short_name, code, kind, parent, earlier) in enumerate(UNITS, start=1):
        unit = (
            Unit.objects.filter(name=name).first()
            or Unit.objects.filter(name=earlier).first()  # a database loaded before the rename
            or Unit(name=name)
        )
        unit.name, unit.short_name, unit.code, unit.kind = name, short_name, code, kind
        unit.rank = rank * 10
        unit.parent_unit = Unit.objects.get(name=parent) if parent else None
        unit.save()
    logins, hashed = [], None
    for username, family, given, unit, title, role in PEOPLE + UNIT_STAFF:
        person, created = Person.objects.get_or_create(
            username=username,
            defaults={
                "last_name": family,
                "first_name": given,
                "unit": Unit.objects.get(name=unit) if unit else None,
                "job_title": title,
                "is_staff": role == Role.ADMINISTRATOR,
            },
        )
        if created:
            # one hash for all: each costs a deliberate half second
            hashed = hashed or make_password(DEMO_PASSWORD)
            person.password = hashed
            person.save(update_fields=["password"])
        person.groups.add(group_for(role))
        logins.append((username, str(role.label), unit or "—"))
    return logins
