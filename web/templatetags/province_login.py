"""The login page's part of signing in with the province (web/province_login.py):
`{% province_login_url next as url %}`, the "使用省统一身份认证登录" button's address keeping
where the person was going ("" when it is off), and `{% province_login_refusal as reason %}`,
why the last attempt was refused, once."""

from django import template

from web.province_login import REFUSAL, start_url

register = template.Library()


@register.simple_tag
def province_login_url(wanted=""):
    return start_url(wanted or "")


@register.simple_tag(takes_context=True)
def province_login_refusal(context):
    request = context.get("request")
    session = getattr(request, "session", None)
    return session.pop(REFUSAL, "") if session is not None else ""
