"""Deployment checks of the product's own settings (`manage.py check --deploy`).

PUBLIC_BASE_URL is printed into what leaves the building: the infographics' QR codes and
share cards, feeds, the sitemap, notices' links. Left at its development default
(http://127.0.0.1:8000) or set to a private address, every one of them points readers to a
machine they cannot reach, and a printed QR code cannot be corrected afterwards.
"""

import ipaddress
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks

LOCAL_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}


def local_reason(url):
    """Why readers outside cannot reach `url`, or "" when they can."""
    url = (url or "").strip()
    if not url:
        return "it is not set"
    try:
        parts = urlsplit(url)
        host = (parts.hostname or "").rstrip(".").lower()
    except ValueError:
        return "it is not a URL"
    if parts.scheme not in ("http", "https") or not host:
        return "it is not an http(s) URL with a host name"
    if host in LOCAL_NAMES or host.endswith(".localhost"):
        return f"{host} is this machine"
    if host.endswith((".local", ".internal", ".lan")):
        return f"{host} is a name only the local network knows"
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        if "." not in host:
            return f"{host} is a name only the local network knows"
        return ""
    if address.is_loopback:
        return f"{host} is this machine (loopback)"
    if address.is_private or address.is_link_local or address.is_unspecified:
        return f"{host} is a private address"
    return ""


@checks.register(checks.Tags.security, deploy=True)
def check_public_base_url(app_configs=None, **kwargs):
    reason = local_reason(settings.PUBLIC_BASE_URL)
    if not reason:
        return []
    return [
        checks.Warning(
            f"PUBLIC_BASE_URL ({settings.PUBLIC_BASE_URL or 'empty'}) is not a public address: "
            f"{reason}. QR codes on infographics and share cards, feeds, the sitemap and "
            "links in notices would send readers there.",
            hint="Set PUBLIC_BASE_URL to the portal's public address, e.g. "
            "PUBLIC_BASE_URL=https://gongkai.zhanjiang.gov.cn (docs/settings.md).",
            id="web.W001",
        )
    ]
