"""Who a sign-in at the province's identity provider (统一身份认证) is, here.

A government office provisions its people, their units and roles; the provider only proves
who is at the keyboard. So a provider's account is let in only as a person who already
exists and is active:

- an account already linked (ProviderAccount: issuer and `sub`) is that person;
- otherwise, when a link claim is configured (OIDC_LINK_CLAIM, e.g. the 统一身份认证 account
  name, matched against the person's `username` or verified `email`), the first sign-in links
  the one active person it names, once: a person keeps one account per provider;
- anything else is refused with a reason the login page explains. No person is ever made.
"""

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from base.organisation.models import Person, ProviderAccount

LINK_FIELDS = ("username", "email")

MESSAGES = {
    "unknown": _(
        "您的统一身份认证账号尚未开通本平台的使用权限。请联系本单位或市政府办公室的系统管理员"
        "开通后再登录，或使用本平台账号登录。"
    ),
    "inactive": _("您在本平台的账号已停用，不能登录。如有疑问，请联系系统管理员。"),
    "ambiguous": _(
        "统一身份认证账号对应本平台的多个账号，无法确定是哪一个。请联系系统管理员处理。"
    ),
    "linked_elsewhere": _(
        "本平台的这个账号已关联另一个统一身份认证账号。请使用原账号登录，或联系系统管理员。"
    ),
}


class Refused(Exception):
    """The provider's account may not sign in here; `reason` is a key of MESSAGES, `person`
    the person it named, if any."""

    def __init__(self, reason, person=None):
        super().__init__(reason)
        self.reason = reason
        self.person = person

    @property
    def message(self):
        return MESSAGES[self.reason]


def person_for(issuer, claims, link_claim="", link_field="username"):
    """The active person the provider's account (`claims`, with its `sub`) is, and whether
    this sign-in linked it; raises Refused."""
    subject = str(claims["sub"])
    account = ProviderAccount.objects.select_related("person").filter(
        issuer=issuer, subject=subject
    )
    linked = account.first()
    if linked is not None:
        _check_active(linked.person)
        _used(linked)
        return linked.person, False
    person = _named_by(claims, link_claim, link_field)
    _check_active(person)
    try:
        with transaction.atomic():
            linked = ProviderAccount.objects.create(person=person, issuer=issuer, subject=subject)
    except IntegrityError:  # the person has another account there (or a parallel sign-in)
        linked = account.first()
        if linked is None or linked.person_id != person.pk:
            raise Refused("linked_elsewhere", person) from None
        return person, False
    _used(linked)
    return person, True


def _named_by(claims, link_claim, link_field):
    if link_field not in LINK_FIELDS:
        raise ValueError(f"link_field: one of {LINK_FIELDS}, not {link_field!r}")
    value = claims.get(link_claim) if link_claim else None
    if not isinstance(value, str) or not value.strip():
        raise Refused("unknown")
    if link_field == "email" and claims.get("email_verified") is not True:
        raise Refused("unknown")  # an unverified address proves nothing
    lookup = "email__iexact" if link_field == "email" else "username"
    found = list(Person.objects.filter(**{lookup: value.strip()})[:2])
    if not found:
        raise Refused("unknown")
    if len(found) > 1:
        raise Refused("ambiguous")
    return found[0]


def _check_active(person):
    if not person.is_active:
        raise Refused("inactive", person)


def _used(linked):
    linked.last_login = timezone.now()
    linked.save(update_fields=["last_login"])
