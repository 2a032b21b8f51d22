"""The site as a search engine finds it: every page reached from the home pages by following links,
every link resolving, every page valid HTML."""

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import quote, urldefrag, urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders
from django.test import Client, override_settings

# Marked so that pytest-django sets up the test database the module's crawl reads.
pytestmark = pytest.mark.django_db

LINK = re.compile(r'(?:href|src)="([^"]+)"')
SKIPPED_PREFIXES = ("/admin/", "/media/")
START = ["/en/", "/zh-hans/", "/sitemap.xml", "/robots.txt"]
# Pages no link leads to but a reader can still reach: error pages and odd searches.
UNLINKED = [
    "/en/no-such-page/",
    "/zh-hans/sessions/1999/nowhere/",
    "/en/search/?q=",
    "/en/search/?q=" + quote("<script>"),
    "/zh-hans/search/?q=" + quote("不存在的词"),
    "/en/search/?q=" + "x" * 300,
]


def internal_links(html):
    for link in LINK.findall(html):
        link = link.replace("&amp;", "&")
        parts = urlsplit(link)
        if parts.scheme or parts.netloc or not link.startswith("/"):
            continue
        yield urldefrag(link).url


@pytest.fixture(scope="module")
def crawl(django_db_setup, django_db_blocker):
    """Follows every internal link from the start pages; returns the HTML of each page reached
    (by URL), the links that did not resolve and every URL visited."""
    client = Client()
    seen, queue, broken, pages = set(), list(START), [], {}
    # The autouse settings fixture is per test; this crawl runs once for the module.
    storages = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with django_db_blocker.unblock(), override_settings(STORAGES=storages):
        while queue:
            url = queue.pop()
            if url in seen or url.startswith(SKIPPED_PREFIXES):
                continue
            seen.add(url)
            if url.startswith("/static/"):
                if not finders.find(url.removeprefix("/static/")):
                    broken.append((url, 404))
                continue
            response = client.get(url, follow=True)
            if response.status_code != 200:
                broken.append((url, response.status_code))
                continue
            if "html" not in response.get("Content-Type", ""):
                continue
            pages[url] = response.content.decode()
            queue.extend(link for link in internal_links(pages[url]) if link not in seen)
        unlinked = {url: client.get(url) for url in UNLINKED}
    return {"pages": pages, "broken": broken, "seen": seen, "unlinked": unlinked}


def test_every_link_resolves(crawl):
    assert crawl["broken"] == []
    # Both languages and every page kind were reached.
    assert len(crawl["pages"]) > 500
    for prefix in ("/en/sessions/", "/zh-hans/sessions/", "/en/indicators/", "/en/people/"):
        assert any(url.startswith(prefix) for url in crawl["seen"]), prefix


def test_in_page_links_point_at_existing_anchors(crawl):
    for url, html in crawl["pages"].items():
        ids = set(re.findall(r'\bid="([^"]+)"', html))
        fragments = set(re.findall(r'href="#([^"]+)"', html))
        assert fragments <= ids, (url, fragments - ids)


# The Nu HTML Checker, the W3C's validator: bin/dev test installs the version pinned in
# tests/vnu/package-lock.json (the npm package is the checker project's own release).
NU_HTML_CHECKER = Path(__file__).parent / "vnu/node_modules/vnu-jar/build/dist/vnu.jar"


def test_every_page_is_valid_html(crawl, tmp_path):
    """The Nu HTML Checker (the W3C's validator) finds no error and no warning on any page reached,
    nor on the error and odd-search pages, nor in the stylesheets and the SVG icon."""
    assert NU_HTML_CHECKER.exists(), "run bin/dev test, which installs the Nu HTML Checker"
    files = {}  # file → the page's URL
    pages = {url: response.content.decode() for url, response in crawl["unlinked"].items()}
    pages.update(crawl["pages"])
    for number, (url, html) in enumerate(sorted(pages.items())):
        path = tmp_path / f"{number:04}.html"
        path.write_text(html)
        files[path] = url
    for name in ("guide/site.css", "guide/print.css", "guide/favicon.svg"):
        path = Path(finders.find(name))
        files[path] = f"/static/{name}"
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", NU_HTML_CHECKER, "--format", "json"]
        + ["--also-check-css", "--also-check-svg"]
        + [str(path) for path in files],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.stderr.startswith("{"), result.stderr
    messages = json.loads(result.stderr)["messages"]
    urls = {f"file:{path}": url for path, url in files.items()}
    problems = [
        f"{urls.get(m.get('url'), m.get('url'))}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m["type"] in {"error", "non-document-error"} or m.get("subType") == "warning"
    ]
    assert problems == []
    assert len(files) > 500
