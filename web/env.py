"""Reading settings from the environment.

Every variable Gongkai reads is listed in docs/settings.md. A wrong value stops start-up with
a one-line message that names the variable (manage.py prints it without a traceback).
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def var_dir():
    """Where an instance keeps its files (settings.VAR_DIR): GONGKAI_VAR_DIR or var/."""
    return Path(os.environ.get("GONGKAI_VAR_DIR") or BASE_DIR / "var")


def development_file():
    """What `make run` / `make setup` leave for the commands of a development checkout:
    dev.env in the instance's directory, so another GONGKAI_VAR_DIR never reads it."""
    return var_dir() / "dev.env"


class SettingsError(ImproperlyConfigured):
    """A setting read from the environment is missing or malformed."""


TRUE = {"1", "true", "yes", "on"}
FALSE = {"0", "false", "no", "off", ""}


def flag(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    if value.strip().lower() in TRUE:
        return True
    if value.strip().lower() in FALSE:
        return False
    raise SettingsError(f"{name}: expected true or false, got {value!r}")


def development_secret(path):
    """A development instance's own key, made once per checkout and kept in var/: a key
    written in the code would let anyone forge a demo's signed links (the proposer's
    feedback link) or sessions."""
    path = Path(path)
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it a moment ago
            pass
        else:
            with os.fdopen(descriptor, "w") as file:
                file.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def text(name, default=None):
    return os.environ.get(name, default)


def listing(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def integer(name, default, minimum=None, maximum=None):
    value = os.environ.get(name)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        raise SettingsError(f"{name}: expected a whole number, got {value!r}") from None
    if minimum is not None and number < minimum:
        raise SettingsError(f"{name}: must be {minimum} or more, got {number}")
    if maximum is not None and number > maximum:
        raise SettingsError(f"{name}: must be {maximum} or less, got {number}")
    return number


def index_rule(name, default):
    """The rule 索引号 are made by (publications/catalogue.py): a Python format string of
    {code}, {year} and {serial}, e.g. `{code}/{year}-{serial:05d}`. Checked here by making a
    number with it, so a typo stops start-up instead of the first publication."""
    rule = os.environ.get(name, default).strip()
    if "{serial" not in rule:
        raise SettingsError(f"{name}: must contain {{serial}} (numbers would repeat), got {rule!r}")
    try:
        sample = rule.format(code="11440800007030519N", year=2026, serial=12)
    except (KeyError, IndexError, ValueError) as error:
        raise SettingsError(
            f"{name}: only {{code}}, {{year}} and {{serial}} may be used ({error}), got {rule!r}"
        ) from None
    if len(sample) > 60:
        raise SettingsError(f"{name}: makes numbers longer than 60 characters, got {rule!r}")
    return rule


def database(name, default):
    url = os.environ.get(name) or default
    try:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    except ValueError as error:
        raise SettingsError(f"{name}: cannot be parsed ({error})") from None
    engine = config.get("ENGINE", "")
    if not config.get("NAME"):
        raise SettingsError(f"{name}: the URL names no database")
    if not engine.endswith(("sqlite3", "postgresql")):
        raise SettingsError(f"{name}: only sqlite:// and postgres:// URLs are supported")
    if engine.endswith("sqlite3"):
        if config["NAME"] != ":memory:":
            Path(config["NAME"]).parent.mkdir(parents=True, exist_ok=True)
        # A web request and a pipeline may write at once: wait for the lock instead of failing.
        # Write-ahead logging: readers (the portal) never wait for a writer (the pipeline), and
        # a commit appends to one log instead of rewriting a journal (synchronous stays FULL:
        # an approval that was confirmed survives a power cut).
        config.setdefault("OPTIONS", {}).update(
            timeout=20, transaction_mode="IMMEDIATE", init_command="PRAGMA journal_mode=WAL;"
        )
        config["CONN_MAX_AGE"] = 0
    return config


def cache(name, default):
    """The cache every process shares, from a URL: redis://host:port/db (Redis),
    file:///an/absolute/directory (files), db:// (a table of the database)."""
    url = os.environ.get(name) or default
    if url.startswith(("redis://", "rediss://")):
        return {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    if url.startswith("file://"):
        path = url.removeprefix("file://")
        if not path.startswith("/"):
            raise SettingsError(f"{name}: a file:// URL needs an absolute path, got {url!r}")
        return {"BACKEND": "django.core.cache.backends.filebased.FileBasedCache", "LOCATION": path}
    if url in ("db://", "db:"):
        return {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "gongkai_cache",
        }
    raise SettingsError(
        f"{name}: only redis://, file:/// and db:// URLs are supported, got {url!r}"
    )


def mailer(debug):
    """Django's MAILERS entry: the console in development, SMTP (EMAIL_HOST...) otherwise."""
    if text("EMAIL_BACKEND") == "console" or (debug and not text("EMAIL_HOST")):
        return {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    return {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": text("EMAIL_HOST", "localhost"),
            "port": integer("EMAIL_PORT", 25),
            "username": text("EMAIL_USER", ""),
            "password": text("EMAIL_PASSWORD", ""),
            "use_tls": flag("EMAIL_USE_TLS", default=False),
        },
    }


def read_file(path=None):
    """Puts the NAME=value lines of `path` into the environment, each only where the
    environment has no value of its own: a real variable always wins, and without the file
    nothing changes. `make run` writes it, so that `python manage.py …` in a new shell finds
    the development settings that `make run` used (manage.py and web.pipelines read it; the
    WSGI entry point, which only production runs, never does)."""
    path = Path(path or development_file())
    if not path.is_file():
        return
    for line in path.read_text(encoding="utf-8").splitlines():
        name, equals, value = line.strip().partition("=")
        if equals and name and not name.startswith("#"):
            os.environ.setdefault(name.strip(), value.strip())


def write_development_file(path=None, host="127.0.0.1", port="8000"):
    """The development file for `make run` on host:port: DEBUG on, the checkout's own
    SECRET_KEY (kept from the file already there, or var/secret_key), the database, and the
    public address the QR codes and absolute links use. DATABASE_URL and PUBLIC_BASE_URL
    given to make win."""
    path = Path(path or development_file())
    kept = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8").splitlines():
            name, _equals, value = line.partition("=")
            kept[name.strip()] = value.strip()
    reachable = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    var = var_dir().resolve()
    values = {
        "DEBUG": "true",
        # the key development instances have kept in var/ so far: sessions survive
        "SECRET_KEY": kept.get("SECRET_KEY") or development_secret(var / "secret_key"),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or f"sqlite:///{var / 'gongkai.sqlite3'}",
        "PUBLIC_BASE_URL": os.environ.get("PUBLIC_BASE_URL") or f"http://{reachable}:{port}",
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Written by `make run` / `make setup` for the commands of this checkout (manage.py,",
        "# python -m web.pipelines); a variable set in the environment wins over its line.",
        *(f"{name}={value}" for name, value in values.items()),
    ]
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write("\n".join(lines) + "\n")
    return values


if __name__ == "__main__":  # make setup: python -m web.env HOST PORT
    import sys

    written = write_development_file(host=sys.argv[1], port=sys.argv[2])
    print(f"{development_file()}: PUBLIC_BASE_URL={written['PUBLIC_BASE_URL']}")
