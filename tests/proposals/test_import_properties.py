"""Whatever a spreadsheet holds, an import ends in one of two ways: a list of problems,
each naming its line, and nothing stored; or every row stored and every stored object
passing its model's own checks. Never a traceback, never a value the database would refuse.
Hypothesis writes the rows (arbitrary values per column, .xlsx with numbers and dates as
Excel stores them); the suite runs on SQLite and on PostgreSQL."""

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from base.organisation.demo import load_units_and_people
from base.organisation.models import Person, Unit
from proposals.importing import ImportFailed, import_file
from proposals.models import Proposal, Proposer
from tests.proposals.test_import import HEADER, row, xlsx

pytestmark = pytest.mark.django_db

text = st.text(min_size=0, max_size=260)
cell = st.one_of(
    text,
    st.integers(min_value=-(10**25), max_value=10**25),
    st.floats(allow_nan=True, allow_infinity=False),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)),
    st.sampled_from(["<script>alert(1)</script>", "<img src=x onerror=alert(1)>",
                     "<svg/onload=alert(1)", "第0123号", "100", "0", "4294967296",
                     "人大建议", "政协提案", "是", "否", "湛江市教育局", "分办", "9" * 60]),
)  # fmt: skip
rows = st.lists(st.fixed_dictionaries({name: cell for name in HEADER}), min_size=1, max_size=4)
EXCEL_SAFE = str.maketrans({chr(n): " " for n in [*range(0, 9), 11, 12, *range(14, 32)]})


def excel(value):
    """What a spreadsheet cell can hold (no control characters)."""
    return value.translate(EXCEL_SAFE) if isinstance(value, str) else value


@pytest.fixture(scope="module", autouse=True)
def units(django_db_setup, django_db_blocker):
    """The demo units for every example, loaded once outside the tests' transactions, so
    removed afterwards: tests after this module make units of the same names."""
    with django_db_blocker.unblock():
        people, units = (
            set(Person.objects.values_list("pk", flat=True)),
            set(Unit.objects.values_list("pk", flat=True)),
        )
        load_units_and_people()
    yield
    with django_db_blocker.unblock():
        Person.objects.exclude(pk__in=people).delete()
        loaded = Unit.objects.exclude(pk__in=units)
        loaded.filter(parent_unit__isnull=False).delete()  # sections before their organs
        loaded.delete()


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(rows=rows, base=st.integers(min_value=1, max_value=9000))
def test_an_import_refuses_with_lines_or_stores_only_valid_rows(rows, base):
    values = [[excel(changes.get(name)) for name in HEADER] for changes in rows]
    # half the time a valid row with the generated values in a few columns only
    mixed = [row(base + n, **{k: excel(v) for k, v in list(changes.items())[:3]})
             for n, changes in enumerate(rows)]  # fmt: skip
    for table in (values, mixed):
        before = Proposal.objects.count()
        try:
            result = import_file(f"batch-{base}.xlsx", xlsx(*table))
        except ImportFailed as failure:
            assert failure.problems
            assert all(
                str(problem).startswith(("第", "文件", "缺少")) for problem in failure.problems
            )
            assert Proposal.objects.count() == before
            continue
        stored = Proposal.objects.filter(batch=result.batch) if result.batch else []
        for proposal in stored:
            proposal.full_clean(exclude=["batch"])
            for person in Proposer.objects.filter(proposal=proposal):
                person.full_clean()
