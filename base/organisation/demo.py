"""Demo units and people: the units named in the city's 2018 openness work points
(../shared/seed), one person for each role, and the people who reply for each handling unit
of the demo suggestions and proposals. Safe to run again: nothing is duplicated, and a
password someone has changed is left alone."""

from django.contrib.auth.hashers import make_password
from django.db import transaction

from base.organisation.models import Person, Unit, UnitKind
from base.organisation.roles import Role, group_for

DEMO_PASSWORD = "gongkai-demo"

GOVERNMENT_OFFICE = "市府办公室"

UNITS = [
    (GOVERNMENT_OFFICE, "市府办", UnitKind.GOVERNMENT_OFFICE, None),
    ("市府办公室建议提案办理科", "建议提案科", UnitKind.PROPOSAL_OFFICE, GOVERNMENT_OFFICE),
    ("市法制局", "法制局", UnitKind.LEGAL_OFFICE, None),
    ("市财政局", "财政局", UnitKind.DEPARTMENT, None),
    ("市发展改革局", "发展改革局", UnitKind.DEPARTMENT, None),
    ("市政府行政服务中心", "行政服务中心", UnitKind.DEPARTMENT, None),
    ("市教育局", "教育局", UnitKind.DEPARTMENT, None),
    ("市民政局", "民政局", UnitKind.DEPARTMENT, None),
    ("市住房城乡建设局", "住房城乡建设局", UnitKind.DEPARTMENT, None),
    ("赤坎区人民政府", "赤坎区", UnitKind.DISTRICT, None),
    ("霞山区人民政府", "霞山区", UnitKind.DISTRICT, None),
]

# username, family name, given name, unit, job title, role
PEOPLE = [
    ("drafter", "李", "明", GOVERNMENT_OFFICE, "政务公开科科员", Role.DRAFTER),
    ("leader", "王", "强", GOVERNMENT_OFFICE, "市府办公室主任", Role.UNIT_LEADER),
    ("reviewer", "陈", "静", GOVERNMENT_OFFICE, "政务公开科科长", Role.OPENNESS_REVIEWER),
    ("legal", "刘", "洋", "市法制局", "规范性文件审查科科长", Role.LEGAL_REVIEWER),
    ("issuer", "黄", "海", GOVERNMENT_OFFICE, "分管副秘书长", Role.ISSUING_LEADER),
    ("clerk", "周", "敏", "市府办公室建议提案办理科", "建议提案办理科科员", Role.PROPOSAL_CLERK),
    ("handler", "吴", "磊", "市教育局", "办公室科员", Role.HANDLING_CLERK),
    ("checker", "郑", "华", "市教育局", "办公室主任", Role.REPLY_CHECKER),
    ("deputy", "孙", "伟", "市教育局", "分管副局长", Role.RESPONSIBLE_LEADER),
    ("director", "何", "平", "市教育局", "局长", Role.UNIT_LEADER),
    ("admin", "赵", "立", None, "系统管理员", Role.ADMINISTRATOR),
    # the drafters of the departments' demo policy packages (workflows/interpretation/demo.py)
    ("jy-drafter", "梁", "晓燕", "市教育局", "基础教育科科员", Role.DRAFTER),
    ("mz-drafter", "冯", "志华", "市民政局", "社会救助科科员", Role.DRAFTER),
    ("zj-drafter", "黎", "国栋", "市住房城乡建设局", "城市更新科科员", Role.DRAFTER),
]

# The handling units of the demo suggestions and proposals, each with the four people who take
# a reply through the unit (经办人, 核稿人, 分管领导, 主要领导); 市教育局 has its own above, and
# 市府办公室's principal leader is `leader`.
UNIT_STAFF = [
    ("mz-clerk", "谭", "雅琴", "市民政局", "社会事务科科员", Role.HANDLING_CLERK),
    ("mz-checker", "欧阳", "斌", "市民政局", "办公室主任", Role.REPLY_CHECKER),
    ("mz-deputy", "庞", "振宇", "市民政局", "分管副局长", Role.RESPONSIBLE_LEADER),
    ("mz-head", "卢", "建军", "市民政局", "局长", Role.UNIT_LEADER),
    ("zj-clerk", "麦", "嘉欣", "市住房城乡建设局", "办公室科员", Role.HANDLING_CLERK),
    ("zj-checker", "潘", "志勇", "市住房城乡建设局", "办公室主任", Role.REPLY_CHECKER),
    ("zj-deputy", "符", "永康", "市住房城乡建设局", "分管副局长", Role.RESPONSIBLE_LEADER),
    ("zj-head", "岑", "卫东", "市住房城乡建设局", "局长", Role.UNIT_LEADER),
    ("fg-clerk", "陆", "思远", "市发展改革局", "综合科科员", Role.HANDLING_CLERK),
    ("fg-checker", "邱", "美玲", "市发展改革局", "办公室主任", Role.REPLY_CHECKER),
    ("fg-deputy", "温", "启明", "市发展改革局", "分管副局长", Role.RESPONSIBLE_LEADER),
    ("fg-head", "龙", "海峰", "市发展改革局", "局长", Role.UNIT_LEADER),
    ("cz-clerk", "方", "嘉怡", "市财政局", "预算科科员", Role.HANDLING_CLERK),
    ("cz-checker", "程", "俊", "市财政局", "办公室主任", Role.REPLY_CHECKER),
    ("cz-deputy", "施", "国良", "市财政局", "分管副局长", Role.RESPONSIBLE_LEADER),
    ("cz-head", "严", "东平", "市财政局", "局长", Role.UNIT_LEADER),
    ("xf-clerk", "骆", "倩", "市政府行政服务中心", "综合科科员", Role.HANDLING_CLERK),
    ("xf-checker", "宋", "文博", "市政府行政服务中心", "办公室主任", Role.REPLY_CHECKER),
    ("xf-deputy", "甘", "永华", "市政府行政服务中心", "副主任", Role.RESPONSIBLE_LEADER),
    ("xf-head", "詹", "志诚", "市政府行政服务中心", "主任", Role.UNIT_LEADER),
    ("fb-clerk", "戴", "晓琳", GOVERNMENT_OFFICE, "秘书科科员", Role.HANDLING_CLERK),
    ("fb-checker", "余", "建峰", GOVERNMENT_OFFICE, "秘书科科长", Role.REPLY_CHECKER),
    ("fb-deputy", "柯", "振华", GOVERNMENT_OFFICE, "市府办公室副主任", Role.RESPONSIBLE_LEADER),
    ("ck-clerk", "颜", "嘉琪", "赤坎区人民政府", "区府办科员", Role.HANDLING_CLERK),
    ("ck-checker", "杜", "明辉", "赤坎区人民政府", "区府办主任", Role.REPLY_CHECKER),
    ("ck-deputy", "钱", "卫国", "赤坎区人民政府", "副区长", Role.RESPONSIBLE_LEADER),
    ("ck-head", "邝", "振东", "赤坎区人民政府", "区长", Role.UNIT_LEADER),
    ("xs-clerk", "关", "淑仪", "霞山区人民政府", "区府办科员", Role.HANDLING_CLERK),
    ("xs-checker", "韩", "立群", "霞山区人民政府", "区府办主任", Role.REPLY_CHECKER),
    ("xs-deputy", "饶", "海军", "霞山区人民政府", "副区长", Role.RESPONSIBLE_LEADER),
    ("xs-head", "容", "伟杰", "霞山区人民政府", "区长", Role.UNIT_LEADER),
]


@transaction.atomic
def load_units_and_people():
    """Returns [(username, role label, unit name)] for the demo logins, PEOPLE first."""
    for rank, (name, short_name, kind, parent) in enumerate(UNITS, start=1):
        Unit.objects.update_or_create(
            name=name,
            defaults={
                "short_name": short_name,
                "kind": kind,
                "rank": rank * 10,
                "parent_unit": Unit.objects.get(name=parent) if parent else None,
            },
        )
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
