"""The settings as a deployment sees them: each case is a fresh process with its own environment.

The last test serves the site as production does (gunicorn, debug off, collected static files served
by whitenoise) and fetches pages over HTTP.
"""

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT = 30

PROBE = """
import json
from django.conf import settings
names = [
    "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "DATABASES", "CACHES", "STATIC_ROOT",
]
print(json.dumps({name: getattr(settings, name, None) for name in names}, default=str))
"""


def clean_environment(**overrides):
    """The test process's environment without any of the site's configuration, then ``overrides``.

    An override of None leaves the variable unset.
    """
    configuration = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "TWOSESSIONS_")
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith(configuration) or name == "DJANGO_SETTINGS_MODULE"
    }
    env["DJANGO_SETTINGS_MODULE"] = "twosessions.settings"
    env.update({name: value for name, value in overrides.items() if value is not None})
    return env


def run(args, env, timeout=TIMEOUT):
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def settings_with(tmp_path, **overrides):
    overrides.setdefault("TWOSESSIONS_VAR_DIR", str(tmp_path / "var"))
    result = run(["-c", PROBE], clean_environment(**overrides))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_without_a_secret_key_the_site_refuses_to_start(tmp_path):
    env = clean_environment(TWOSESSIONS_VAR_DIR=str(tmp_path / "var"))
    result = run(["manage.py", "check"], env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr
    assert "ImproperlyConfigured" in result.stderr


def test_with_a_secret_key_the_checks_pass_and_debug_is_off(tmp_path):
    env = clean_environment(
        DJANGO_SECRET_KEY="a-secret-key-for-this-test",
        TWOSESSIONS_VAR_DIR=str(tmp_path / "var"),
    )
    result = run(["manage.py", "check"], env)
    assert result.returncode == 0, result.stderr
    assert settings_with(tmp_path, DJANGO_SECRET_KEY="a-secret-key-for-this-test")["DEBUG"] is False


def test_debug_runs_without_a_secret_key(tmp_path):
    settings = settings_with(tmp_path, DJANGO_DEBUG="1")
    assert settings["DEBUG"] is True
    assert settings["SECRET_KEY"]


def test_https_is_on_by_default(tmp_path):
    settings = settings_with(tmp_path, DJANGO_SECRET_KEY="key")
    assert settings["SECURE_SSL_REDIRECT"] is True
    assert settings["SESSION_COOKIE_SECURE"] is True
    assert settings["CSRF_COOKIE_SECURE"] is True
    assert settings["SECURE_HSTS_SECONDS"] > 0


def test_https_can_be_turned_off_for_plain_http_on_loopback(tmp_path):
    settings = settings_with(tmp_path, DJANGO_SECRET_KEY="key", DJANGO_HTTPS="0")
    assert not settings["SECURE_SSL_REDIRECT"]
    assert not settings["SESSION_COOKIE_SECURE"]
    assert not settings["CSRF_COOKIE_SECURE"]
    assert not settings["SECURE_HSTS_SECONDS"]


def test_database_url_selects_postgresql(tmp_path):
    settings = settings_with(
        tmp_path, DJANGO_SECRET_KEY="key", DATABASE_URL="postgres://u@h:5432/db"
    )
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["NAME"], database["USER"], database["HOST"]) == ("db", "u", "h")
    assert int(database["PORT"]) == 5432


def test_default_database_is_sqlite_under_var(tmp_path):
    settings = settings_with(tmp_path, DJANGO_SECRET_KEY="key", TWOSESSIONS_VAR_DIR=None)
    database = settings["DATABASES"]["default"]
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert Path(database["NAME"]) == ROOT / "var" / "twosessions.sqlite3"
    assert Path(settings["STATIC_ROOT"]) == ROOT / "var" / "static"


def test_var_dir_moves_the_database_and_static_files(tmp_path):
    settings = settings_with(tmp_path, DJANGO_SECRET_KEY="key")
    assert (
        Path(settings["DATABASES"]["default"]["NAME"]) == tmp_path / "var" / "twosessions.sqlite3"
    )
    assert Path(settings["STATIC_ROOT"]) == tmp_path / "var" / "static"


def test_redis_url_selects_the_redis_cache(tmp_path):
    settings = settings_with(tmp_path, DJANGO_SECRET_KEY="key", REDIS_URL="redis://h:6379/1")
    cache = settings["CACHES"]["default"]
    assert cache["BACKEND"] == "guide.caching.RedisCache"
    assert cache["LOCATION"] == "redis://h:6379/1"


def test_without_redis_the_cache_is_local_memory(tmp_path):
    cache = settings_with(tmp_path, DJANGO_SECRET_KEY="key")["CACHES"]["default"]
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


def test_allowed_hosts_are_split_on_commas(tmp_path):
    settings = settings_with(
        tmp_path, DJANGO_SECRET_KEY="key", DJANGO_ALLOWED_HOSTS="example.org, www.example.org,"
    )
    assert settings["ALLOWED_HOSTS"] == ["example.org", "www.example.org"]


def test_without_debug_no_host_is_allowed_by_default(tmp_path):
    assert settings_with(tmp_path, DJANGO_SECRET_KEY="key")["ALLOWED_HOSTS"] == []


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def wait_until_serving(process, url, log):
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"gunicorn did not answer within {TIMEOUT} s:\n{log.read_text()}")


def test_gunicorn_serves_the_site_with_debug_off(tmp_path):
    """Starts a gunicorn server on a free loopback port, as in production but over plain HTTP."""
    env = clean_environment(
        DJANGO_SECRET_KEY="a-secret-key-for-this-test",
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        TWOSESSIONS_VAR_DIR=str(tmp_path / "var"),
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
    )
    for command in (["migrate", "--no-input"], ["load_demo"], ["collectstatic", "--no-input"]):
        result = run(["manage.py", *command, "--verbosity", "0"], env, timeout=120)
        assert result.returncode == 0, f"{command}: {result.stderr}"

    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    log = tmp_path / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("w") as output:
        process = subprocess.Popen(
            [
                str(gunicorn),
                "twosessions.wsgi:application",
                "--no-control-socket",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        wait_until_serving(process, f"{origin}/healthz", log)

        status, headers, body = fetch(f"{origin}/en/")
        assert status == 200, log.read_text()
        page = body.decode()
        assert '<html lang="en">' in page
        assert headers["X-Frame-Options"] == "DENY"
        assert headers["X-Content-Type-Options"] == "nosniff"

        stylesheets = re.findall(r'<link rel="stylesheet" href="([^"]+)"', page)
        site_css = [href for href in stylesheets if re.search(r"/site\.[0-9a-f]{12}\.css$", href)]
        assert site_css, f"no hashed site stylesheet among {stylesheets}"
        assert site_css[0].startswith("/static/")
        status, headers, body = fetch(origin + site_css[0], {"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert "immutable" in headers["Cache-Control"], "whitenoise caches hashed files forever"
        assert headers["Content-Encoding"] == "gzip"

        status, headers, body = fetch(f"{origin}/robots.txt")
        assert status == 200
        assert headers["Content-Type"].startswith("text/plain")
        assert "Disallow: /admin/" in body.decode().splitlines()

        status, _headers, _body = fetch(f"{origin}/en/people/nobody/")
        assert status == 404
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)
