"""Event notices (事件通知): who hears of what happened, through which channel, sent once from
an outbox by the `notices` pipeline (models, events, sources, dispatch, pipeline)."""
