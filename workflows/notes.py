"""Internal notes on an item (a policy package or a proposal) with @mentions.

A note is for the people working on the item: exactly those who may see the item's page (the
flow's access rules) read and write its notes, and only they may be mentioned. "@吴磊" or
"@username" mentions a person; an "@" inside a word (an e-mail address) is text. Notes are
never published nor exported: nothing outside this module and the item's staff page reads them.
"""

import re

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import transaction
from django.db.models import Q
from django.db.models.functions import Concat
from django.utils.translation import gettext as _

from workflows.models import Note

MENTION = re.compile(r"(?<![\w.@])@([\w.+-]+)")


def may_see(person, process):
    """Whether `person` may see the item of `process`: the flow's own rule for its page."""
    return person.is_active and process.flow_class.instance.has_view_permission(person, process)


def draft_key(process):
    """Where a refused note's text waits in the session for the item page to offer it again."""
    return f"note-draft-{process.pk}"


def of_item(process):
    """The notes on the item of `process`, newest first, with their authors' units."""
    return (
        Note.objects.filter(
            item_type_id=process.artifact_content_type_id, item_id=process.artifact_object_id
        )
        .select_related("author__unit")
        .prefetch_related("mentions")
    )


def _people():
    return (
        get_user_model()
        .objects.filter(is_active=True)
        .annotate(full_name=Concat("last_name", "first_name"))
    )


def _person_named(word):
    """The person `word` names: by username or full name, exactly, else the longest full name or
    username it starts with (people write "@吴磊请核对"). None when no one."""
    prefixes = [word[:end] for end in range(len(word), 0, -1)]
    found = {}
    for person in _people().filter(Q(username__in=prefixes) | Q(full_name__in=prefixes)):
        for name in (person.username, person.full_name):
            if name in prefixes:
                found.setdefault(name, []).append(person)
    for prefix in prefixes:
        if len(found.get(prefix, [])) == 1:
            return prefix, found[prefix][0]
    return None, None


def mentioned(text):
    """(written name, person) for each @mention in `text` that names someone, in order."""
    result = []
    for word in MENTION.findall(text):
        name, person = _person_named(word)
        if person is not None and person not in [p for _, p in result]:
            result.append((name, person))
    return result


def add(author, process, text):
    """Adds `author`'s note to the item of `process`; returns the note. Refuses (ValidationError,
    nothing saved) a note by someone who may not see the item, and one mentioning such a person."""
    if not may_see(author, process):
        raise ValidationError(_("您无权查看此事项。"), code="forbidden")
    note = Note(
        item_type_id=process.artifact_content_type_id,
        item_id=process.artifact_object_id,
        author=author,
        text=text.strip(),
    )
    # a TextField's max_length binds only a form's widget: checked here, before the mentions
    # are looked up (every prefix of an @word is a name to look for)
    MaxLengthValidator(Note._meta.get_field("text").max_length)(note.text)
    note.full_clean()
    people = mentioned(note.text)
    for name, person in people:
        if not may_see(person, process):
            raise ValidationError(
                _("“@%(name)s”无权查看此事项，不能提及。") % {"name": name}, code="outsider"
            )
    with transaction.atomic():
        note.save()
        note.mentions.set([person for _, person in people])
    return note


def pieces(note):
    """The note's text as (text, is_mention) pieces, for a page to highlight the mentions
    without trusting the text as markup."""
    names = {
        name
        for person in note.mentions.all()
        for name in (person.username, person.get_full_name())
        if name
    }
    if not names:
        return [(note.text, False)]
    alternatives = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    pattern = re.compile(rf"(?<![\w.@])(@(?:{alternatives}))")
    return [(part, index % 2 == 1) for index, part in enumerate(pattern.split(note.text)) if part]
