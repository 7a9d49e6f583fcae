"""`{% form_errors form [form …] %}`: the summary a staff form shows above its fields when it
comes back with errors, one line per problem, each linked to its field.

Put it first inside the <form>, once for all the forms the page posts together. viewflow's
own block of a form's non-field errors is then hidden (web/static/web/form-errors.css): the
summary says them once, and each field keeps its own message beside it."""

from django import template

from base.forms import problems

register = template.Library()


@register.inclusion_tag("staff/_form_errors.html")
def form_errors(*forms):
    return {"problems": problems(*forms)}
