"""Signing in with the province's identity (省统一身份认证, OpenID Connect), beside the
local accounts; on when OIDC_ISSUER is set (docs/settings.md), otherwise its pages are 404
and the login page shows no button.

mozilla-django-oidc does the protocol (authorization code flow with PKCE, state and nonce,
the id_token's signature checked against the provider's keys); this module adds what it
leaves to the site: the provider's endpoints found from the issuer (discovery), the
id_token's issuer and audience checked, the account matched to an existing active person
(base/organisation/identity.py, never a new one), refusals explained in Chinese on the login
page, and every sign-in and refusal in the audit log.

The callback calls the backend itself instead of `authenticate()`: the login throttle
(django-axes) counts password guesses, and a refused provincial account is none; a whole
office behind one address must not be locked out of the password form by colleagues whose
accounts are not yet opened. A person who needs a second factor (web/two_factor.py) still
gives it after signing in here: the provider's own factors are not visible to us.
"""

import logging
import re
import time
from urllib.parse import urlencode

import jwt
import requests
from django.conf import settings
from django.contrib import auth
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.exceptions import SuspiciousOperation
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import OIDCAuthenticationRequestView

from base import audit
from base.organisation import identity
from base.organisation.throttle import client_ip

LOG = logging.getLogger(__name__)
BACKEND = "web.province_login.ProvinceAccounts"
REFUSAL = "province_login_refusal"  # the session's key of the reason shown on the login page
ACTOR = "province-login"  # the audit log's actor of a refused sign-in: nobody is signed in
DISCOVERY_SECONDS = 3600
LEEWAY_SECONDS = 60  # the provider's clock and ours may differ this much (iat, exp)
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
}
CODE = re.compile(r"[a-z_]{1,40}")  # an OAuth error code (access_denied), shown as it is
_discovered = {}  # issuer -> (when, the provider's openid-configuration)


class ProviderUnavailable(Exception):
    """The provider's configuration could not be read."""


def enabled():
    return bool(getattr(settings, "OIDC_ENABLED", False))


def discovery():
    """The issuer's /.well-known/openid-configuration, read at most once an hour."""
    issuer = settings.OIDC_ISSUER
    when, document = _discovered.get(issuer, (0, None))
    if document is not None and time.monotonic() - when < DISCOVERY_SECONDS:
        return document
    address = issuer.rstrip("/") + "/.well-known/openid-configuration"
    try:
        response = requests.get(address, timeout=settings.OIDC_TIMEOUT)
        response.raise_for_status()
        document = response.json()
    except (requests.RequestException, ValueError) as error:
        raise ProviderUnavailable(f"{address}: {error}") from error
    if not isinstance(document, dict) or document.get("issuer") != issuer:
        raise ProviderUnavailable(f"{address}: not the configuration of {issuer}")
    _discovered[issuer] = (time.monotonic(), document)
    return document


def setting(name, *default):
    """The library's settings; an endpoint left empty is the provider's own (discovery)."""
    if name in ENDPOINTS and not getattr(settings, name, ""):
        found = discovery().get(ENDPOINTS[name], "")
        if not found and name != "OIDC_OP_USER_ENDPOINT":  # userinfo is optional
            raise ProviderUnavailable(f"the provider names no {ENDPOINTS[name]}")
        return found
    return import_from_settings(name, *default)


class ProvinceAccounts(OIDCAuthenticationBackend):
    """The authentication backend: an account at the provider is an existing person."""

    get_settings = staticmethod(setting)

    def __init__(self, *args, **kwargs):
        # Django makes a backend for every request of a signed-in person: the provider's
        # settings (and discovery) are read only when someone signs in
        self.UserModel = get_user_model()

    def authenticate(self, request, *, nonce, code_verifier=None):
        """The person, or None when the provider's answer does not check out; raises
        identity.Refused. Only the callback calls it (a password login cannot: no nonce)."""
        if not enabled():
            return None
        super().__init__()
        return super().authenticate(request, nonce=nonce, code_verifier=code_verifier)

    def get_user(self, user_id):
        return ModelBackend.get_user(self, user_id)  # a deactivated person's session ends

    def _verify_jws(self, payload, key):
        try:
            return jwt.decode(
                payload,
                key,
                algorithms=[self.OIDC_RP_SIGN_ALGO],
                audience=self.OIDC_RP_CLIENT_ID,
                issuer=settings.OIDC_ISSUER,
                options={"require": ["iss", "aud", "sub"]},
                leeway=LEEWAY_SECONDS,
            )
        except jwt.PyJWTError as error:
            raise SuspiciousOperation(f"id_token refused: {error}") from error

    def get_or_create_user(self, access_token, id_token, payload):
        if "exp" not in payload:
            raise SuspiciousOperation("id_token without expiry")
        info = {}
        if self.OIDC_OP_USER_ENDPOINT:
            info = self.get_userinfo(access_token, id_token, payload)
            if info.get("sub", payload["sub"]) != payload["sub"]:
                raise SuspiciousOperation("userinfo of another account")
        claims = {**info, **payload}
        self.request.province_account = account = described(claims)
        try:
            person, linked = identity.person_for(
                settings.OIDC_ISSUER, claims, settings.OIDC_LINK_CLAIM, settings.OIDC_LINK_FIELD
            )
        except identity.Refused as refusal:
            refusal.account = account
            raise
        account["linked"] = linked
        return person


def described(claims):
    """What the audit log keeps of the provider's account: enough for an administrator to
    open it (its sub, name and the link claim's value), nothing more."""
    keep = ["sub", "name", "preferred_username", settings.OIDC_LINK_CLAIM]
    return {key: str(claims[key])[:200] for key in keep if key and claims.get(key)}


class Start(OIDCAuthenticationRequestView):
    """The button: off to the provider, with state, nonce and PKCE kept in the session."""

    get_settings = staticmethod(setting)

    def __init__(self, **kwargs):
        View.__init__(self, **kwargs)  # the endpoint is looked up in get(), not for a 404

    def get(self, request):
        if not enabled():
            raise Http404
        try:
            self.OIDC_OP_AUTH_ENDPOINT = setting("OIDC_OP_AUTHORIZATION_ENDPOINT")
        except ProviderUnavailable as error:
            return failed(request, "unavailable", request.GET.get("next"), error)
        self.OIDC_RP_CLIENT_ID = settings.OIDC_RP_CLIENT_ID
        return super().get(request)


class Callback(View):
    """Where the provider sends the person back with a code: checked, exchanged, matched to a
    person, signed in, audited; any failure is the login page with its reason."""

    http_method_names = ["get"]

    def get(self, request):
        if not enabled():
            raise Http404
        states = request.session.get("oidc_states")
        pending = None
        if isinstance(states, dict):  # each state is used once, also when refused
            pending = states.pop(request.GET.get("state", ""), None)
            request.session.modified = True
        wanted = request.session.get("oidc_login_next")
        if pending is None:  # a state this browser never started, or one already used
            return failed(request, "state", wanted)
        if request.GET.get("error"):  # the person declined, or the provider could not
            error = request.GET["error"]
            return failed(request, "cancelled", wanted, error if CODE.fullmatch(error) else "")
        try:
            person = ProvinceAccounts().authenticate(
                request, nonce=pending.get("nonce"), code_verifier=pending.get("code_verifier")
            )
        except identity.Refused as refusal:
            refuse(request, refusal.reason, refusal.person, **getattr(refusal, "account", {}))
            return back_to_login(request, str(refusal.message), wanted)
        except (ProviderUnavailable, requests.RequestException) as error:
            return failed(request, "unavailable", wanted, error)
        except (SuspiciousOperation, jwt.PyJWTError, ValueError, KeyError) as error:
            return failed(request, "unverified", wanted, error)
        if person is None:
            return failed(request, "unverified", wanted)
        auth.login(request, person, backend=BACKEND)
        account = getattr(request, "province_account", {})
        audit.record(person, "login.province", person, issuer=settings.OIDC_ISSUER, **account)
        return redirect(wanted or settings.LOGIN_REDIRECT_URL)


def failed(request, reason, wanted, detail=""):
    """A sign-in that went wrong before the provider vouched for anyone: the login page with
    the reason, and a line in the log, not the audit log (anyone may call the callback, and
    the audit log keeps everything forever)."""
    LOG.warning("province login failed (%s) from %s: %s", reason, client_ip(request), detail)
    if reason == "state":
        message = _("登录请求已失效（已使用或已过期），请重新点击“使用省统一身份认证登录”。")
    elif reason == "cancelled":
        message = _("未完成统一身份认证登录（%(error)s）。请重新登录，或使用本平台账号登录。") % {
            "error": detail or "-"
        }
    elif reason == "unavailable":
        message = unavailable()
    else:
        message = _(
            "统一身份认证的登录结果未能通过核验，请重新登录。如多次出现，请联系系统管理员。"
        )
    return back_to_login(request, message, wanted)


def unavailable():
    return _("暂时无法连接省统一身份认证服务，请稍后再试，或使用本平台账号登录。")


def refuse(request, reason, person=None, **account):
    """An account the provider vouched for that may not sign in here: in the audit log, for
    the administrators who open accounts."""
    audit.record(
        ACTOR,
        "login.province_refused",
        person,
        reason=reason,
        issuer=settings.OIDC_ISSUER,
        ip_address=client_ip(request) or "",
        **account,
    )


def back_to_login(request, message, wanted=None):
    """The login page, which shows the reason once (above the form, where it stays, not in a
    passing snackbar: web/templatetags/province_login.py)."""
    request.session[REFUSAL] = str(message)
    query = f"?{urlencode({'next': wanted})}" if wanted else ""
    return redirect(settings.LOGIN_URL + query)


def start_url(wanted=""):
    """The login page's button, or "" when signing in with the province is off."""
    if not enabled():
        return ""
    query = f"?{urlencode({'next': wanted})}" if wanted else ""
    return reverse("province_login") + query
