import subprocess
import sys
from io import StringIO

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db


def run(*args):
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


def test_working_days_prints_the_due_date_then_the_explanation():
    lines = run("2025-09-26", "--working-days", "3")
    assert lines[0] == "2025-09-30"
    assert any("2025年9月28日（星期日，国庆节）" in line for line in lines)


def test_months_prints_the_due_date_then_the_explanation():
    lines = run("2025-11-15", "--months", "3")
    assert lines[0] == "2026-02-24"
    assert any("春节" in line for line in lines)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["2025-13-01", "--working-days", "3"], "日期格式不正确"),
        (["yesterday", "--months", "1"], "日期格式不正确"),
        (["2025-09-26", "--working-days", "-2"], "负数"),
        (["2031-06-01", "--months", "1"], "2031年"),
    ],
)
def test_bad_input_is_a_clear_message(args, message):
    with pytest.raises(CommandError, match=message):
        run(*args)


def test_bad_input_exits_non_zero_from_the_shell(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "deadline", "2025-02-30", "--working-days", "1"],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={"DEBUG": "true", "GONGKAI_VAR_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode != 0
    assert "日期格式不正确" in result.stderr
