"""`{{ labels|enumerate_items }}`: a list joined as the page's language writes one."""

from django import template

from base.text import enumerate_items as joined

register = template.Library()


@register.filter
def enumerate_items(items):
    return joined(items)
