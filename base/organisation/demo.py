"""Demo units and people: the units named in the city's 2018 openness work points
(../shared/seed) and one person for each role. Safe to run again: nothing is duplicated, and
a password someone has changed is left alone."""

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
]


@transaction.atomic
def load_units_and_people():
    """Returns [(username, role label, unit name)] for the demo logins."""
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
    logins = []
    for username, family, given, unit, title, role in PEOPLE:
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
            person.set_password(DEMO_PASSWORD)
            person.save(update_fields=["password"])
        person.groups.add(group_for(role))
        logins.append((username, str(role.label), unit or "—"))
    return logins
