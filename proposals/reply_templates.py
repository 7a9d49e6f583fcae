"""A unit's reply templates (答复模板): a letter's body starts from one, its fields filled in
for the item being answered.

A field is a name in braces, {代表姓名}. The names are Chinese, as the clerks write them;
an unknown one is refused when the template is saved and named when it is used, never
left in a letter unnoticed. A merged handling's fields name every merged item.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import override

from base.organisation.roles import Role
from proposals import merging
from proposals.letter import addressees
from proposals.models import Kind, ReplyTemplate

FIELD = re.compile(r"\{([^{}\s]{1,20})\}")


def _names(proposal, unit):
    return "、".join(merging.lead_names(proposal))


def _sitting(proposal, unit):
    with override("zh-hans"):
        return str(proposal.sitting)


FIELDS = {
    "代表姓名": _names,
    "委员姓名": _names,
    # the names with their title, no colon: a template writes {主送}： as a letter does
    "主送": lambda proposal, unit: addressees(proposal),
    "案号": lambda proposal, unit: merging.numbers(proposal),
    "标题": lambda proposal, unit: merging.titles(proposal),
    "会议": _sitting,
    "类别": lambda proposal, unit: "建议" if proposal.kind == Kind.NPC else "提案",
    "承办单位": lambda proposal, unit: unit.name,
}


def quoted(names):
    """“电话”、“{代表姓名同志”: what a clerk wrote, quoted, so that an English page quotes it
    as the Chinese it is."""
    return _("、").join(f"“{name}”" for name in names)


def field_list():
    """What the template page offers: every field as the clerk types it, {代表姓名}、{主送}…
    (an English page shows the same braces around the Chinese names)."""
    return _("、").join(f"{{{name}}}" for name in FIELDS)


def unknown_fields(text):
    found = []
    for name in FIELD.findall(text):
        if name not in FIELDS and name not in found:
            found.append(name)
    return found


def stray_braces(text):
    """A brace outside a field, and what follows it ("{代表姓名同志", "{ 主送 }"): it would
    stand in the letter as it is, a field nobody noticed was never filled."""
    found = []
    for piece in re.findall(r"[{}][^{}\n]{0,8}", FIELD.sub("", text)):
        if piece not in found:
            found.append(piece)
    return found


def template_problems(text):
    problems = []
    unknown = unknown_fields(text)
    if unknown:
        problems.append(
            _("模板中有无法识别的字段：%(unknown)s。可用的字段（写在花括号中）：%(fields)s。")
            % {"unknown": quoted(unknown), "fields": field_list()}
        )
    stray = stray_braces(text)
    if stray:
        problems.append(
            _("模板中有未配成对的花括号：%(pieces)s。字段写作{代表姓名}，花括号内不留空格。")
            % {"pieces": quoted(stray)}
        )
    return problems


def wrong_kind(text, proposal):
    """{代表姓名} in the answer to a 政协提案 (or {委员姓名} to a 人大建议): filled, it would sit
    in a template written for the other kind ("{代表姓名}代表：") and call a member 代表. It is
    named instead; {主送}, the names with their title, suits either kind."""
    other = {
        Kind.CPPCC: ("代表姓名", _("模板使用了{代表姓名}，本件是政协提案，请改用{委员姓名}，"
                                   "或用代表、委员通用的{主送}。")),
        Kind.NPC: ("委员姓名", _("模板使用了{委员姓名}，本件是人大建议，请改用{代表姓名}，"
                                 "或用代表、委员通用的{主送}。")),
    }  # fmt: skip
    field, problem = other[proposal.kind]
    return [problem] if field in FIELD.findall(text) else []


def fill(template, proposal, unit):
    """The template's text with its fields filled for `proposal` (its main item's handling)
    and the replying `unit`; ValidationError naming any field it does not know, or one meant
    for the other kind of item."""
    main = merging.main_of(proposal)
    problems = template_problems(template.text) + wrong_kind(template.text, main)
    if problems:
        raise ValidationError(problems)
    return FIELD.sub(lambda m: FIELDS[m.group(1)](main, unit), template.text)


def may_keep_templates(person):
    """A unit's handling clerks keep its templates."""
    return (
        person.is_authenticated
        and person.unit_id is not None
        and person.has_role(Role.HANDLING_CLERK)
    )


def templates_of(unit):
    """A unit sees its own templates only."""
    return ReplyTemplate.objects.filter(unit=unit).order_by("name")
