"""The web layer has no models of its own. This module makes Django send `post_migrate` to
WebConfig, which creates the database cache's table after every migrate (web/apps.py)."""
