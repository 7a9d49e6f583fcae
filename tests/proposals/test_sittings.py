"""A sitting (届次) is named in the page's language; the reply letter names it in Chinese."""

from django.utils.translation import override

from proposals.sittings import ordinal, sitting


def test_ordinals_as_english_writes_them():
    assert [ordinal(n) for n in (1, 2, 3, 4, 11, 12, 13, 21, 22, 23, 101, 111)] == [
        "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "23rd", "101st",
        "111th",
    ]  # fmt: skip


def test_a_sitting_in_each_language():
    with override("zh-hans"):
        assert sitting(15, 5, "npc") == "市十五届人大五次会议"
        assert sitting(14, 21, "cppcc") == "市政协十四届二十一次会议"
    with override("en"):
        assert sitting(15, 5, "npc") == "15th Municipal People's Congress, 5th session"
        assert sitting(15, 5, "cppcc") == "15th Municipal CPPCC Committee, 5th session"
        assert sitting(14, 2) == "14th term, 2nd session"


def test_the_reply_letter_title_stays_chinese_in_english(db):
    from proposals.models import Proposal
    from proposals.replies import default_title

    proposal = Proposal(kind="npc", term=15, session=5, number=12)
    with override("en"):
        assert default_title(proposal) == "关于市十五届人大五次会议第0012号建议的答复"
