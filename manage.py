#!/usr/bin/env python
import os
import sys


def main():
    from web.env import SettingsError, read_file

    read_file()  # what `make run` left for this checkout (var/dev.env), if anything
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "web.settings")
    from django.core.management import execute_from_command_line
    from django.db.utils import OperationalError

    try:
        execute_from_command_line(sys.argv)
    except SettingsError as error:
        sys.exit(f"配置错误 / configuration error: {error}")
    except OperationalError as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        sys.exit(f"数据库错误 / database error (check DATABASE_URL): {reason}")


if __name__ == "__main__":
    main()
