"""Lists on the interpretation pages read as the page's language writes them."""

import pytest
from django.utils import translation

from base.text import enumerate_items

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "forms"),
    [("zh-hans", "文字解读、问答"), ("en", "Written interpretation, Q&amp;A")],
)
def test_the_review_page_lists_the_interpretation_forms_in_its_language(desk, language, forms):
    process = desk.start()
    assert desk.submit(process).status_code == 302
    desk.login("leader")
    task = desk.take(process, "sign_off")
    html = desk.client.get(desk.url(task, "execute"), headers={"accept-language": language})
    assert forms in html.content.decode()


def test_enumerate_items_follows_the_active_language():
    with translation.override("zh-hans"):
        assert enumerate_items(["国庆节", "中秋节"]) == "国庆节、中秋节"
    with translation.override("en"):
        assert enumerate_items([2026, 2027]) == "2026, 2027"
        assert enumerate_items([]) == ""
