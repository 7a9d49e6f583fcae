"""Form widgets every form shares, and what a page tells about a form's errors."""

from dataclasses import dataclass

from django import forms


class DateInput(forms.DateInput):
    """The browser's date picker. Its value must be ISO (2026-07-01) whatever the language:
    in zh-hans Django would write 2026/07/01 (the first input format), which the picker
    shows as empty, and the next save would blank the date without anyone noticing."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


def add_refusal(form, error):
    """What a domain rule refused (a ValidationError, by field or not), on the form: each
    message at its field where the form has that field, else on the whole form."""
    found = getattr(error, "message_dict", None) or {None: getattr(error, "messages", [str(error)])}
    for field, messages in found.items():
        for message in messages:
            form.add_error(field if field in form.fields else None, message)


@dataclass(frozen=True)
class Problem:
    """One thing to correct before a form goes through: what is wrong, and where (the id of
    the field's element, to link to; "" for a problem of the whole form)."""

    message: str
    label: str = ""
    anchor: str = ""


def problems(*forms):
    """Every error of these forms, in the order the page shows their fields: one Problem per
    message of the whole form (hidden fields' errors among them, since nobody can see those
    fields), then one per field with errors, its messages together, since the field shows
    them in one place."""
    found = []
    for form in forms:
        if form is None or not form.is_bound:
            continue
        found += [Problem(str(message)) for message in form.non_field_errors()]
        for field in form.hidden_fields():
            found += [Problem(str(message)) for message in field.errors]
        for field in form.visible_fields():
            if field.errors:
                found.append(
                    Problem(" ".join(map(str, field.errors)), str(field.label or ""), field.auto_id)
                )
    return found
