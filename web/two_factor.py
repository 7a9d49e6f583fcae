"""A second factor at login (django-otp): a one-time code from an authenticator app (TOTP),
or one of ten recovery codes, for administrators (TWO_FACTOR_ADMINISTRATORS) and for the
roles TWO_FACTOR_ROLES names.

After the password, such a person is sent to /staff/accounts/two-factor/ before any staff
or admin page: the first time to enrol (scan the code, type one code to confirm, keep the
recovery codes shown once), afterwards to type a code. An administrator who lost the phone
and the recovery codes is reset by another administrator in /admin/ (one-time-password
devices: delete the person's devices). Every step is in the audit log.
"""

import base64
from urllib.parse import urlencode

import segno
from django import forms
from django.conf import settings
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_otp import devices_for_user
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from base import audit
from base.organisation.roles import Role, group_name

GUARDED = ("/staff/", "/admin/")
OPEN = ("/staff/accounts/",)  # login, logout and these pages themselves
RECOVERY_CODES = 10


def needs_second_factor(user):
    if not user.is_authenticated:
        return False
    if settings.TWO_FACTOR_ADMINISTRATORS and (user.is_superuser or user.is_staff):
        return True
    named = {group_name(Role(role)) for role in settings.TWO_FACTOR_ROLES}
    return bool(named) and user.groups.filter(name__in=named).exists()


class RequireSecondFactor:
    """After OTPMiddleware: a person who needs a second factor and has not given one this
    session reaches no staff or admin page but the two-factor one."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        guarded = request.path.startswith(GUARDED) and not request.path.startswith(OPEN)
        user = request.user
        if guarded and not user.is_verified() and needs_second_factor(user):
            # as Django's own login redirect writes `next`: slashes kept, ? and & escaped
            wanted = urlencode({"next": request.get_full_path()}, safe="/")
            return redirect(f"{reverse('two_factor')}?{wanted}")
        return self.get_response(request)


class CodeForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("验证码"),
        max_length=16,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "autofocus": True}),
        help_text=gettext_lazy("身份验证器应用显示的6位数字，或一个恢复码。"),
    )


def confirmed_devices(user):
    return list(devices_for_user(user, confirmed=True))


def two_factor(request):
    """Enrols a person without a device, or asks one with a device for a code."""
    if not needs_second_factor(request.user):
        return redirect(next_page(request))
    if confirmed_devices(request.user):
        return verify(request)
    return enrol(request)


def verify(request):
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"].replace(" ", "")
        wait = throttled_for(request.user)  # before trying: trying counts as a failure
        # six digits are the app's code, anything else a recovery code: a code is tried on
        # its own kind of device only, so that a recovery code is no failure of the app's
        kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
        for device in [d for d in confirmed_devices(request.user) if isinstance(d, kind)]:
            if device.verify_token(code):
                otp_login(request, device)
                used = "recovery" if kind is StaticDevice else "totp"
                audit.record(request.user, "accounts.second_factor", request.user, kind=used)
                return redirect(next_page(request))
        audit.record(request.user, "accounts.second_factor_failed", request.user)
        form.add_error("code", _("验证码连续输错，请于%(seconds)d秒后再试。") % {"seconds": wait}
                       if wait else _("验证码不正确或已过期，请重新输入。"))  # fmt: skip
    return render(request, "staff/two_factor.html", {"form": form, "enrolling": False})


def enrol(request):
    """Shows the secret as a QR code; the first right code confirms the device and makes the
    recovery codes, shown once."""
    device, _created = TOTPDevice.objects.get_or_create(
        user=request.user, confirmed=False, defaults={"name": _("身份验证器")}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"].replace(" ", "")):
            context = {"codes": confirm(request, device), "next": next_page(request)}
            return render(request, "staff/two_factor_codes.html", context)
        form.add_error("code", _("验证码不正确，请核对手机时间后重新输入。"))
    context = {
        "form": form,
        "enrolling": True,
        "qr": segno.make(device.config_url, error="m").svg_inline(scale=4),
        "secret": base64.b32encode(device.bin_key).decode(),
    }
    return render(request, "staff/two_factor.html", context)


@transaction.atomic
def confirm(request, device):
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    recovery, _created = StaticDevice.objects.get_or_create(
        user=request.user, defaults={"name": _("恢复码")}
    )
    recovery.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(StaticToken(device=recovery, token=code) for code in codes)
    otp_login(request, device)
    audit.record(request.user, "accounts.second_factor_enrolled", request.user)
    return codes


def throttled_for(user):
    """Seconds before a code may be tried again after wrong ones (each wrong code doubles the
    wait: django-otp's throttle), or 0."""
    until = [info.get("locked_until") for device in confirmed_devices(user)
             for allowed, info in [device.verify_is_allowed()] if not allowed]  # fmt: skip
    until = [moment for moment in until if moment]
    return max(1, round((min(until) - timezone.now()).total_seconds())) if until else 0


def next_page(request):
    wanted = request.GET.get("next", "")
    allowed = url_has_allowed_host_and_scheme(wanted, {request.get_host()})
    return wanted if wanted and allowed else reverse("staff:index")
