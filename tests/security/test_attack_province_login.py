"""Attacks on the province sign-in's callback: whatever comes back in the query string —
no code, a code of 10,000 characters or emoji, a repeated or mangled state, an error text of
any size — the person is sent to the login page with a reason, never a 500, never signed
in; and the address they go to afterwards is always this site's."""

from urllib.parse import parse_qsl, urlencode, urlsplit

import pytest
from django.test import Client

from base.organisation.models import ProviderAccount
from tests.factories import PersonFactory
from tests.identity import conftest as identity
from tests.identity.conftest import LOGIN, START, at_provider

pytestmark = pytest.mark.django_db
MY_WORK = "/staff/work/mine/"
provider = identity.provider  # the provider on 127.0.0.1, as tests/identity has it


def mangled(back, change):
    url = urlsplit(back)
    query = change(parse_qsl(url.query))
    return f"{url.path}?{urlencode(query)}"


CHANGES = {
    "no code": lambda q: [(k, v) for k, v in q if k != "code"],
    "huge code": lambda q: [(k, "x" * 10_000 if k == "code" else v) for k, v in q],
    "emoji code": lambda q: [(k, "😀\x00{x" if k == "code" else v) for k, v in q],
    "two states": lambda q: [*q, ("state", "another")],
    "huge error": lambda q: [*q, ("error", "e" * 10_000)],
    "markup error": lambda q: [*q, ("error", "<script>alert(1)</script>")],
}


@pytest.mark.parametrize("change", CHANGES.values(), ids=CHANGES.keys())
def test_a_mangled_answer_is_refused_on_the_login_page(provider, change):
    person = PersonFactory()
    ProviderAccount.objects.create(person=person, issuer=provider.issuer, subject="gd-0001")
    client = Client(raise_request_exception=False)
    answer = client.get(mangled(at_provider(client, provider), change))
    assert answer.status_code == 302 and answer["Location"].startswith(LOGIN)
    page = client.get(answer["Location"])
    assert page.status_code == 200 and "<script>alert(1)" not in page.content.decode()
    assert client.get(MY_WORK).status_code == 302  # not signed in


@pytest.mark.parametrize(
    "wanted", ["//evil.example/", "https://evil.example/", "javascript:alert(1)", "/" * 3000]
)
def test_a_crafted_next_never_leads_off_the_site(provider, wanted):
    ProviderAccount.objects.create(
        person=PersonFactory(), issuer=provider.issuer, subject="gd-0001"
    )
    client = Client(raise_request_exception=False)
    back = at_provider(client, provider, start=f"{START}?{urlencode({'next': wanted})}")
    answer = client.get(back)
    assert answer.status_code == 302
    assert answer["Location"].startswith("/") and not answer["Location"].startswith("//")
