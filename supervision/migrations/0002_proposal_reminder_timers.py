"""The proposal flow's reminder timers are gone (reminders are this app's job now).

Each reply-branch step of `ProposalFlow` had two timer boundaries, auto-named by viewflow
`<step>__timeout` (the reminder) and `<step>__timeout_2` (the overdue mark). With the reminder
removed, the overdue timer is `<step>__timeout`. Stored tasks follow: a reminder timer still
waiting is cancelled and every old reminder timer is renamed to `<step>__reminder_timeout`
(no longer a node: viewflow shows it as obsolete); the overdue timers take the new name, so
those still waiting fire as before.
"""

from django.db import migrations
from django.utils import timezone

FLOW = "workflows/proposals.flows.ProposalFlow"
STEPS = ["contact", "draft_reply", "check", "leader", "sign"]


def forwards(apps, schema_editor):
    Task = apps.get_model("viewflow", "Task")
    for step in STEPS:
        reminder = Task.objects.filter(flow_task=f"{FLOW}.{step}__timeout")
        reminder.filter(status="SCHEDULED").update(status="CANCELED", finished=timezone.now())
        reminder.update(flow_task=f"{FLOW}.{step}__reminder_timeout")
        Task.objects.filter(flow_task=f"{FLOW}.{step}__timeout_2").update(
            flow_task=f"{FLOW}.{step}__timeout"
        )


def backwards(apps, schema_editor):
    Task = apps.get_model("viewflow", "Task")
    for step in STEPS:
        Task.objects.filter(flow_task=f"{FLOW}.{step}__timeout").update(
            flow_task=f"{FLOW}.{step}__timeout_2"
        )
        Task.objects.filter(flow_task=f"{FLOW}.{step}__reminder_timeout").update(
            flow_task=f"{FLOW}.{step}__timeout"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("supervision", "0001_initial"),
        ("viewflow", "0015_task_scheduled"),
        ("workflows", "0003_proposalprocess"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
