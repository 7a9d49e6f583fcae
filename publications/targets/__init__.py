"""Sync targets: where publications go. Configured in `settings.PUBLICATION_TARGETS`, a
mapping of a target's name to its `ENGINE` (a dotted class path) and options; the built-in
portal is always one of them.

A target either delivers one event at a time (`deliver`), so that each can be retried on its
own, or, when `whole_tree` is set, holds the whole site as the portal shows it: it takes a
batch of changed publications at once (`update`) and can be made again from nothing
(`rebuild`), as a static export does.
"""

from functools import cache

from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.module_loading import import_string

PORTAL = "portal"


class Retry(Exception):
    """The target may take it later (it is down, busy, or answered nonsense): retry."""


class Refused(Exception):
    """The target will not take it as it is (a 4xx): recorded for staff, not retried."""


class Target:
    whole_tree = False
    in_database = False  # True: delivering only writes our own tables

    def __init__(self, name, **options):
        self.name = name
        self.options = options

    def deliver(self, event):
        raise NotImplementedError

    def update(self, publications):
        raise NotImplementedError

    def rebuild(self):
        raise NotImplementedError


@cache
def configured():
    config = {PORTAL: {"ENGINE": "publications.targets.portal.Portal"}}
    config.update(getattr(settings, "PUBLICATION_TARGETS", {}))
    return {
        name: import_string(options["ENGINE"])(
            name, **{k: v for k, v in options.items() if k != "ENGINE"}
        )
        for name, options in config.items()
    }


def names():
    return list(configured())


def get(name):
    return configured()[name]


@receiver(setting_changed)
def forget_targets(setting, **kwargs):
    if setting == "PUBLICATION_TARGETS":
        configured.cache_clear()
