"""Append-only in the database itself: triggers that refuse UPDATE and DELETE of audit
records, whoever sends them (the ORM refuses them too, in models.py). Installed by the
migration 0003; `TRUNCATE` on PostgreSQL (a test database being emptied) is not refused."""

TABLE = "audit_auditrecord"
MESSAGE = "audit records are append-only"

INSTALL = {
    "sqlite": [
        f"CREATE TRIGGER audit_no_update BEFORE UPDATE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
        f"CREATE TRIGGER audit_no_delete BEFORE DELETE ON {TABLE} "
        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_refuse_change() RETURNS trigger AS $$ "
        f"BEGIN RAISE EXCEPTION '{MESSAGE}'; END; $$ LANGUAGE plpgsql",
        f"CREATE TRIGGER audit_no_change BEFORE UPDATE OR DELETE ON {TABLE} "
        "FOR EACH ROW EXECUTE FUNCTION audit_refuse_change()",
    ],
}
REMOVE = {
    "sqlite": ["DROP TRIGGER IF EXISTS audit_no_update", "DROP TRIGGER IF EXISTS audit_no_delete"],
    "postgresql": [
        f"DROP TRIGGER IF EXISTS audit_no_change ON {TABLE}",
        "DROP FUNCTION IF EXISTS audit_refuse_change()",
    ],
}


def install(apps, schema_editor):
    for statement in INSTALL.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    for statement in REMOVE.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)
