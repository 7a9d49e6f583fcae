import pytest
import time_machine

from tests.reports.year import NOW, make_year


@pytest.fixture
def year(db):
    """A year of records (tests/reports/year.py), with the clock at NOW while the test runs."""
    made = make_year()
    with time_machine.travel(NOW, tick=False):
        yield made
