"""Login throttling, by django-axes: after LOGIN_FAILURE_LIMIT failed logins for one username,
or from one address, within LOGIN_COOLOFF_MINUTES, every further login by that name or from
that address is refused (HTTP 429, the login form with the reason), even with the right
password, until that many minutes have passed since the last counted failure. A successful
login clears its account's failures.

The failures are kept in the database (axes' AccessAttempt), so every web worker sees the same
count. The pieces here adapt axes to Gongkai (settings in web/settings.py):

- `LoginThrottle`, the first authentication backend, refuses locked-out clients. A call of
  `authenticate()` without a request (the test client's `login()`, a shell) is no web login
  and not throttled: there is no client to count.
- `AuditedAttempts` keeps the failures and writes the lockouts to the audit log; a success
  clears the failures of its own account only, not those of other accounts from the same
  address (one valid account must not reset the count of a guesser's other targets).
- `client_ip`: the address that is counted; behind our TLS proxy, the hop the proxy added.
- `lockout_response`: the login page again, status 429, with the reason in Chinese.
"""

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.forms.utils import ErrorDict
from django.http import HttpResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from base import audit


class LoginThrottle(AxesStandaloneBackend):
    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)


def _account(username):
    if not username:
        return None
    return get_user_model()._default_manager.filter(username=username).first()


class AuditedAttempts(AxesDatabaseHandler):
    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        already_locked = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request=request, **kwargs)
        if request is None or not request.axes_locked_out:
            return
        username = get_client_username(request, credentials)
        audit.record(
            "login-throttle",
            "login.refused" if already_locked else "login.locked_out",
            _account(username),
            username=username or "",
            ip_address=request.axes_ip_address or "",
            path=request.path,
            failures=request.axes_failures_since_start,
        )

    def reset_user_attempts(self, request, credentials=None):
        username = get_client_username(request, credentials)
        count, _deleted = AccessAttempt.objects.filter(username=username).delete()
        return count


def client_ip(request):
    """REMOTE_ADDR; behind the TLS proxy (BEHIND_TLS_PROXY) the last X-Forwarded-For entry,
    the one our proxy appended: earlier entries come from the client and prove nothing."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if getattr(settings, "BEHIND_TLS_PROXY", False) and forwarded.strip():
        return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR")


def lockout_message():
    return _(
        "登录失败次数过多，该账号或本机地址已被暂时锁定。请%(minutes)d分钟后再试；"
        "如忘记密码，请联系系统管理员。"
    ) % {"minutes": settings.LOGIN_COOLOFF_MINUTES}


def lockout_response(request, original_response=None, credentials=None):
    """The login page the view rendered, with the lockout as the form's only error."""
    message = lockout_message()
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if isinstance(original_response, TemplateResponse) and form is not None:
        form._errors = ErrorDict({"__all__": form.error_class([message], error_class="nonfield")})
        original_response.content = original_response.rendered_content
        original_response.status_code = 429
        return original_response
    return HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
