"""The load benchmark: every page kind at national scale, cached, uncached and through nginx,
next to the floor (the trivial view /robots.txt, and nginx serving a static file), in one run.

See bench/README.md. Everything listens on 127.0.0.1 only, and every load lasts a fixed time.
"""

import argparse
import datetime
import io
import json
import os
import re
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
RESULTS = ROOT / "bench" / "results.md"
DEFAULT_DATABASE = "postgres://postgres@127.0.0.1:5432/twosessions_bench"
DEFAULT_REDIS = "redis://127.0.0.1:6379/15"
TRIVIAL = "/robots.txt"

# Each kind on the national-scale (synthetic) content, or on the demo's own pages where the
# synthetic set has none (explainers, the glossary).
PAGES = {
    "home": "/en/",
    "year list": "/en/years/",
    "year": "/en/years/2025/",
    "session": "/en/sessions/2025/synthetic-01/",
    "meeting": "/en/sessions/2025/synthetic-01/congress/",
    "report": "/en/sessions/2025/synthetic-01/reports/work-report/",
    "report targets": "/en/sessions/2024/synthetic-01/reports/work-report/targets/",
    "report changes": "/en/sessions/2025/synthetic-01/reports/work-report/changes/",
    "division list": "/en/divisions/",
    "division": "/en/divisions/synthetic-01/",
    "division indicator": "/en/divisions/synthetic-01/indicators/synthetic-01/",
    "indicator list": "/en/indicators/",
    "indicator": "/en/indicators/synthetic-01/",
    "indicator year": "/en/indicators/synthetic-01/2025/",
    "person list": "/en/people/",
    "person": "/en/people/synthetic-person-0001/",
    "explainer list": "/en/guide/",
    "explainer": "/en/guide/what-are-the-two-sessions/",
    "glossary": "/zh-hans/glossary/",
    "search (English)": "/en/search/?q=synthetic+province+07",
    "search (Chinese)": "/zh-hans/search/?q=%E5%90%88%E6%88%90%E4%BA%BA%E4%B8%80%E4%BA%8C",
    "search (pinyin)": "/en/search/?q=hecheng+ren+0120",
    "data": "/en/data/",
}

# Every request a new address: the site's cache misses and renders (and stores) the page.
UNCACHED_LUA = """
counter = 0
request = function()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format("GET", wrk.path .. separator .. "uncached=" .. counter)
end
"""

NGINX_MAIN = """
worker_processes 1;
{user}
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log warn;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    # sendfile as in Debian's nginx.conf; not tcp_nopush, which on loopback (TCP_CORK meeting
    # delayed ACKs) holds pages of some sizes for 40 ms each.
    sendfile on;
    client_body_temp_path {tmp}/client_body;
    proxy_temp_path {tmp}/proxy;
    fastcgi_temp_path {tmp}/fastcgi;
    uwsgi_temp_path {tmp}/uwsgi;
    scgi_temp_path {tmp}/scgi;
    include {tmp}/site.conf;
}}
"""


def say(message):
    print(f"==> {message}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, timeout=1800):
    result = subprocess.run(
        [str(PYTHON), "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


def ensure_database(url):
    base, name = url.rsplit("/", 1)
    check = subprocess.run(
        ["psql", f"{base}/postgres", "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
    )
    if check.returncode != 0:
        sys.exit(f"PostgreSQL is not reachable at {base}: {check.stderr.strip()}")
    if check.stdout.strip() != "1":
        say(f"Creating the database {name}")
        subprocess.run(["psql", f"{base}/postgres", "-qc", f'CREATE DATABASE "{name}"'], check=True)


def redis_reachable(url):
    match = re.match(r"redis://([^:/]+):(\d+)", url)
    try:
        with socket.create_connection((match.group(1), int(match.group(2))), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def flush_redis(url):
    match = re.match(r"redis://([^:/]+):(\d+)/(\d+)", url)
    with socket.create_connection((match.group(1), int(match.group(2))), timeout=2) as sock:
        sock.sendall(f"SELECT {match.group(3)}\r\nFLUSHDB\r\n".encode())
        time.sleep(0.2)
        sock.recv(64)


def wait_for(url, process, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"{process.args[0]} exited with {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            time.sleep(0.2)
    sys.exit(f"{url} did not answer within {seconds} s")


def children(pid):
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in path.read_text().split()] if path.exists() else []


def worker_processes(pid):
    """The worker processes under a master: gunicorn's workers, nginx's (not its cache loader
    and manager, which come and go)."""
    found = []
    for child in children(pid):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except FileNotFoundError:
            continue
        if b"nginx" not in command or b"worker process" in command:
            found.append(child)
    return found


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except FileNotFoundError:
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime in clock ticks
    return total / os.sysconf("SC_CLK_TCK")


def rss_mb(pid):
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def parse_duration(text):
    number, unit = re.match(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(number) * {"us": 0.001, "ms": 1, "s": 1000, "m": 60000}[unit]


def wrk(url, seconds, connections, script=None, workers=()):
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "--timeout", "10s"]
    if script:
        command += ["-s", script]
    before = cpu_seconds(workers) if workers else 0
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, timeout=seconds + 30
    ).stdout
    cpu = cpu_seconds(workers) - before if workers else 0
    requests = int(re.search(r"(\d+) requests in", output).group(1))
    errors = 0
    if match := re.search(r"Non-2xx or 3xx responses: (\d+)", output):
        errors += int(match.group(1))
    if match := re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    ):
        errors += sum(int(group) for group in match.groups())
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", output, flags=re.MULTILINE))
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": parse_duration(latency["50"]),
        "p99": parse_duration(latency["99"]),
        "cpu_ms": 1000 * cpu / requests if requests and workers else None,
        "requests": requests,
        "errors": errors,
    }


def count_queries(env):
    """SQL queries per page kind, uncached and cached, counted inside one Django process."""
    script = ROOT / "bench" / "queries.py"
    output = subprocess.run(
        [str(PYTHON), str(script), json.dumps(PAGES)],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if output.returncode != 0:
        sys.exit(f"counting queries failed:\n{output.stderr}")
    return json.loads(output.stdout)


def nginx_site(tmp, port, upstream, var):
    text = (ROOT / "deploy" / "nginx" / "twosessions.conf").read_text()
    for old, new in {
        "server 127.0.0.1:8000;": f"server {upstream};",
        "/srv/twosessions/var/static/": f"{var}/static/",
        "/srv/twosessions/var/media/": f"{var}/media/",
        "/var/cache/nginx/twosessions": f"{tmp}/micro-cache",
        "listen 80;": f"listen 127.0.0.1:{port};",
    }.items():
        text = text.replace(old, new)
    (tmp / "site.conf").write_text(text)
    user = "user root;" if os.geteuid() == 0 else ""
    (tmp / "nginx.conf").write_text(NGINX_MAIN.format(user=user, tmp=tmp))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=3, help="length of each load (3)")
    parser.add_argument("--connections", type=int, default=4, help="wrk connections (4)")
    parser.add_argument("--scale", type=float, default=1.0, help="seed_bench --scale (1)")
    parser.add_argument("--only", nargs="*", help="page kinds to measure (default: all)")
    parser.add_argument(
        "--redis",
        action="store_true",
        help="cache in Redis (REDIS_URL, else db 15 on 127.0.0.1) instead of local memory",
    )
    options = parser.parse_args()
    for tool in ("wrk", "psql"):
        if not shutil.which(tool):
            sys.exit(f"{tool} is missing: bench/run installs it with apt")
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    pages = {k: v for k, v in PAGES.items() if not options.only or k in options.only}

    database = os.environ.get("DATABASE_URL", DEFAULT_DATABASE)
    redis = os.environ.get("REDIS_URL", DEFAULT_REDIS)
    ensure_database(database)
    var = ROOT / "var" / "bench"
    var.mkdir(parents=True, exist_ok=True)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TWOSESSIONS_"))},
        "DJANGO_SETTINGS_MODULE": "twosessions.settings",
        "DJANGO_DEBUG": "0",
        "DJANGO_HTTPS": "0",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(48),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database,
        "TWOSESSIONS_VAR_DIR": str(var),
    }
    env.pop("REDIS_URL", None)
    cache = "local memory, the content generation in a file (no REDIS_URL)"
    if options.redis:
        if not redis_reachable(redis):
            sys.exit(f"Redis is not reachable at {redis}")
        env["REDIS_URL"] = redis
        flush_redis(redis)
        cache = f"Redis ({redis})"

    say("Migrating, loading the demo and seeding the national-scale set (once)")
    manage(env, "migrate", "--no-input", "--verbosity", "0")
    manage(env, "load_demo", "--verbosity", "0")
    manage(env, "seed_bench", "--scale", str(options.scale), "--verbosity", "0")
    manage(env, "collectstatic", "--no-input", "--verbosity", "0")
    sizes = json.loads(manage(env, "shell", "-c", SIZES).splitlines()[-1])

    say("Counting queries")
    queries = count_queries(env)

    port = free_port()
    origin = f"http://127.0.0.1:{port}"
    tmp = Path(tempfile.mkdtemp(prefix="twosessions-bench-"))
    log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115
    app = subprocess.Popen(
        [
            str(GUNICORN),
            "twosessions.wsgi:application",
            "--no-control-socket",
            "--workers",
            "2",
            "--worker-class",
            "sync",
            "--bind",
            f"127.0.0.1:{port}",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    nginx_port = free_port()
    nginx_site(tmp, nginx_port, f"127.0.0.1:{port}", var)
    server = subprocess.Popen(
        [nginx, "-p", str(tmp), "-c", str(tmp / "nginx.conf"), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.STDOUT,
    )
    through_nginx = f"http://127.0.0.1:{nginx_port}"
    lua = tmp / "uncached.lua"
    lua.write_text(UNCACHED_LUA)
    try:
        wait_for(f"{origin}/healthz", app)
        wait_for(f"{through_nginx}/healthz", server)
        workers = worker_processes(app.pid)
        nginx_workers = worker_processes(server.pid)
        static = re.search(
            r'href="(/static/guide/site\.[0-9a-f]{12}\.css)"',
            urllib.request.urlopen(f"{origin}/en/", timeout=10).read().decode(),
        ).group(1)
        for path in [TRIVIAL, *pages.values()]:
            for through in (origin, through_nginx):
                urllib.request.urlopen(through + path, timeout=60).read()
        seconds, connections = options.seconds, options.connections
        # The floor is measured again next to each page kind, and each ratio is taken against
        # the floor measured beside it: the machine's load drifts during a run.
        rows, floors, statics = [], [], []
        for kind, path in pages.items():
            say(kind)
            floor = wrk(origin + TRIVIAL, seconds, connections, workers=workers)
            cached = wrk(origin + path, seconds, connections, workers=workers)
            uncached = wrk(origin + path, seconds, connections, str(lua), workers)
            urllib.request.urlopen(through_nginx + path, timeout=60).read()
            static_floor = wrk(through_nginx + static, seconds, connections, workers=nginx_workers)
            proxied = wrk(through_nginx + path, seconds, connections, workers=nginx_workers)
            floors.append(floor)
            statics.append(static_floor)
            rows.append(
                {
                    "kind": kind,
                    "path": path,
                    "cached": cached,
                    "uncached": uncached,
                    "nginx": proxied,
                    "floor": floor,
                    "static": static_floor,
                    "queries": queries[path],
                }
            )
        trivial, static_file = median_run(floors), median_run(statics)
        memory = [rss_mb(pid) for pid in children(app.pid)]
    finally:
        for process in (server, app):
            process.terminate()
        for process in (server, app):
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
    report = write_results(options, cache, sizes, trivial, static_file, rows, memory, queries)
    print(report)
    shutil.rmtree(tmp, ignore_errors=True)
    failed = check_targets(trivial, static_file, rows, memory)
    if failed:
        print("\nTargets missed:\n" + "\n".join(f"- {line}" for line in failed))
    sys.exit(1 if failed else 0)


SIZES = """
import json
from guide.models import Division, Figure, Meeting, Person, Report, Session, Task
print(json.dumps({str(model._meta.verbose_name_plural): model.objects.count() for model in
    (Division, Session, Meeting, Report, Figure, Task, Person)}))
"""

TARGETS = {
    "cached": 0.8,  # at least this share of the trivial view's requests/s
    "uncached": 25,  # at most this many times the trivial view's CPU per request
    "nginx": 0.5,  # at least this share of nginx serving a static file
    "rss": 150,  # MB per worker
}


def median_run(runs):
    """Each measure's median over the runs; errors added up."""
    merged = {}
    for name in ("rps", "p50", "p99", "cpu_ms"):
        values = [run[name] for run in runs if run[name] is not None]
        merged[name] = statistics.median(values) if values else None
    merged["errors"] = sum(run["errors"] for run in runs)
    merged["requests"] = sum(run["requests"] for run in runs)
    return merged


def ratios(row, trivial, static_file):
    """Against the floor measured beside the row (the run-wide medians are for the table)."""
    floor, static = row.get("floor", trivial), row.get("static", static_file)
    return {
        "cached": row["cached"]["rps"] / floor["rps"],
        "uncached": (row["uncached"]["cpu_ms"] or 0) / (floor["cpu_ms"] or 1e-9),
        "nginx": row["nginx"]["rps"] / static["rps"],
    }


def check_targets(trivial, static_file, rows, memory):
    failed = []
    for row in rows:
        ratio = ratios(row, trivial, static_file)
        if ratio["cached"] < TARGETS["cached"]:
            failed.append(f"{row['kind']}: cached {ratio['cached']:.2f}× the trivial view's req/s")
        if ratio["uncached"] > TARGETS["uncached"]:
            failed.append(f"{row['kind']}: uncached {ratio['uncached']:.1f}× its CPU")
        if ratio["nginx"] < TARGETS["nginx"]:
            failed.append(f"{row['kind']}: nginx {ratio['nginx']:.2f}× a static file's req/s")
        for mode in ("cached", "uncached", "nginx"):
            if row[mode]["errors"]:
                failed.append(f"{row['kind']}: {row[mode]['errors']} errors ({mode})")
    for run in (trivial, static_file):
        if run["errors"]:
            failed.append(f"{run['errors']} errors on the floor")
    for mb in memory:
        if mb > TARGETS["rss"]:
            failed.append(f"a worker holds {mb:.0f} MB")
    return failed


def write_results(options, cache, sizes, trivial, static_file, rows, memory, queries):
    out = io.StringIO()
    load = os.getloadavg()
    now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    out.write(
        f"# Benchmark results\n\n`bench/run` on {now}: {os.cpu_count()} cores, load "
        f"average {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f} at the end. gunicorn with "
        f"2 sync workers, production settings (debug off), PostgreSQL, cache: {cache}. "
        f"wrk: 1 thread, {options.connections} connections, {options.seconds} s per "
        "measurement, on 127.0.0.1.\n\n"
    )
    out.write(
        "Content: "
        + ", ".join(f"{n:,} {name}" for name, n in sizes.items())
        + f" (demo content plus `seed_bench --scale {options.scale:g}`).\n\n"
    )
    out.write(
        "## The floor\n\nMedians of the floor measured beside each page kind; each ratio "
        "below is taken against the floor measured beside it.\n\n"
        "| | req/s | p50 ms | p99 ms | CPU ms/req | errors |\n"
        "| --- | ---: | ---: | ---: | ---: | ---: |\n"
    )
    out.write(
        f"| trivial view `{TRIVIAL}` | {trivial['rps']:.0f} | {trivial['p50']:.2f} | "
        f"{trivial['p99']:.2f} | {trivial['cpu_ms']:.2f} | {trivial['errors']} |\n"
    )
    out.write(
        f"| nginx, a static file | {static_file['rps']:.0f} | {static_file['p50']:.2f} | "
        f"{static_file['p99']:.2f} | {static_file['cpu_ms']:.3f} | {static_file['errors']} |\n\n"
    )
    for mode, title, note in (
        (
            "cached",
            "Cached (the site's page cache)",
            f"ratio: req/s ÷ the trivial view's (target ≥ {TARGETS['cached']})",
        ),
        (
            "uncached",
            "Uncached (every request a new address: rendered and stored)",
            f"ratio: CPU ms/req ÷ the trivial view's (target ≤ {TARGETS['uncached']})",
        ),
        (
            "nginx",
            "Through nginx with the micro-cache",
            f"ratio: req/s ÷ nginx serving a static file (target ≥ {TARGETS['nginx']}); "
            "CPU: the nginx worker's",
        ),
    ):
        out.write(
            f"## {title}\n\n{note}. SQL: queries per request, counted in-process.\n\n"
            "| page kind | req/s | p50 ms | p99 ms | CPU ms/req | SQL | ratio | errors |\n"
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n"
        )
        for row in rows:
            run = row[mode]
            ratio = ratios(row, trivial, static_file)[mode]
            digits = 3 if mode == "nginx" else 2
            cpu = f"{run['cpu_ms']:.{digits}f}" if run["cpu_ms"] is not None else "–"
            sql = row["queries"]["uncached" if mode == "uncached" else "cached"]
            out.write(
                f"| {row['kind']} | {run['rps']:.0f} | {run['p50']:.2f} | {run['p99']:.2f} "
                f"| {cpu} | {sql} | {ratio:.2f} | {run['errors']} |\n"
            )
        out.write("\n")
    out.write(
        "## Memory\n\nWorker RSS after the run: "
        + ", ".join(f"{mb:.0f} MB" for mb in memory)
        + f" (target < {TARGETS['rss']} MB).\n\n"
    )
    if "search" in queries:
        out.write("## Search at scale\n\n" + queries["search"] + "\n")
    text = out.getvalue()
    RESULTS.write_text(text)
    return text


if __name__ == "__main__":
    main()
