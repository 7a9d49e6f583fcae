"""Start-up configuration, checked the way an operator meets it: by running manage.py."""

import secrets
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "gongkai.zhanjiang.gov.cn",
    "PUBLIC_BASE_URL": "https://gongkai.zhanjiang.gov.cn",
}


def manage(*args, tmp_path, **environment):
    env = {"PATH": "/usr/bin:/bin", "GONGKAI_VAR_DIR": str(tmp_path), **environment}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        env=env,
    )


def test_production_mode_passes_the_deployment_checklist(tmp_path):
    result = manage("check", "--deploy", "--fail-level", "WARNING", tmp_path=tmp_path, **PRODUCTION)
    assert result.returncode == 0, result.stderr
    # nothing to fix; the one message says which faces documents are set in
    assert "WARNINGS:" not in result.stderr and "ERRORS:" not in result.stderr
    assert "rendering.I001" in result.stderr


def test_production_without_a_secret_key_is_a_one_line_error(tmp_path):
    environment = {**PRODUCTION, "SECRET_KEY": ""}
    result = manage("check", tmp_path=tmp_path, **environment)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize("url", ["mysql://localhost/gongkai", "not a url", "postgres://:x@/"])
def test_a_bad_database_url_is_a_one_line_error(tmp_path, url):
    result = manage("check", tmp_path=tmp_path, DEBUG="true", DATABASE_URL=url)
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DATABASE_URL" in result.stderr


def test_without_a_chinese_font_check_names_the_package_to_install(tmp_path):
    empty = tmp_path / "fonts"
    empty.mkdir()
    config = tmp_path / "fonts.conf"
    config.write_text(
        f'<?xml version="1.0"?><fontconfig><dir>{empty}</dir>'
        f"<cachedir>{tmp_path / 'cache'}</cachedir></fontconfig>"
    )
    result = manage("check", tmp_path=tmp_path, DEBUG="true", FONTCONFIG_FILE=str(config))
    assert result.returncode != 0
    assert "fonts-noto-cjk" in result.stderr


def test_with_the_fonts_installed_check_is_clean(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="true")
    assert result.returncode == 0, result.stderr


def test_an_unreachable_database_is_a_one_line_error(tmp_path):
    result = manage(
        "migrate",
        tmp_path=tmp_path,
        DEBUG="true",
        DATABASE_URL="postgres://postgres@127.0.0.1:1/gongkai",
    )
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "DATABASE_URL" in result.stderr


def test_no_worker_threads_for_publishing_is_a_one_line_error(tmp_path):
    result = manage("check", tmp_path=tmp_path, DEBUG="true", PUBLICATION_WORKERS="0")
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert "PUBLICATION_WORKERS: must be 1 or more, got 0" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("NOTICE_DIGEST_HOUR", "24", "NOTICE_DIGEST_HOUR: must be 23 or less, got 24"),
        ("NOTICE_RETRY_SECONDS", "1m", "NOTICE_RETRY_SECONDS: expected a whole number, got '1m'"),
    ],
)
def test_a_notice_setting_out_of_range_is_a_one_line_error(tmp_path, name, value, message):
    result = manage("check", tmp_path=tmp_path, DEBUG="true", **{name: value})
    assert result.returncode != 0
    assert result.stderr.strip().count("\n") == 0, result.stderr
    assert message in result.stderr


def test_a_sqlite_database_lets_the_pipeline_commit_while_the_portal_reads(
    tmp_path, django_db_blocker
):
    """Write-ahead logging (web/env.py): a delivery commits while a portal page is in the
    middle of reading (with a rollback journal it would wait for the reader), and the page
    goes on reading the state it began with."""
    from django.db.backends.sqlite3.base import DatabaseWrapper

    from web import env

    config = env.database("NO_SUCH_VARIABLE", f"sqlite:///{tmp_path / 'db.sqlite3'}")
    config.update(TIME_ZONE=None, AUTOCOMMIT=True, ATOMIC_REQUESTS=False)
    writer = DatabaseWrapper({**config, "OPTIONS": {**config["OPTIONS"], "timeout": 0.2}}, "w")
    reader = DatabaseWrapper({**config}, "reader")
    with django_db_blocker.unblock():
        with writer.cursor() as writing, reader.cursor() as reading:
            writing.execute("CREATE TABLE item (title TEXT)")
            writing.execute("INSERT INTO item VALUES ('第1号答复')")
            reading.execute("BEGIN")
            reading.execute("SELECT title FROM item")
            assert reading.fetchall() == [("第1号答复",)]
            writing.execute("INSERT INTO item VALUES ('第2号答复')")  # no "database is locked"
            reading.execute("SELECT title FROM item")
            assert reading.fetchall() == [("第1号答复",)]
            reading.execute("COMMIT")
        writer.close()
        reader.close()


def development_key(tmp_path):
    code = "from django.conf import settings; print(settings.SECRET_KEY)"
    result = manage("shell", "-c", code, tmp_path=tmp_path, DEBUG="true")
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def test_a_development_instance_makes_its_own_secret_key_once(tmp_path):
    first = development_key(tmp_path / "one")
    assert len(first) >= 50 and "insecure" not in first
    assert development_key(tmp_path / "one") == first  # kept: sessions and links survive
    assert (tmp_path / "one" / "secret_key").stat().st_mode & 0o777 == 0o600
    assert development_key(tmp_path / "two") != first  # another checkout, another key
