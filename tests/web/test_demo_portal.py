"""A fresh install's portal after `load_demo`: the headline package, 湛府办〔2018〕22号, and the
departments' approved packages are public with their interpretations and infographics; the
packages still under way are not; the replies say what they answer. Loading again adds
nothing."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from base.organisation.models import Person
from interpretation.models import PolicyDocument
from publications.models import Publication, Version
from workflows.interpretation.demo import NUMBER
from workflows.interpretation.flows import InterpretationFlow

pytestmark = pytest.mark.django_db

DEPARTMENTS = ["湛教〔2026〕15号", "湛民〔2026〕8号", "湛建〔2026〕21号"]


def load_demo():
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


@pytest.fixture
def published(media_root):
    """The demo as `make setup` leaves it: loaded, then what it approved delivered."""
    load_demo()
    call_command("publish_pending", stdout=StringIO())


def test_the_portal_leads_with_the_demo_package_and_names_what_replies_answer(client, published):
    home = client.get("/").content.decode()
    assert "暂无已发布的政策文件" not in home
    package = PolicyDocument.objects.get(number=NUMBER)
    assert package.title in home
    for number in DEPARTMENTS:
        assert PolicyDocument.objects.get(number=number).title in home, number
    for waiting in PolicyDocument.objects.filter(approved_at__isnull=True):
        assert waiting.title not in home, waiting.number

    policy = client.get(f"/policies/{package.pk}/").content.decode()
    assert f"/policies/{package.pk}/interpretation/" in policy
    reading = client.get(f"/policies/{package.pk}/interpretation/").content.decode()
    assert "重大突发事件新闻发布时限" in reading  # a key figure
    assert "发生重大突发事件后，政府多久发布权威信息？" in reading  # a question
    files = set(re.findall(r'(?:src|href)="(/files/interpretation/[^"]+)"', reading))
    assert any(path.endswith("/infographic.pdf") for path in files), files
    assert any(path.endswith("/infographic-1.png") for path in files), files
    for path in files:
        response = client.get(path)
        assert response.status_code == 200, path
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert body[:4] in (b"%PDF", b"\x89PNG"), path

    # the replies say what they answer: the item's title, its number beside it
    titles = set(
        Version.objects.filter(publication__kind="reply").values_list(
            "fields__proposal_title", flat=True
        )
    )
    for page in ("/", "/replies/"):
        html = client.get(page).content.decode()
        rows = [row for row in re.findall(r'<li class="entry">(.*?)</li>', html, re.S)]
        replies = [row for row in rows if "/replies/" in row]
        assert replies, page
        for row in replies:
            link = re.search(r'class="entry__title"[^>]*>([^<]+)</a>', row).group(1)
            assert link in titles, link  # the suggestion's or proposal's own title
            assert re.search(r"(人大建议|政协提案)第\d{4}号", row), row  # its number


def test_each_demo_role_has_a_package_to_act_on(db):
    load_demo()
    from viewflow.workflow.models import Task

    open_tasks = [
        task
        for task in Task.objects.filter(flow_task_type="HUMAN", finished__isnull=True)
        if task.flow_task.flow_class is InterpretationFlow
    ]
    for username in ("drafter", "leader", "reviewer", "legal", "issuer"):
        person = Person.objects.get(username=username)
        mine = [task for task in open_tasks if task.flow_task.allows(person, task)]
        assert len(mine) == 1, (username, mine)
    returned = PolicyDocument.objects.get(number="湛府办〔2026〕14号")
    assert returned.reviews.latest("at").comment.startswith("解读未写明新旧政策差异")


def test_loading_again_duplicates_nothing(db):
    load_demo()
    counts = PolicyDocument.objects.count(), Publication.objects.count(), Version.objects.count()
    again = load_demo()
    assert counts == (
        PolicyDocument.objects.count(),
        Publication.objects.count(),
        Version.objects.count(),
    )
    assert counts[0] == 9
    assert "政策解读：" not in again  # nothing new to report
