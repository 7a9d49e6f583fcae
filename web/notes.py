"""添加备注 on an item's staff page: the note is saved by workflows.notes, and each person it
mentions is told in 我的提醒 (a Notice, written here: the staff site is the layer that knows
both the flows and supervision)."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from base import audit
from supervision.models import Notice
from workflows import notes


def notices(note, process, page):
    """The notices of a note's mentions, in the site's language (as reminders are), each
    linking to the notes on the item's page (`page`)."""
    with translation.override(settings.LANGUAGE_CODE):
        author = note.author.get_full_name() or note.author.username
        title = _("%(author)s在内部备注中提到了您：%(item)s") % {
            "author": author,
            "item": process.brief or process.artifact,
        }
    return [
        Notice(recipient=person, title=title[:200], body=note.text, link=f"{page}#notes")
        for person in note.mentions.all()
    ]


def add_note(request, process_pk, flow_class):
    """Refuses whoever may not see the item before anything else, a GET included."""
    process = get_object_or_404(flow_class.process_class, pk=process_pk, flow_class=flow_class)
    if not notes.may_see(request.user, process):
        raise PermissionDenied
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    text = request.POST.get("text", "")
    page = reverse(f"{request.resolver_match.namespace}:process_detail", args=[process.pk])
    try:
        with transaction.atomic():
            note = notes.add(request.user, process, text)
            Notice.objects.bulk_create(notices(note, process, page))
            # who wrote and whom it told; the text stays in the note alone
            mentioned = sorted(person.username for person in note.mentions.all())
            audit.record(
                request.user, "notes.added", process.artifact, note=note.pk, mentioned=mentioned
            )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        request.session[notes.draft_key(process)] = text[:4000]  # offered again, not lost
    else:
        messages.success(request, _("备注已添加。"))
    return redirect(f"{page}#notes")
