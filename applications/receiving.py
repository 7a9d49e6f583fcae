"""Receiving an application: the date the law counts from, the receipt number, and the
applicant's personal link. Plain functions for the portal's form, the clerk's registration
and an import alike.
"""

import hashlib
import hmac
import secrets

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from applications.models import Channel, ReceiptSerial

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
