"""`{% answer_due application as due %}`: the answer's due date (applications.deadlines) for
the pages that show an application."""

from django import template

from applications.deadlines import answer_due as compute

register = template.Library()


@register.simple_tag
def answer_due(application):
    return compute(application)
