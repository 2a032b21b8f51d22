"""deploy/nginx/twosessions.conf on loopback, in front of gunicorn with two workers, as deployed:
static files from nginx, pages through its micro-cache, staff and cookies never cached.
"""

import os
import re
import shutil
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from .test_settings import ROOT, clean_environment, fetch, free_port, run, wait_until_serving

CONFIG = ROOT / "deploy" / "nginx" / "twosessions.conf"
MICRO_CACHE_SECONDS = 5

MAIN_CONFIG = """
worker_processes 1;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {site};
}}
"""

SHELL_SETUP = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.models import User
from django.contrib.sessions.backends.db import SessionStore
from guide.models import Meeting, Report, Status
user = User.objects.create_superuser("ed", "ed@example.org", "a-long-password-for-ed")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
meeting = Meeting.objects.get(
    session__year=2020, session__division__slug="chongqing", body__kind="cppcc"
)
draft = Report.objects.create(
    meeting=meeting, kind=Report.Kind.BUDGET_REPORT, title_en="A draft", status=Status.DRAFT
)
print(session.session_key, draft.get_absolute_url())
"""

SHELL_CHANGE = """
from guide.models import Session
session = Session.objects.get(year=2020, division__slug="chongqing")
session.summary_en = "Changed while nginx was serving the page."
session.save()
"""


def site_config(tmp_path, port, upstream, static_root, media_root):
    text = CONFIG.read_text()
    replacements = {
        "server 127.0.0.1:8000;": f"server {upstream};",
        "/srv/twosessions/var/static/": f"{static_root}/",
        "/srv/twosessions/var/media/": f"{media_root}/",
        "/var/cache/nginx/twosessions": str(tmp_path / "micro-cache"),
        "listen 80;": f"listen 127.0.0.1:{port};",
    }
    for old, new in replacements.items():
        assert old in text, f"{old} is no longer in {CONFIG.name}: update this test"
        text = text.replace(old, new)
    return text


@pytest.fixture
def deployment(tmp_path):
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    assert Path(nginx).exists(), "nginx is missing: bin/dev test installs Debian's nginx-light"
    var = tmp_path / "var"
    env = clean_environment(
        DJANGO_SECRET_KEY="a-secret-key-for-this-test",
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        TWOSESSIONS_VAR_DIR=str(var),
        DATABASE_URL=f"sqlite:///{tmp_path / 'site.sqlite3'}",
    )
    for command in (["migrate", "--no-input"], ["load_demo"], ["collectstatic", "--no-input"]):
        result = run(["manage.py", *command, "--verbosity", "0"], env, timeout=120)
        assert result.returncode == 0, f"{command}: {result.stderr}"
    result = run(["manage.py", "shell", "-c", SHELL_SETUP], env)
    assert result.returncode == 0, result.stderr
    session_key, draft_url = result.stdout.splitlines()[-1].split()

    app_port, port = free_port(), free_port()
    log = tmp_path / "gunicorn.log"
    gunicorn = Path(sys.executable).with_name("gunicorn")
    with log.open("w") as output:
        app = subprocess.Popen(
            [
                str(gunicorn),
                "twosessions.wsgi:application",
                "--no-control-socket",
                "--bind",
                f"127.0.0.1:{app_port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    (tmp_path / "site.conf").write_text(
        site_config(tmp_path, port, f"127.0.0.1:{app_port}", var / "static", var / "media")
    )
    user = "user root;" if os.geteuid() == 0 else ""
    main = tmp_path / "nginx.conf"
    main.write_text(MAIN_CONFIG.format(user=user, tmp=tmp_path, site=tmp_path / "site.conf"))
    checked = subprocess.run(
        [nginx, "-t", "-p", str(tmp_path), "-c", str(main)], capture_output=True, text=True
    )
    assert checked.returncode == 0, checked.stderr
    server = subprocess.Popen(
        [nginx, "-p", str(tmp_path), "-c", str(main), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    origin = f"http://127.0.0.1:{port}"
    try:
        wait_until_serving(app, f"http://127.0.0.1:{app_port}/healthz", log)
        wait_until_serving(server, f"{origin}/healthz", tmp_path / "nginx-error.log")
        yield {
            "origin": origin,
            "env": env,
            "session_key": session_key,
            "draft_url": draft_url,
        }
    finally:
        for process in (server, app):
            process.terminate()
        for process in (server, app):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)


def test_nginx_serves_static_files_and_micro_caches_visitors_pages(deployment):
    origin = deployment["origin"]
    page = f"{origin}/en/sessions/2020/chongqing/"

    status, headers, body = fetch(page)
    assert status == 200
    assert headers["X-Cache-Status"] in {"MISS", "EXPIRED"}
    assert "public" in headers["Cache-Control"]
    status, headers, again = fetch(page)
    assert headers["X-Cache-Status"] == "HIT"
    assert again == body
    # Conditional requests are answered by nginx too.
    status, _headers, _body = fetch(page, {"If-None-Match": headers["ETag"]})
    assert status == 304

    # Static files: from nginx, hashed, compressed, kept for a year.
    css = re.search(r'href="(/static/guide/site\.[0-9a-f]{12}\.css)"', body.decode()).group(1)
    status, headers, _body = fetch(origin + css, {"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=31536000" in headers["Cache-Control"]
    assert "X-Cache-Status" not in headers, "a static file never reaches gunicorn"

    # Readers whose browsers take gzip get their own stored copy.
    status, headers, _body = fetch(page, {"Accept-Encoding": "gzip"})
    assert headers.get("Content-Encoding") == "gzip"
    status, headers, _body = fetch(page, {"Accept-Encoding": "gzip"})
    assert headers["X-Cache-Status"] == "HIT"

    # When the stored copy expires, one request fetches the page afresh while the readers who
    # come meanwhile get the stored copy: gunicorn sees one request, not one per reader.
    time.sleep(MICRO_CACHE_SECONDS + 1)
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: fetch(page), range(8)))
    statuses = [headers["X-Cache-Status"] for _status, headers, _body in answers]
    assert all(status == 200 for status, _headers, _body in answers)
    # One fetch: the page again, or gunicorn's 304 that it has not changed (REVALIDATED).
    assert statuses.count("EXPIRED") + statuses.count("REVALIDATED") == 1, statuses
    assert set(statuses) <= {"EXPIRED", "REVALIDATED", "UPDATING", "HIT"}, statuses

    # An editor's change is on the page within the micro-cache's few seconds.
    result = run(["manage.py", "shell", "-c", SHELL_CHANGE], deployment["env"])
    assert result.returncode == 0, result.stderr
    deadline = time.monotonic() + MICRO_CACHE_SECONDS * 2 + 2
    while b"Changed while nginx was serving" not in fetch(page)[2]:
        assert time.monotonic() < deadline, "the change did not reach the readers"
        time.sleep(0.5)


def test_staff_and_cookie_setting_responses_are_never_micro_cached(deployment):
    origin = deployment["origin"]
    staff = {"Cookie": f"sessionid={deployment['session_key']}"}
    draft = origin + deployment["draft_url"]
    for _ in range(2):
        status, headers, body = fetch(draft, staff)
        assert status == 200
        assert b"Draft preview" in body
        assert headers["X-Cache-Status"] == "BYPASS"
        assert "no-store" in headers["Cache-Control"]
    status, _headers, _body = fetch(draft)
    assert status == 404, "a visitor never gets the editor's preview"

    page = f"{origin}/en/glossary/"
    fetch(page)
    status, headers, body = fetch(page, staff)
    assert headers["X-Cache-Status"] == "BYPASS"
    assert "private" in headers["Cache-Control"]

    login = f"{origin}/admin/login/"
    for _ in range(2):
        status, headers, _body = fetch(login)
        assert status == 200
        assert "csrftoken" in headers.get("Set-Cookie", "")
        assert headers["X-Cache-Status"] != "HIT"
