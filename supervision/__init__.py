"""督办: supervision of open work across both processes, and deadline reminders.

It reads what the flows leave open (the proposal shares still owed, the interpretation
flow's open tasks) and the flows' access rules, so it sits above `workflows` and below `web`;
the reminders pipeline (`supervision/pipeline.py`) calls `reminders.send_due`.
"""
