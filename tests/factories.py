import factory

from base.organisation.models import Person, Unit, UnitKind
from base.organisation.roles import group_for


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试局{n}")
    kind = UnitKind.DEPARTMENT


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n}")
    last_name = "张"
    first_name = "三"
    unit = factory.SubFactory(UnitFactory)
    password = factory.django.Password("secret-password")

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for role in extracted or ():
            self.groups.add(group_for(role))
