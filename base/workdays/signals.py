"""What the calendar tells the floors above it, which it may not import."""

from django.dispatch import Signal

# Sent inside the transaction that confirmed, corrected or removed the schedule of `years`,
# with `before` ({year: [CalendarDay] as they were, or None where the year was not entered})
# and `actor`. Receivers recompute the open due dates counted over those years and return
# the dates they moved.
schedule_changed = Signal()
