"""Indexes for the staff menu's inbox and queue counts, shown on every staff page.

viewflow's Task table has no index on (owner, status) or (status, flow_task); without them
both counts scan a person's whole task history, and grow with the years (bench/
interpretation_flow.py measures it). Raw SQL because the table belongs to viewflow.
"""

from django.db import migrations

INDEXES = {
    "gongkai_task_owner_status": "(owner_id, status)",
    "gongkai_task_status_node": "(status, flow_task)",
}


class Migration(migrations.Migration):
    dependencies = [
        ("workflows", "0001_initial"),
        ("viewflow", "0015_task_scheduled"),
    ]

    operations = [
        migrations.RunSQL(
            f"CREATE INDEX IF NOT EXISTS {name} ON viewflow_task {columns}",
            reverse_sql=f"DROP INDEX IF EXISTS {name}",
        )
        for name, columns in INDEXES.items()
    ]
