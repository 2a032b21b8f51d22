"""Part of bench/run: SQL queries per page (uncached and cached), and how PostgreSQL runs the
search queries, counted in one Django process against the benchmark's database.

Prints one JSON object: {path: {"uncached": n, "cached": n}, "search": "markdown"}.
"""

import io
import json
import re
import sys

import django

django.setup()

from django.core.handlers.wsgi import WSGIHandler  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import override_settings  # noqa: E402

executed = []
SCAN = r"(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)(?: using \S+)? on (\w+)"


def record(execute, sql, params, many, context):
    executed.append((sql, params))
    return execute(sql, params, many, context)


def call(app, url):
    path, _, query = url.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "80",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.input": io.BytesIO(),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
    }
    status = []
    executed.clear()
    with connection.execute_wrapper(record):
        b"".join(app(environ, lambda line, headers, *args: status.append(line)))
    assert status[0].startswith("200"), (url, status)
    return list(executed)


def explain(queries):
    """Each query's plan in one line: how it reads each table, and how long it took."""
    lines = []
    with connection.cursor() as cursor:
        for sql, params in queries:
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            scans = [f"{kind} on {table}" for kind, table in re.findall(SCAN, plan)]
            scans += [f"index {name}" for name in re.findall(r"Bitmap Index Scan on (\w+)", plan)]
            took = re.search(r"Execution Time: ([\d.]+) ms", plan).group(1)
            lines.append(f"{took} ms: " + (", ".join(scans) or "no table read"))
    return lines


def main():
    pages = json.loads(sys.argv[1])
    app = WSGIHandler()
    found = {}
    for path in pages.values():
        with override_settings(PAGE_CACHE={"PREFIXES": ["/not-cached/"]}):
            call(app, path)
            uncached = len(call(app, path))
        call(app, path)
        cached = len(call(app, path))
        found[path] = {"uncached": uncached, "cached": cached}
    if connection.vendor == "postgresql":
        out = ["Query plans of the search pages (PostgreSQL `EXPLAIN`):", ""]
        for kind, path in pages.items():
            if not kind.startswith("search"):
                continue
            with override_settings(PAGE_CACHE={"PREFIXES": ["/not-cached/"]}):
                queries = call(app, path)
            out.append(f"- {kind} `{path}`:")
            out += [f"  - {line}" for line in explain(queries)]
        found["search"] = "\n".join(out)
    print(json.dumps(found))


if __name__ == "__main__":
    main()
