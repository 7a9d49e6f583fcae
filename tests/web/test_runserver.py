"""`make run` ends in runserver with its autoreloader: start it as an operator would and
check that it serves the portal without a traceback."""

import socket
import subprocess
import sys
import time
import urllib.request

from django.conf import settings


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_development_server_starts_and_serves(tmp_path):
    port = free_port()
    env = {"PATH": "/usr/bin:/bin", "DEBUG": "true", "GONGKAI_VAR_DIR": str(tmp_path)}
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input"],
        cwd=settings.BASE_DIR,
        env=env,
        check=True,
        capture_output=True,
    )  # as make run does
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}"],
        cwd=settings.BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        for _ in range(60):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2) as page:
                    assert "政务公开" in page.read().decode()
                    break
            except OSError:
                assert server.poll() is None, server.stdout.read()
                time.sleep(0.5)
        else:
            raise AssertionError("runserver did not answer within 30 s")
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Traceback" not in output, output
