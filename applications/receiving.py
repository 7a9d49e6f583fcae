"""Receiving an application: the date the law counts from, the receipt number, and the
applicant's personal link. Plain functions for the portal's form, the clerk's registration
and an import alike.
"""

import hashlib
import hmac
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from applications.models import Application, Channel, ReceiptSerial
from base import audit

# how the date of receipt is found, per channel (条例第三十一条): the day it was handed in;
# the day a registered letter was signed for; for a plain letter, the internet or a fax, the
# day the organ confirmed it with the applicant
CONFIRMED = {Channel.LETTER, Channel.ONLINE, Channel.FAX}


def date_of_receipt(channel, submitted_on, *, signed_on=None, confirmed_on=None):
    """The date the 20 working days count from, or None while the organ has not confirmed an
    application that needs confirming. Refuses dates that cannot be."""
    if channel == Channel.IN_PERSON:
        return submitted_on
    if channel == Channel.POST:
        if signed_on is None:
            raise ValidationError(
                {"signed_on": _("邮寄的申请以本机关签收之日为收到申请之日，请填写签收日期。")}
            )
        day = signed_on
    else:
        day = confirmed_on
    if day is not None and day < submitted_on:
        raise ValidationError(
            {
                "signed_on" if channel == Channel.POST else "confirmed_on": _(
                    "收到申请之日不能早于申请人提交之日（%(day)s）。"
                )
                % {"day": submitted_on.isoformat()}
            }
        )
    return day


@transaction.atomic
def next_receipt_number(organ, year):
    """湛府办依申〔2026〕1号: the organ's 规范化简称 (its name when it has none), the year and a
    serial counted per organ and year under a locked row, never given twice."""
    serial, _created = ReceiptSerial.objects.select_for_update().get_or_create(
        organ=organ, year=year
    )
    serial.last += 1
    serial.save(update_fields=["last"])
    prefix = organ.short_name or organ.name
    return _("%(organ)s依申〔%(year)d〕%(serial)d号") % {
        "organ": prefix,
        "year": year,
        "serial": serial.last,
    }


def new_status_key():
    """(key for the applicant's link, digest to store): the key itself is never stored, so
    that not even a copy of the database opens an applicant's page."""
    key = secrets.token_urlsafe(24)
    return key, digest(key)


def digest(key):
    return hashlib.sha256(key.encode()).hexdigest()


def opens(application, key):
    return hmac.compare_digest(application.status_digest, digest(key or ""))


# what `receive` copies from a form's cleaned data onto the application
APPLICANT_FIELDS = (
    "applicant_kind", "name", "id_type", "id_number", "org_code", "legal_representative",
    "contact_name", "phone", "email", "address", "postcode", "description", "provision",
    "collection",
)  # fmt: skip


@transaction.atomic
def receive(form_or_cleaned_data, organ, *, actor):
    """Saves a checked application (applications/forms.py) to `organ` with its receipt number
    and the digest of a new personal key, audited; returns (application, key). The key is
    shown to the applicant once and kept nowhere.

    From the portal it came online today (Asia/Shanghai) and is received only when the office
    confirms it (条例第三十一条): `received_on` stays empty until then. A clerk's registration
    brings its channel and days, and `date_of_receipt` decides."""
    data = getattr(form_or_cleaned_data, "cleaned_data", form_or_cleaned_data)
    today = timezone.localdate()
    channel = data.get("channel") or Channel.ONLINE
    submitted_on = data.get("submitted_on") or today
    received_on = date_of_receipt(
        channel,
        submitted_on,
        signed_on=data.get("signed_on"),
        confirmed_on=data.get("confirmed_on"),
    )
    key, key_digest = new_status_key()
    application = Application.objects.create(
        organ=organ,
        # the number is the organ's record, written in its language whatever the reader's
        receipt_number=official(next_receipt_number, organ, today.year),
        status_digest=key_digest,
        channel=channel,
        submitted_on=submitted_on,
        received_on=received_on,
        **{name: data.get(name) or "" for name in APPLICANT_FIELDS},
    )
    # the number and how it came: who applied and what they asked stay in the record alone
    audit.record(
        actor,
        "application.received",
        application,
        receipt_number=application.receipt_number,
        channel=channel,
    )
    return application, key


@transaction.atomic
def reissue_key(application, *, actor, identity_checked):
    """A new personal key for an applicant who lost theirs and came to the organ with the
    receipt number: only once the clerk says they checked who the caller is (anyone who knows
    a receipt number could ask). The old key stops opening the application at once; the new
    one is shown once and kept nowhere."""
    if not identity_checked:
        raise ValidationError(_("请先核对来人的身份证件和受理编号，再补发查询码。"))
    key, application.status_digest = new_status_key()
    application.save(update_fields=["status_digest"])
    audit.record(
        actor, "application.key_reissued", application, receipt_number=application.receipt_number
    )
    return key


def official(function, *args):
    with translation.override(settings.LANGUAGE_CODE):
        return function(*args)


def find(key):
    """The application a personal key opens, or None. Looked up by the key's digest (an
    index), then compared in constant time: a wrong key costs what a right one does."""
    if not key or len(key) > 100:
        return None
    found = Application.objects.filter(status_digest=digest(key)).first()
    return found if found is not None and opens(found, key) else None
