"""The development file `make run` leaves (dev.env in the instance's directory): the commands
of the README work in a new shell after it, a real environment variable wins over its lines,
and without it nothing changes (production never has one)."""

import subprocess
import sys

from django.conf import settings

from web import env

SHOW = "from django.conf import settings as s; print(s.DEBUG, s.PUBLIC_BASE_URL, s.SECRET_KEY)"


def shown(result):
    """DEBUG, PUBLIC_BASE_URL and SECRET_KEY as `manage.py shell -c SHOW` printed them."""
    return result.stdout.strip().splitlines()[-1].split()


def manage(*args, var, **environment):
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "GONGKAI_VAR_DIR": str(var), **environment},
    )


def write(var, port="8101", **environment):
    """What `make setup PORT=…` does first, with the environment make was given."""
    return subprocess.run(
        [sys.executable, "-m", "web.env", "127.0.0.1", port],
        capture_output=True,
        text=True,
        check=True,
        cwd=settings.BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "GONGKAI_VAR_DIR": str(var), **environment},
    )


def test_a_command_in_a_new_shell_finds_what_make_run_used(tmp_path):
    write(tmp_path, port="8101")
    assert manage("migrate", "--no-input", var=tmp_path).returncode == 0  # as make setup does
    result = manage("deadline", "2025-09-26", "--working-days", "3", var=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "2025" in result.stdout

    debug, base_url, key = shown(manage("shell", "-c", SHOW, var=tmp_path))
    assert (debug, base_url) == ("True", "http://127.0.0.1:8101")
    assert key == (tmp_path / "secret_key").read_text().strip()  # the checkout's own key


def test_the_secret_key_is_kept_when_make_run_writes_the_file_again(tmp_path):
    write(tmp_path, port="8000")
    first = (tmp_path / "dev.env").read_text()
    write(tmp_path, port="8102")
    second = (tmp_path / "dev.env").read_text()
    key = [line for line in first.splitlines() if line.startswith("SECRET_KEY=")]
    assert key and key[0] in second.splitlines()
    assert "PUBLIC_BASE_URL=http://127.0.0.1:8102" in second.splitlines()
    assert (tmp_path / "dev.env").stat().st_mode & 0o077 == 0  # it holds the key: owner only


def test_addresses_given_to_make_are_written_as_given(tmp_path):
    write(
        tmp_path,
        PUBLIC_BASE_URL="https://gk.example.cn",
        DATABASE_URL=f"sqlite:///{tmp_path}/other.sqlite3",
    )
    lines = (tmp_path / "dev.env").read_text().splitlines()
    assert "PUBLIC_BASE_URL=https://gk.example.cn" in lines
    assert f"DATABASE_URL=sqlite:///{tmp_path}/other.sqlite3" in lines


def test_a_real_environment_variable_wins_over_the_file(tmp_path):
    write(tmp_path, port="8101")
    result = manage(
        "shell", "-c", SHOW, var=tmp_path, PUBLIC_BASE_URL="https://gk.zhanjiang.gov.cn"
    )
    assert shown(result)[1] == "https://gk.zhanjiang.gov.cn"

    production = manage("check", var=tmp_path, DEBUG="false", SECRET_KEY="")
    assert production.returncode != 0
    assert "SECRET_KEY" in production.stderr  # DEBUG=true in the file did not turn it on


def test_without_the_file_nothing_changes(tmp_path):
    result = manage("deadline", "2025-09-26", "--working-days", "3", var=tmp_path)
    assert result.returncode != 0
    assert "SECRET_KEY: must be set when DEBUG is off" in result.stderr
    assert not (tmp_path / "dev.env").exists()


def test_the_file_reader_skips_comments_and_keeps_what_is_set(tmp_path, monkeypatch):
    path = tmp_path / "dev.env"
    path.write_text("# a comment\nGONGKAI_TEST_A=from-file\nGONGKAI_TEST_B=from-file\n\n")
    monkeypatch.setenv("GONGKAI_TEST_B", "from-environment")
    monkeypatch.delenv("GONGKAI_TEST_A", raising=False)
    env.read_file(path)
    import os

    assert os.environ["GONGKAI_TEST_A"] == "from-file"
    assert os.environ["GONGKAI_TEST_B"] == "from-environment"
    monkeypatch.delenv("GONGKAI_TEST_A")
