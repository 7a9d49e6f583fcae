from io import StringIO

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from base.organisation.models import Person, Unit, UnitKind
from base.organisation.roles import Role, declared_permissions

pytestmark = pytest.mark.django_db
ROLE_PERMISSIONS = declared_permissions()


def test_every_role_is_a_group_with_exactly_its_permissions():
    for role in Role:
        group = Group.objects.get(name=role.label)
        granted = {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()}
        assert granted == set(ROLE_PERMISSIONS[role])


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_creates_the_units_of_the_source_text_and_one_person_per_role():
    output = load_demo()
    for name in [
        "湛江市人民政府办公室",
        "湛江市司法局",
        "湛江市财政局",
        "湛江市发展和改革局",
        "湛江市人民政府行政服务中心",
        "湛江市教育局",
        "湛江市民政局",
        "湛江市住房和城乡建设局",
    ]:
        assert Unit.objects.filter(name=name).exists(), name
    assert Unit.objects.filter(kind=UnitKind.DISTRICT).count() == 2
    for role in Role:
        people = Person.objects.filter(groups__name=role.label)
        assert people.exists(), role
        for person in people:
            assert person.username in output
            assert person.check_password("gongkai-demo")


def test_demo_can_be_loaded_twice_without_duplicates():
    load_demo()
    counts = Unit.objects.count(), Person.objects.count(), Group.objects.count()
    changed = Person.objects.get(username="drafter")
    changed.set_password("a-new-password-1")
    changed.save()
    load_demo()
    assert (Unit.objects.count(), Person.objects.count(), Group.objects.count()) == counts
    assert Person.objects.get(username="drafter").check_password("a-new-password-1")


def test_chinese_names_read_family_name_first():
    load_demo()
    assert str(Person.objects.get(username="drafter")) == "李明（湛江市人民政府办公室）"


def test_demo_imports_the_demo_proposals_once():
    from proposals.models import Proposal

    load_demo()
    load_demo()
    assert Proposal.objects.count() == 30
    assert Proposal.objects.filter(handling="split").count() == 3


def test_roles_hold_whatever_language_the_browser_asks_for(db):
    from django.utils import translation

    from tests.factories import PersonFactory

    clerk = PersonFactory(roles=[Role.PROPOSAL_CLERK])
    for language in ("en", "zh-hans"):
        with translation.override(language):
            assert clerk.has_role(Role.PROPOSAL_CLERK), language
            assert not clerk.has_role(Role.DRAFTER), language
