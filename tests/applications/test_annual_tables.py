"""Tables 三 and 四 counted from the records: each figure equals a count made here by hand
from the same records, and table 三 balances in every column (勾稽关系)."""

import random
from datetime import date, timedelta

import pytest

from applications.annual_tables import (
    CARRIED,
    CARRIED_OVER,
    NEW,
    appeals_table,
    requests_table,
)
from applications.categories import APPLICANT_KINDS, result_lines
from applications.models import AnswerCategory, Remedy
from tests.applications.test_rules import application
from tests.factories import UnitFactory

pytestmark = pytest.mark.django_db
KINDS = [kind for kind, _label in APPLICANT_KINDS]


@pytest.fixture
def organ():
    return UnitFactory(name="湛江市人民政府办公室", short_name="市政府办公室")


def scatter(organ, count=120, seed=7):
    """Applications received from 2025 to early 2027, some answered (in every category),
    some not; and one of another organ, which no figure may count."""
    rng = random.Random(seed)
    categories = list(AnswerCategory.objects.all())
    made = []
    for _ in range(count):
        received = date(2025, 6, 1) + timedelta(days=rng.randrange(0, 600))
        answered = received + timedelta(days=rng.randrange(0, 60)) if rng.random() < 0.8 else None
        made.append(
            application(
                organ,
                received,
                applicant_kind=rng.choice(KINDS),
                answered_on=answered,
                category=rng.choice(categories) if answered else None,
            )
        )
    stranger = UnitFactory(name="湛江市教育局")
    application(stranger, date(2026, 3, 2))
    return made


def by_hand(made, year):
    first, last = date(year, 1, 1), date(year, 12, 31)

    def column(rows):
        return [sum(1 for a in rows if a.applicant_kind == kind) for kind in KINDS]

    cells = {
        NEW: column([a for a in made if first <= a.received_on <= last]),
        CARRIED: column(
            [
                a
                for a in made
                if a.received_on < first and not (a.answered_on and a.answered_on < first)
            ]
        ),
        CARRIED_OVER: column(
            [
                a
                for a in made
                if a.received_on <= last and not (a.answered_on and a.answered_on <= last)
            ]
        ),
    }
    for code, _label in result_lines():
        cells[code] = column(
            [
                a
                for a in made
                if a.answered_on and first <= a.answered_on <= last and a.category.code == code
            ]
        )
    return cells


def test_table_three_equals_a_count_by_hand_and_balances(organ):
    made = scatter(organ)
    cells = requests_table(organ, 2026)["cells"]
    assert cells == by_hand(made, 2026)
    results = [code for code, _label in result_lines()]
    for index, kind in enumerate(KINDS):
        came = cells[NEW][index] + cells[CARRIED][index]
        went = sum(cells[code][index] for code in results) + cells[CARRIED_OVER][index]
        assert came == went, kind
    assert sum(cells[NEW]) > 0 and sum(cells[CARRIED]) > 0 and sum(cells[CARRIED_OVER]) > 0


def test_table_four_counts_each_remedy_by_its_result_at_the_years_end(organ):
    answered = application(
        organ,
        date(2026, 3, 2),
        answered_on=date(2026, 3, 20),
        category=AnswerCategory.objects.get(code="refused.third_party"),
    )
    Remedy.objects.create(
        application=answered,
        kind=Remedy.Kind.REVIEW,
        filed_on=date(2026, 5, 6),
        result=Remedy.Result.UPHELD,
        decided_on=date(2026, 7, 1),
    )
    Remedy.objects.create(  # decided after the year's end: still pending in its table
        application=answered,
        kind=Remedy.Kind.AFTER_REVIEW,
        filed_on=date(2026, 8, 3),
        result=Remedy.Result.CORRECTED,
        decided_on=date(2027, 2, 1),
    )
    Remedy.objects.create(
        application=answered, kind=Remedy.Kind.DIRECT, filed_on=date(2025, 12, 1)
    )  # filed the year before: not this year's

    cells = appeals_table(organ, 2026)["cells"]

    assert cells == {
        "review": [1, 0, 0, 0],
        "direct": [0, 0, 0, 0],
        "after_review": [0, 0, 0, 1],
    }
