from urllib.parse import urlparse

import pytest
import requests

from tests.identity.provider import CLIENT_ID, CLIENT_SECRET, Provider
from web import province_login

START = "/staff/accounts/province/"
LOGIN = "/staff/accounts/login/"


@pytest.fixture
def provider(settings):
    """The province's identity provider, running, and the site configured to use it."""
    with Provider() as running:
        settings.OIDC_ISSUER = running.issuer
        settings.OIDC_ENABLED = True
        settings.OIDC_RP_CLIENT_ID = CLIENT_ID
        settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
        settings.OIDC_LINK_CLAIM = ""
        settings.OIDC_LINK_FIELD = "username"
        yield running
    province_login._discovered.clear()


def at_provider(client, provider, start=START + "?next=/staff/work/mine/"):
    """Clicks the button: the site sends the browser to the provider, which signs in
    `provider.account` and sends it back; returns the URL it was sent back to."""
    leaving = client.get(start)
    assert leaving.status_code == 302, leaving.content.decode()[:300]
    assert leaving["Location"].startswith(f"{provider.issuer}/authorize?")
    back = requests.get(leaving["Location"], allow_redirects=False, timeout=10)
    assert back.status_code == 302, back.text
    url = urlparse(back.headers["Location"])
    assert url.netloc == "testserver" and url.path == START + "callback/"
    return f"{url.path}?{url.query}"


def sign_in(client, provider, **kwargs):
    """The whole round trip; returns the site's answer to the provider's redirect."""
    return client.get(at_provider(client, provider, **kwargs))
