import pytest
from django.db import DatabaseError, connection, transaction

from base import audit
from base.audit.models import AuditLogIsAppendOnly, AuditRecord
from tests.factories import PersonFactory, UnitFactory

pytestmark = pytest.mark.django_db


def test_record_keeps_who_did_what_to_which_object_and_when():
    person = PersonFactory(username="liming")
    unit = UnitFactory(name="市教育局")
    entry = audit.record(person, "unit.rename", unit, before="教育局", after="市教育局")
    entry.refresh_from_db()
    assert entry.actor == person and entry.actor_name == "liming"
    assert entry.object_repr == "市教育局" and entry.object_id == str(unit.pk)
    assert entry.details == {"before": "教育局", "after": "市教育局"}
    assert entry.at is not None


def test_a_pipeline_is_recorded_by_name():
    entry = audit.record("prefect:publish", "publication.synced")
    assert entry.actor is None and entry.actor_name == "prefect:publish"


def test_records_cannot_be_changed_or_deleted_through_the_orm():
    entry = audit.record("system", "demo.loaded")
    entry.action = "something.else"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditRecord.objects.filter(pk=entry.pk).update(action="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditRecord.objects.all().delete()
    assert AuditRecord.objects.get(pk=entry.pk).action == "demo.loaded"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE audit_auditrecord SET action = 'rewritten' WHERE id = %s",
        "DELETE FROM audit_auditrecord WHERE id = %s",
    ],
)
def test_the_database_itself_refuses_raw_changes_to_records(sql):
    entry = audit.record("system", "demo.loaded")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, [entry.pk])
    assert AuditRecord.objects.get(pk=entry.pk).action == "demo.loaded"
